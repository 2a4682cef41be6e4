import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalRunner } from '../../src/core/catalogue/index.js';
import { isRegistryError } from '../../src/core/errors.js';
import { filesFromRecord, type PackageFiles, textOf } from '../../src/core/package-files.js';
import {
  exportPack,
  importPack,
  memberNameOf,
  packageNameOfPack,
  parsePackYaml,
  validateImport,
} from '../../src/core/stackstorm/index.js';
import { validatePackage } from '../../src/core/validate/index.js';
import { napalmReleases } from '../helpers/napalm-history.js';
import {
  assertStackStormAccepts,
  orquestaDefinitions,
  packView,
  recordedVerdict,
  st2ActionErrors,
  st2PackErrors,
  st2Runners,
} from '../helpers/stackstorm-oracle.js';
import {
  actionsOnlyPack,
  copySample,
  readTree,
  richPack,
  SAMPLE_PACKS,
  workflowsOnlyPack,
} from '../helpers/stackstorm-packs.js';
import { readFixture } from './validate-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into parsed YAML.
type Loose = any;

function doc(files: PackageFiles, path: string): Loose {
  const bytes = files.get(path);
  assert.ok(bytes, `${path} is there`);
  return parsePackYaml(textOf(bytes), path);
}

function throwsCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (error) => isRegistryError(error) && error.code === code);
}

function roundTrip(pack: PackageFiles): { exported: PackageFiles; notes: string[] } {
  const imported = importPack(pack, { scope: 'acme' });
  const exported = exportPack(imported.packages.map((pkg) => pkg.files));
  return { exported: exported.files, notes: exported.notes };
}

describe('StackStorm names', () => {
  it('maps pack refs to package names and dotted action names to member names', () => {
    assert.equal(packageNameOfPack('networking_utils'), 'networking-utils');
    assert.equal(packageNameOfPack('napalm'), 'napalm');
    assert.equal(memberNameOf('kv.get'), 'kv_get');
    assert.equal(memberNameOf('get_facts'), 'get_facts');
    throwsCode(() => packageNameOfPack('___'), 'INVALID_PACK');
  });

  it('says why a package name with "_" is invalid', () => {
    const result = validatePackage(
      filesFromRecord({
        'patternhub.yaml': 'name: "@acme/networking_utils"\nversion: 1.0.0\nkind: action\ndescription: x\n',
        'actions/a.yaml': 'name: a\nrunner_type: local-shell-cmd\n',
      }),
    );
    const issue = result.issues.find((entry) => entry.pointer === '/name');
    assert.equal(issue?.code, 'SCHEMA');
    assert.match(issue.message, /no `_`/);
    assert.match(issue.message, /networking-utils/);
  });

  it('knows every runner alias StackStorm registers', () => {
    for (const runner of st2Runners()) {
      assert.equal(canonicalRunner(runner.name), runner.name);
      for (const alias of runner.aliases) assert.equal(canonicalRunner(alias), runner.name, alias);
    }
    assert.equal(canonicalRunner('run-python'), 'python-script');
  });
});

