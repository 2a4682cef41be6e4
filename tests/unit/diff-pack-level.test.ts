import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPackages } from '../../src/core/diff/index.js';
import { filesFromRecord, type PackageFiles } from '../../src/core/package-files.js';
import { bumpBase, checkBump, previousVersion } from '../../src/core/semver-rules.js';
import { importPack } from '../../src/core/stackstorm/index.js';
import { napalmReleases } from '../helpers/napalm-history.js';

const MANIFEST = (extra: string) =>
  `name: "@acme/napalm"\nversion: 1.0.0\nkind: action\ndescription: NAPALM actions.\n${extra}`;
const ACTION = 'name: get_log\nrunner_type: python-script\nentry_point: get_log.py\n';

function pkg(files: Record<string, string>): PackageFiles {
  return filesFromRecord({ 'patternhub.yaml': MANIFEST(''), 'actions/get_log.yaml': ACTION, ...files });
}

function changes(before: Record<string, string>, after: Record<string, string>) {
  return diffPackages({ files: pkg(before) }, { files: pkg(after) }).changes.map((change) => ({
    kind: change.kind,
    weight: change.weight,
    path: change.path,
    message: change.message,
  }));
}

const STACKSTORM = (pythons: string[], pack = 'napalm') =>
  `stackstorm:\n  pack: ${pack}\n  metadata:\n    author: Ops\n    python_versions: [${pythons.map((p) => `"${p}"`).join(', ')}]\n`;

describe('diff at the pack level', () => {
  it('runner aliases are no semantic change', () => {
    const found = changes(
      { 'actions/get_log.yaml': ACTION },
      { 'actions/get_log.yaml': ACTION.replace('python-script', 'run-python') },
    );
    assert.deepEqual(
      found.map((change) => change.kind),
      ['file.changed'],
    );
  });

  it('weighs config.schema.yaml like parameters', () => {
    const before = {
      'config.schema.yaml':
        'url:\n  type: string\n  required: true\n  default: https://x\ntimeout:\n  type: integer\nprofiles:\n  type: object\n',
    };
    const cases: Array<[string, string, string]> = [
      [
        'a key removed',
        'url:\n  type: string\n  required: true\n  default: https://x\ntimeout:\n  type: integer\n',
        'parameter.removed',
      ],
      [
        'a key retyped',
        `${before['config.schema.yaml'].replace('type: integer', 'type: string')}`,
        'parameter.retyped',
      ],
      [
        'a required key without default',
        `${before['config.schema.yaml']}token:\n  type: string\n  required: true\n`,
        'parameter.added-required',
      ],
      ['an optional key', `${before['config.schema.yaml']}verbose:\n  type: boolean\n`, 'parameter.added'],
    ];
    for (const [label, after, kind] of cases) {
      const found = changes(before, { 'config.schema.yaml': after });
      assert.deepEqual(
        found.map((change) => [change.kind, change.weight]),
        [[kind, kind === 'parameter.added' ? 'minor' : 'major']],
        label,
      );
      assert.match(found[0]!.message, /pack config/, label);
    }
  });

  it('names requirement changes', () => {
    const found = changes(
      { 'requirements.txt': 'napalm>=2.5\nrequests==2.0\nsix\n' },
      { 'requirements.txt': '# pinned\nnapalm>=3.0\nRequests==2.0\njunos_eznc\n' },
    );
    assert.deepEqual(
      found.map((change) => [change.kind, change.weight, change.path]),
      [
        ['requirement.added', 'minor', 'junos-eznc'],
        ['requirement.changed', 'minor', 'napalm'],
        ['requirement.changed', 'minor', 'requests'],
        ['requirement.removed', 'minor', 'six'],
      ],
    );
    assert.match(found[1]!.message, /`napalm>=2\.5` to `napalm>=3\.0`/);
  });

  it('a dropped Python version is major, an added one minor', () => {
    const dropped = changes(
      { 'patternhub.yaml': MANIFEST(STACKSTORM(['2', '3'])) },
      { 'patternhub.yaml': MANIFEST(STACKSTORM(['3'])) },
    );
    assert.deepEqual(
      dropped.map((change) => [change.kind, change.weight]),
      [['python-version.dropped', 'major']],
    );
    assert.match(dropped[0]!.message, /Python 2/);
    const added = changes(
      { 'patternhub.yaml': MANIFEST(STACKSTORM(['3'])) },
      { 'patternhub.yaml': MANIFEST(STACKSTORM(['2', '3'])) },
    );
    assert.deepEqual(
      added.map((change) => [change.kind, change.weight]),
      [['python-version.added', 'minor']],
    );
    const renamed = changes(
      { 'patternhub.yaml': MANIFEST(STACKSTORM(['3'])) },
      { 'patternhub.yaml': MANIFEST(STACKSTORM(['3'], 'napalm_ng')) },
    );
    assert.deepEqual(
      renamed.map((change) => [change.kind, change.weight]),
      [['stackstorm.pack-changed', 'major']],
    );
  });

  it('shows full values, and the values of a changed package description', () => {
    const long = 'x'.repeat(70);
    const found = changes(
      {
        'actions/get_log.yaml': `${ACTION}parameters:\n  path:\n    type: string\n    default: /var/log/${long}a\n`,
      },
      {
        'actions/get_log.yaml': `${ACTION}parameters:\n  path:\n    type: string\n    default: /var/log/${long}b\n`,
      },
    );
    assert.ok(found[0]!.message.includes(`"/var/log/${long}a"`), found[0]!.message);
    assert.ok(found[0]!.message.includes(`"/var/log/${long}b"`), found[0]!.message);
    const described = changes(
      {},
      { 'patternhub.yaml': MANIFEST('').replace('NAPALM actions.', 'NAPALM actions for routers.') },
    );
    assert.equal(described[0]!.kind, 'description.changed');
    assert.match(described[0]!.message, /"NAPALM actions\." → "NAPALM actions for routers\."/);
  });
});

