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
    tag: { type: 'string' },
    access: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'override-bump': { type: 'string' },
  },
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
    if (context.flags['dry-run'] === true) {
      return {
        text: `Would publish ${target} to ${client.registry}\nintegrity: ${packed.integrity}\n(dry run: nothing sent)`,
        data: {
          name: packed.manifest.name,
          version: packed.manifest.version,
          integrity: packed.integrity,
          registry: client.registry,
          dryRun: true,
        },
      };
    }
    const tag = stringFlag(context, 'tag');
    const override = stringFlag(context, 'override-bump');
    const published = await uploadTarball(client, packed.manifest, packed.tarball, packed.integrity, {
      ...(tag ? { tag } : {}),
      ...(access ? { access } : {}),
      ...(override ? { overrideBump: override } : {}),
    });
    const tags = Object.entries(published.distTags).map(([name, version]) => `${name} → ${version}`);
    return {
      text: [
        `Published ${target} to ${client.registry}`,
        `integrity: ${published.integrity}`,
        tags.length ? `dist-tags: ${tags.join(', ')}` : '',
        published.bumpOverride ? 'semver bump check overridden (recorded in the audit log)' : '',
      ]
        .filter(Boolean)
        .join('\n'),
      data: { ...published, registry: client.registry },
    };
  },
});