describe('import stackstorm: a pack with every kind of content', () => {
  const imported = importPack(filesFromRecord(richPack()), { scope: 'acme' });
  const [actions, patterns] = imported.packages;

  it('becomes an action package and a pattern package that validate together', () => {
    assert.deepEqual(
      imported.packages.map((pkg) => [pkg.name, pkg.kind]),
      [
        ['@acme/net-tools', 'action'],
        ['@acme/net-tools-patterns', 'pattern'],
      ],
    );
    const results = validateImport(imported.packages);
    assert.deepEqual(
      results.map((result) => [result.name, result.ok, result.issues.filter((i) => i.severity === 'error')]),
      [
        ['@acme/net-tools', true, []],
        ['@acme/net-tools-patterns', true, []],
      ],
    );
    const manifest = doc(patterns!.files, 'patternhub.yaml');
    assert.equal(manifest.dependencies['@acme/net-tools'], '^1.2.0');
    assert.equal(
      doc(
        importPack(filesFromRecord(richPack('1.2.7')), { scope: 'acme' }).packages[1]!.files,
        'patternhub.yaml',
      ).dependencies['@acme/net-tools'],
      '^1.2.0',
    );
    assert.equal(manifest.stackstorm.pack, 'net_tools');
    assert.equal(manifest.stackstorm.part, 'patterns');
    assert.deepEqual(manifest.stackstorm.metadata.python_versions, ['3']);
  });

  it('keeps runner, entry point, enabled and output schema of workflows', () => {
    const main = doc(patterns!.files, 'workflows/main.yaml');
    assert.equal(main.runner_type, 'orquesta');
    assert.equal(main.entry_point, 'workflows/main.yaml');
    assert.equal(main.enabled, true);
    assert.deepEqual(main.output_schema, { type: 'object', properties: { result: { type: 'object' } } });
    assert.equal(doc(patterns!.files, 'workflows/sub.yaml').runner_type, 'orchestra');
  });

  it('rewrites pack.action references, keeping inline parameters', () => {
    const tasks = doc(patterns!.files, 'workflows/main.yaml').workflow.tasks;
    assert.equal(tasks.ping.action, '@acme/net-tools.ping');
    assert.equal(tasks.read_key.action, '@acme/net-tools.kv_get key=<% ctx().host %>');
    assert.equal(tasks.sub.action, '@acme/net-tools-patterns.sub');
    assert.equal(tasks.each_host.action, 'core.local cmd="ping -c 1 <% item(h) %>"');
    assert.equal(tasks.no.action, '@acme/other-pack.notify_team');
    assert.deepEqual(imported.references.map((ref) => ref.from).sort(), [
      'net_tools.kv.get',
      'net_tools.ping',
      'net_tools.sub',
      'other_pack.notify_team',
    ]);
    assert.ok(imported.notes.some((note) => note.includes('@acme/other-pack')));
  });

  it('renames dotted actions and reads YAML as StackStorm does', () => {
    const kv = doc(actions!.files, 'actions/kv_get.yaml');
    assert.equal(kv.name, 'kv_get');
    assert.equal(kv.parameters.key.required, true); // `True` in YAML 1.1
    assert.deepEqual(imported.renamed, [
      { from: 'net_tools', to: 'net-tools' },
      { from: 'net_tools.kv.get', to: 'kv_get' },
    ]);
    assert.ok(actions!.files.has('actions/check.yaml'), 'check.meta.yaml becomes check.yaml');
  });

  it('keeps what a pattern registry does not model as files, and reports it', () => {
    assert.deepEqual(
      imported.kept.map((file) => [file.kind, file.path]),
      [
        ['action-chain', 'actions/chain.yaml'],
        ['action-chain', 'actions/chains/chain.yaml'],
        ['mistral', 'actions/old_flow.yaml'],
        ['mistral', 'actions/workflows/old_flow.yaml'],
        ['alias', 'aliases/ping.yaml'],
        ['policy', 'policies/ping_concurrency.yaml'],
        ['rule', 'rules/on_alert.yaml'],
        ['sensor', 'sensors/watch.py'],
        ['sensor', 'sensors/watch.yaml'],
      ],
    );
    for (const file of imported.kept)
      assert.ok(actions!.files.has(file.path.replace('.meta', '')), file.path);
    for (const path of ['config.schema.yaml', 'requirements.txt', 'README.md', 'tests/test_ping.py']) {
      assert.ok(actions!.files.has(path), path);
    }
  });

  it('makes one package of a pack of actions, and one of a pack of workflows', () => {
    for (const [pack, name, kind] of [
      [actionsOnlyPack(), '@acme/linux-tools', 'action'],
      [workflowsOnlyPack(), '@acme/runbooks', 'pattern'],
    ] as const) {
      const result = importPack(filesFromRecord(pack), { scope: 'acme' });
      assert.deepEqual(
        result.packages.map((pkg) => [pkg.name, pkg.kind]),
        [[name, kind]],
      );
      assert.deepEqual(
        validateImport(result.packages).map((v) => v.ok),
        [true],
      );
    }
  });
});

