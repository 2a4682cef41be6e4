import { RegistryError } from '../../src/core/errors.js';
import { parsePackageName } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import { packFolder } from '../pack-folder.js';
import { uploadTarball } from '../upload.js';
import { clientFor, stringFlag } from './_shared.js';

export default defineCommand({
  name: 'publish',
  summary: 'Validate, pack and publish the package to its registry',
  usage:
    'patternhub publish [DIR] [--tag TAG] [--access public|private] [--dry-run] [--override-bump "reason"]',
  options: {
    tag: {
      type: 'string',
      value: 'TAG',
      description: 'Dist-tag for this version (default latest, which only moves to a higher release)',
    },
    access: {
      type: 'string',
      value: 'public|private',
      description: 'Visibility on the first publish (default public, or access: in the manifest)',
    },
    'dry-run': {
      type: 'boolean',
      description: 'Have the registry run every check of a real publish, and store nothing',
    },
    'override-bump': {
      type: 'string',
      value: 'REASON',
      description: 'Publish although the version bump is smaller than the changes need; recorded with REASON',
    },
  },
  examples: [
    'patternhub publish',
    'patternhub publish linux --dry-run',
    'patternhub publish --tag beta',
    'patternhub publish --override-bump "renamed a parameter nobody uses yet"',
  ],
  async run(context) {
    const access = stringFlag(context, 'access');
    if (access !== undefined && access !== 'public' && access !== 'private') {
      throw new RegistryError('USAGE', '--access takes public or private');
    }
    // Validate and pack locally first: the server checks everything again, but an error here
    // costs no upload.
    const packed = packFolder(context.args[0] ?? context.cwd);
    const { scope } = parsePackageName(packed.manifest.name);
    const client = clientFor(context, scope);
    const target = `${packed.manifest.name}@${packed.manifest.version}`;
    const dryRun = context.flags['dry-run'] === true;
    const tag = stringFlag(context, 'tag');
    const override = stringFlag(context, 'override-bump');
    const published = await uploadTarball(client, packed.manifest, packed.tarball, packed.integrity, {
      ...(tag ? { tag } : {}),
      ...(access ? { access } : {}),
      ...(override ? { overrideBump: override } : {}),
      ...(dryRun ? { dryRun } : {}),
    });
    const tags = Object.entries(published.distTags).map(([name, version]) => `${name} → ${version}`);
    const bump = published.bumpOverride;
    return {
      text: [
        dryRun
          ? `Would publish ${target} to ${client.registry} (dry run: the registry ran every check; nothing was stored)`
          : `Published ${target} to ${client.registry}`,
        `integrity: ${published.integrity}`,
        tags.length ? `dist-tags: ${tags.join(', ')}` : '',
        bump
          ? `semver bump check overridden: the changes need a ${bump.required} bump, this is ${bump.actual} ("${bump.reason}")${dryRun ? '' : '; recorded in the audit log'}`
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
      data: { ...published, registry: client.registry, dryRun },
    };
  },
});