describe('bump and publish compare with the same version', () => {
  const published = ['1.2.3', '2.0.0', '2.1.0'];

  it('a backport is compared with the highest version below it, by both', () => {
    assert.equal(previousVersion(published, '1.2.4'), '1.2.3');
    assert.equal(bumpBase(published, '1.2.4'), '1.2.3');
  });

  it('an unbumped local version is compared with itself, so the suggestion is the next one publish accepts', () => {
    assert.equal(bumpBase(published, '1.2.3'), '1.2.3');
    assert.equal(bumpBase(published, '2.1.0'), '2.1.0');
    assert.equal(bumpBase(published, '3.0.0'), '2.1.0');
    assert.equal(bumpBase([], '1.0.0'), undefined);
  });
});

describe('the napalm history: what each release requires', () => {
  it('matches the weight of each release’s changes, and flags upstream’s short bumps', () => {
    const releases = napalmReleases();
    assert.ok(releases.length >= 12, 'a dozen releases');
    for (let index = 1; index < releases.length; index++) {
      const before = importPack(filesFromRecord(releases[index - 1]!.files), { scope: 'acme' }).packages;
      const after = importPack(filesFromRecord(releases[index]!.files), { scope: 'acme' }).packages;
      const rank = { none: 0, patch: 1, minor: 2, major: 3 } as const;
      let required: keyof typeof rank = 'none';
      let short = false;
      after.forEach((pkg, part) => {
        const diff = diffPackages({ files: before[part]!.files }, { files: pkg.files });
        if (rank[diff.requiredBump] > rank[required]) required = diff.requiredBump;
        try {
          checkBump(diff.from.version, diff.to.version, diff.changes);
        } catch {
          short = true;
        }
      });
      const release = releases[index]!;
      assert.deepEqual(
        { required, short },
        { required: release.expect.required, short: release.expect.override },
        release.tag,
      );
    }
  });
});