describe('import stackstorm: bad packs', () => {
  const base = actionsOnlyPack();
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no pack.yaml', { 'actions/x.yaml': 'name: x\nrunner_type: noop\n' }, 'INVALID_PACK'],
    [
      'a pack name StackStorm refuses',
      { ...base, 'pack.yaml': 'name: Bad-Name\nversion: 1.0.0\n' },
      'INVALID_PACK',
    ],
    ['a version that is not semver', { ...base, 'pack.yaml': 'name: ok\nversion: "1.0"\n' }, 'INVALID_PACK'],
    [
      'a version YAML reads as a number',
      { ...base, 'pack.yaml': 'name: ok\nversion: 1.0\n' },
      'INVALID_PACK',
    ],
    [
      'a workflow whose definition is missing',
      {
        ...base,
        'actions/flow.yaml': 'name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n',
      },
      'INVALID_PACK',
    ],
    ['broken YAML', { ...base, 'actions/broken.yaml': 'name: [unclosed\n' }, 'INVALID_YAML'],
    [
      'two actions that become one member',
      {
        ...base,
        'actions/a.yaml': 'name: kv.get\nrunner_type: noop\n',
        'actions/b.yaml': 'name: kv_get\nrunner_type: noop\n',
      },
      'INVALID_PACK',
    ],
  ];
  for (const [label, pack, code] of cases) {
    it(`refuses ${label} with ${code}`, () =>
      throwsCode(() => importPack(filesFromRecord(pack), { scope: 'acme' }), code));
  }
});

describe('round trip: import then export gives back the pack StackStorm accepts', () => {
  for (const [label, pack] of [
    ['every kind of content', richPack()],
    ['actions only', actionsOnlyPack()],
    ['workflows only', workflowsOnlyPack()],
  ] as const) {
    it(label, () => {
      const original = filesFromRecord(pack);
      const { exported, notes } = roundTrip(original);
      assert.deepEqual(packView(exported), packView(original));
      assert.deepEqual(notes, []);
      assertStackStormAccepts(exported, label, original);
    });
  }

  for (const name of SAMPLE_PACKS) {
    it(`the sample ${name} (copied to a temporary folder)`, () => {
      const original = readTree(copySample(name));
      const { exported } = roundTrip(original);
      assert.deepEqual(packView(exported), packView(original));
      assertStackStormAccepts(exported, name, original);
    });
  }

  it('every napalm release of the history test', () => {
    for (const release of napalmReleases()) {
      const original = filesFromRecord(release.files);
      const { exported } = roundTrip(original);
      assert.deepEqual(packView(exported), packView(original), release.tag);
      assertStackStormAccepts(exported, release.tag, original);
    }
  });

  it('quotes YAML 1.1 hazards: yes/no names and values, a leading @', () => {
    const { exported } = roundTrip(filesFromRecord(richPack()));
    const ping = textOf(exported.get('actions/ping.yaml')!);
    assert.match(ping, /^ {2}"yes":$/m);
    assert.match(ping, /- "no"$/m);
    assert.match(ping, /default: "@here"$/m);
    const main = textOf(exported.get('actions/workflows/main.yaml')!);
    assert.match(main, /^ {2}"no":$/m);
    assert.equal(doc(exported, 'actions/ping.yaml').parameters.yes.default, 'no');
  });
});

describe('export stackstorm: packages written for Patternhub', () => {
  it('exports a pattern package as a pack, calls into other packages as pack refs', () => {
    const files = readFixture('valid-pattern');
    const exported = exportPack([files]);
    assert.equal(exported.pack, 'disk_full_remediation');
    const pack = doc(exported.files, 'pack.yaml');
    assert.deepEqual(st2PackErrors(pack), []);
    assert.equal(pack.name, 'disk_full_remediation');
    const meta = doc(exported.files, 'actions/disk-full.yaml');
    assert.deepEqual(
      [meta.runner_type, meta.entry_point, meta.pack],
      ['orquesta', 'workflows/disk-full.yaml', 'disk_full_remediation'],
    );
    assert.deepEqual(st2ActionErrors(meta), []);
    for (const path of orquestaDefinitions(exported.files, parsePackYaml)) {
      assert.equal(recordedVerdict(textOf(exported.files.get(path)!))?.ok, true, `Orquesta accepts ${path}`);
    }
    const definition = doc(exported.files, 'actions/workflows/disk-full.yaml');
    assert.equal(definition.tasks.diagnose.action, 'linux.check_disk');
    assert.ok(exported.notes.some((note) => note.includes('@community/linux.check_disk')));
    assert.ok(!exported.files.has('patternhub.yaml'));
  });

  it('calls into an imported pack by its StackStorm names when the dependency is known', () => {
    const files = filesFromRecord({
      'patternhub.yaml':
        'name: "@acme/ops"\nversion: 1.0.0\nkind: pattern\ndescription: Ops.\ndependencies:\n  "@acme/st2": "^2.0.0"\n',
      'workflows/read.yaml':
        'name: read\nworkflow:\n  version: 1.0\n  tasks:\n    get:\n      action: "@acme/st2.kv_get"\n      input:\n        key: k\n',
    });
    const st2 = importPack(readTree(copySample('st2-2.0.2')), { scope: 'acme' }).packages[0]!;
    const origin = doc(st2.files, 'patternhub.yaml').stackstorm;
    const known = exportPack([files], {
      dependencyOrigin: (name) => (name === '@acme/st2' ? origin : undefined),
    });
    assert.equal(doc(known.files, 'actions/workflows/read.yaml').tasks.get.action, 'st2.kv.get');
    assert.deepEqual(known.notes, []);
    const unknown = exportPack([files]);
    assert.equal(doc(unknown.files, 'actions/workflows/read.yaml').tasks.get.action, 'st2.kv_get');
    assert.equal(unknown.notes.length, 1);
  });

  it('writes a map of output properties as the JSON Schema StackStorm wants', () => {
    const exported = exportPack([readFixture('valid-action')]);
    for (const path of exported.files.keys()) {
      if (/^actions\/[^/]+\.yaml$/.test(path))
        assert.deepEqual(st2ActionErrors(doc(exported.files, path)), [], path);
    }
    const check = doc(exported.files, 'actions/check_disk.yaml');
    assert.equal(check.output_schema.type, 'object');
    assert.ok(check.output_schema.properties.usage);
  });

  it('refuses packages of different packs', () => {
    const a = importPack(filesFromRecord(actionsOnlyPack()), { scope: 'acme' }).packages[0]!.files;
    const b = importPack(filesFromRecord(workflowsOnlyPack()), { scope: 'acme' }).packages[0]!.files;
    throwsCode(() => exportPack([a, b]), 'INVALID_PACKAGE');
    throwsCode(() => exportPack([]), 'INVALID_PACKAGE');
  });

  it('exports an action package alone (the half with the pack-level files)', () => {
    const [actions] = importPack(filesFromRecord(richPack()), { scope: 'acme' }).packages;
    const exported = exportPack([actions!.files]);
    assert.ok(exported.files.has('config.schema.yaml'));
    assert.ok(exported.files.has('actions/kv_get.yaml'));
    assert.equal(doc(exported.files, 'actions/kv_get.yaml').name, 'kv.get');
    assert.ok(!exported.files.has('actions/main.yaml'));
  });
});
