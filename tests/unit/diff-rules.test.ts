import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import {
  CHANGE_KINDS,
  type Change,
  type ChangeKind,
  diffPackages,
  type Weight,
} from '../../src/core/diff/index.js';
import { bytesOf, filesFromRecord, type PackageFiles, textOf } from '../../src/core/package-files.js';

/** One package in editable form: the parsed documents plus any other files. */
interface Pkg {
  manifest: Record<string, unknown>;
  action: Record<string, unknown>;
  workflow: Record<string, unknown>;
  files: Record<string, string | Uint8Array>;
}

// biome-ignore lint/suspicious/noExplicitAny: test edits reach into arbitrary YAML shapes.
type Loose = any;

function basePackage(): Pkg {
  return {
    manifest: {
      name: '@acme/disk-full',
      version: '1.4.0',
      kind: 'pattern',
      description: 'Free space on a host whose disk is filling up, then report.',
      license: 'Apache-2.0',
      dependencies: { '@community/linux': '^2.1.0', '@community/chatops': '~1.3.0' },
    },
    action: {
      name: 'check_disk',
      description: 'Report usage of the filesystems on a host.',
      runner_type: 'remote-shell-script',
      entry_point: 'check_disk.sh',
      enabled: true,
      parameters: {
        hosts: { type: 'string', required: true, description: 'Hosts to check', position: 0 },
        threshold: { type: 'integer', default: 90, minimum: 1, maximum: 100 },
        token: { type: 'string', secret: true },
        mode: { type: 'string', enum: ['df', 'du'], default: 'df' },
        sudo: { type: 'boolean', immutable: true, default: false },
      },
      output_schema: {
        usage: { type: 'array', items: { type: 'object' }, description: 'One row per mount' },
      },
    },
    workflow: {
      name: 'disk-full',
      description: 'Collect diagnostics, choose a remediation, then tell the channel.',
      parameters: {
        host: { type: 'string', required: true },
        channel: { type: 'string', default: '#ops' },
      },
      workflow: {
        version: 1.0,
        input: ['host', 'channel'],
        vars: [{ usage: null }],
        tasks: {
          diagnose: {
            action: '@community/linux.check_disk',
            input: { hosts: '<% ctx().host %>' },
            next: [
              {
                when: '<% succeeded() and result().output.usage[0].percent > 95 %>',
                publish: [{ usage: '<% result().output.usage %>' }],
                do: 'clean_logs',
              },
              { when: '<% succeeded() %>', do: 'report' },
              { when: '<% failed() %>', do: 'report' },
            ],
          },
          clean_logs: {
            action: '@community/linux.rotate_logs',
            input: { hosts: '<% ctx().host %>' },
            next: [{ do: 'report' }],
          },
          report: {
            action: '@community/chatops.post_message',
            input: { channel: '<% ctx().channel %>', message: 'disk on <% ctx().host %>: <% ctx().usage %>' },
          },
        },
        output: [{ usage: '<% ctx().usage %>' }],
      },
    },
    files: {
      'README.md': '# disk-full\n\nFrees space on a host.\n',
      'actions/check_disk.sh': '#!/bin/sh\ndf -P\n',
    },
  };
}

/** The package's files; a document set to `undefined` by an edit is left out (the file was removed). */
function filesOf(pkg: Pkg): PackageFiles {
  const docs: Record<string, string> = {};
  if (pkg.manifest !== undefined) docs['patternhub.yaml'] = stringify(pkg.manifest);
  if (pkg.action !== undefined) docs['actions/check_disk.yaml'] = stringify(pkg.action);
  if (pkg.workflow !== undefined) docs['workflows/disk-full.yaml'] = stringify(pkg.workflow);
  return filesFromRecord({ ...docs, ...pkg.files });
}

/** The changes an edit of the base package produces, as [kind, weight, path] in the diff's order. */
function changesOf(edit: (pkg: Loose) => void): [ChangeKind, Weight, string | undefined][] {
  const after = basePackage();
  edit(after);
  const diff = diffPackages({ files: filesOf(basePackage()) }, { files: filesOf(after) });
  return diff.changes.map((change) => [change.kind, change.weight, change.path]);
}

interface Rule {
  rule: string;
  edit: (pkg: Loose) => void;
  expect: [ChangeKind, Weight, string?][];
}

/** Every rule of the diff: an edit of the base package and exactly the changes it must produce. */
const RULES: Rule[] = [
  // Parameters
  {
    rule: 'optional parameter added',
    edit: (p) => (p.action.parameters.verbose = { type: 'boolean' }),
    expect: [['parameter.added', 'minor', 'verbose']],
  },
  {
    rule: 'required parameter with a default added',
    edit: (p) => (p.action.parameters.port = { type: 'integer', required: true, default: 22 }),
    expect: [['parameter.added', 'minor', 'port']],
  },
  {
    rule: 'required parameter without a default added',
    edit: (p) => (p.workflow.parameters.severity = { type: 'string', required: true }),
    expect: [['parameter.added-required', 'major', 'severity']],
  },
  {
    rule: 'parameter removed',
    edit: (p) => delete p.action.parameters.threshold,
    expect: [['parameter.removed', 'major', 'threshold']],
  },
  {
    rule: 'parameter retyped',
    edit: (p) => (p.action.parameters.threshold.type = 'string'),
    expect: [['parameter.retyped', 'major', 'threshold']],
  },
  {
    rule: 'type written as a one-element list: the same set of types',
    edit: (p) => (p.workflow.parameters.host.type = ['string']),
    expect: [['file.changed', 'patch']],
  },
  {
    rule: 'parameter type widened (string → [string, array])',
    edit: (p) => (p.workflow.parameters.host.type = ['string', 'array']),
    expect: [['parameter.type-widened', 'minor', 'host']],
  },
  {
    rule: 'parameter type widened (integer → number)',
    edit: (p) => (p.action.parameters.threshold.type = 'number'),
    expect: [['parameter.type-widened', 'minor', 'threshold']],
  },
  {
    rule: 'parameter type dropped (any type)',
    edit: (p) => delete p.action.parameters.token.type,
    expect: [['parameter.type-widened', 'minor', 'token']],
  },
  {
    rule: 'optional parameter made required',
    edit: (p) => (p.action.parameters.token.required = true),
    expect: [['parameter.required', 'major', 'token']],
  },
  {
    rule: 'default removed from a required parameter',
    edit: (p) => {
      p.workflow.parameters.channel.required = true;
      delete p.workflow.parameters.channel.default;
    },
    expect: [['parameter.required', 'major', 'channel']],
  },
  {
    rule: 'required parameter made optional',
    edit: (p) => (p.action.parameters.hosts.required = false),
    expect: [['parameter.optional', 'minor', 'hosts']],
  },
  {
    rule: 'required parameter given a default',
    edit: (p) => (p.workflow.parameters.host.default = 'localhost'),
    expect: [['parameter.optional', 'minor', 'host']],
  },
  {
    rule: 'default changed',
    edit: (p) => (p.action.parameters.threshold.default = 95),
    expect: [['parameter.default-changed', 'minor', 'threshold']],
  },
  {
    rule: 'required flag on a defaulted parameter: no effect on callers',
    edit: (p) => (p.workflow.parameters.channel.required = true),
    expect: [['parameter.metadata-changed', 'patch', 'channel']],
  },
  {
    rule: 'enum value removed',
    edit: (p) => (p.action.parameters.mode.enum = ['df']),
    expect: [['parameter.constraint-narrowed', 'major', 'mode']],
  },
  {
    rule: 'maximum lowered',
    edit: (p) => (p.action.parameters.threshold.maximum = 99),
    expect: [['parameter.constraint-narrowed', 'major', 'threshold']],
  },
  {
    rule: 'pattern added',
    edit: (p) => (p.action.parameters.hosts.pattern = '^[a-z.]+$'),
    expect: [['parameter.constraint-narrowed', 'major', 'hosts']],
  },
  {
    rule: 'enum value added',
    edit: (p) => (p.action.parameters.mode.enum = ['df', 'du', 'ncdu']),
    expect: [['parameter.constraint-widened', 'minor', 'mode']],
  },
  {
    rule: 'minimum lowered',
    edit: (p) => (p.action.parameters.threshold.minimum = 0),
    expect: [['parameter.constraint-widened', 'minor', 'threshold']],
  },
  {
    rule: 'parameter made immutable',
    edit: (p) => (p.action.parameters.threshold.immutable = true),
    expect: [['parameter.immutable', 'major', 'threshold']],
  },
  {
    rule: 'parameter no longer immutable',
    edit: (p) => delete p.action.parameters.sudo.immutable,
    expect: [['parameter.mutable', 'minor', 'sudo']],
  },
  {
    rule: 'parameter no longer secret',
    edit: (p) => delete p.action.parameters.token.secret,
    expect: [['parameter.secret-changed', 'patch', 'token']],
  },
  {
    rule: 'parameter description',
    edit: (p) => (p.action.parameters.hosts.description = 'Comma-separated hosts'),
    expect: [['parameter.description', 'patch', 'hosts']],
  },
  {
    rule: 'parameter position',
    edit: (p) => (p.action.parameters.hosts.position = 3),
    expect: [['parameter.metadata-changed', 'patch', 'hosts']],
  },
  // Outputs
  {
    rule: 'action output added',
    edit: (p) => (p.action.output_schema.total = { type: 'integer' }),
    expect: [['output.added', 'minor', 'total']],
  },
  {
    rule: 'action output removed',
    edit: (p) => delete p.action.output_schema.usage,
    expect: [['output.removed', 'major', 'usage']],
  },
  {
    rule: 'action output retyped',
    edit: (p) => (p.action.output_schema.usage.type = 'object'),
    expect: [['output.retyped', 'major', 'usage']],
  },
  {
    rule: 'action output items changed',
    edit: (p) => (p.action.output_schema.usage.items = { type: 'string' }),
    expect: [['output-schema.changed', 'minor', 'usage']],
  },
  {
    rule: 'action output description',
    edit: (p) => (p.action.output_schema.usage.description = 'Rows'),
    expect: [['output.description', 'patch', 'usage']],
  },
  {
    rule: 'bare output_schema rewritten as a full object schema: same outputs',
    edit: (p) => (p.action.output_schema = { type: 'object', properties: p.action.output_schema }),
    expect: [['file.changed', 'patch', undefined]],
  },
  {
    rule: 'workflow output added',
    edit: (p) => p.workflow.workflow.output.push({ freed: '<% ctx().freed %>' }),
    expect: [['output.added', 'minor', 'freed']],
  },
  {
    rule: 'workflow output removed',
    edit: (p) => (p.workflow.workflow.output = []),
    expect: [['output.removed', 'major', 'usage']],
  },
  {
    rule: 'workflow output computed differently',
    edit: (p) => (p.workflow.workflow.output = [{ usage: '<% ctx().usage[0] %>' }]),
    expect: [['output.changed', 'minor', 'usage']],
  },
  // Tasks
  {
    rule: 'task added',
    edit: (p) => (p.workflow.workflow.tasks.page = { action: 'core.noop' }),
    expect: [['task.added', 'minor', 'page']],
  },
  {
    rule: 'task removed (and the edge to it)',
    edit: (p) => {
      delete p.workflow.workflow.tasks.clean_logs;
      p.workflow.workflow.tasks.diagnose.next.shift();
    },
    expect: [
      ['task.publish-changed', 'minor', 'diagnose'],
      ['task.removed', 'minor', 'clean_logs'],
      ['task.transitions-changed', 'minor', 'diagnose'],
    ],
  },
  {
    rule: 'task action swapped',
    edit: (p) => (p.workflow.workflow.tasks.report.action = 'core.echo'),
    expect: [['task.action-changed', 'minor', 'report']],
  },
  {
    rule: 'task input changed',
    edit: (p) => (p.workflow.workflow.tasks.report.input.message = 'disk full'),
    expect: [['task.input-changed', 'minor', 'report']],
  },
  {
    rule: 'transition target changed',
    edit: (p) => (p.workflow.workflow.tasks.clean_logs.next = [{ do: 'diagnose' }]),
    expect: [['task.transitions-changed', 'minor', 'clean_logs']],
  },
  {
    rule: 'transition condition changed',
    edit: (p) => (p.workflow.workflow.tasks.diagnose.next[2].when = '<% failed() or succeeded() %>'),
    expect: [['task.transitions-changed', 'minor', 'diagnose']],
  },
  {
    rule: 'published expression changed',
    edit: (p) => (p.workflow.workflow.tasks.diagnose.next[0].publish = [{ usage: '<% result().stdout %>' }]),
    expect: [['task.publish-changed', 'minor', 'diagnose']],
  },
  {
    rule: 'join added',
    edit: (p) => (p.workflow.workflow.tasks.report.join = 'all'),
    expect: [['task.options-changed', 'minor', 'report']],
  },
  {
    rule: 'retry and delay added',
    edit: (p) => {
      p.workflow.workflow.tasks.diagnose.retry = { count: 3, delay: 10 };
      p.workflow.workflow.tasks.diagnose.delay = 5;
    },
    expect: [
      ['task.options-changed', 'minor', 'diagnose'],
      ['task.options-changed', 'minor', 'diagnose'],
    ],
  },
  {
    rule: 'with items added',
    edit: (p) => (p.workflow.workflow.tasks.clean_logs.with = { items: '<% ctx().hosts %>', concurrency: 2 }),
    expect: [['task.options-changed', 'minor', 'clean_logs']],
  },
  // Workflow
  {
    rule: 'vars changed',
    edit: (p) => p.workflow.workflow.vars.push({ freed: 0 }),
    expect: [['vars.changed', 'minor', 'vars']],
  },
  {
    rule: 'Orquesta input changed',
    edit: (p) => (p.workflow.workflow.input = ['host', { channel: '#alerts' }]),
    expect: [['workflow.input-changed', 'minor', 'input']],
  },
  {
    rule: 'workflow description',
    edit: (p) => (p.workflow.description = 'Free space.'),
    expect: [['description.changed', 'patch', 'description']],
  },
  {
    rule: 'unrecognised workflow key',
    edit: (p) => (p.workflow.workflow.version = 2.0),
    expect: [['workflow.other-changed', 'minor', 'workflow.version']],
  },
  {
    rule: 'workflow added',
    edit: (p) =>
      (p.files['workflows/page.yaml'] = stringify({ name: 'page', workflow: { tasks: { a: {} } } })),
    expect: [['workflow.added', 'minor']],
  },
  {
    rule: 'workflow removed',
    edit: (p) => (p.workflow = undefined),
    expect: [['workflow.removed', 'major']],
  },
  // Action
  {
    rule: 'action added',
    edit: (p) =>
      (p.files['actions/rotate_logs.yaml'] = stringify({
        name: 'rotate_logs',
        runner_type: 'local-shell-cmd',
      })),
    expect: [['action.added', 'minor']],
  },
  {
    rule: 'action removed (its script goes too)',
    edit: (p) => {
      p.action = undefined;
      delete p.files['actions/check_disk.sh'];
    },
    expect: [
      ['action.removed', 'major'],
      ['file.removed', 'patch'],
    ],
  },
  {
    rule: 'runner changed',
    edit: (p) => (p.action.runner_type = 'local-shell-script'),
    expect: [['action.runner-changed', 'major', 'runner_type']],
  },
  {
    rule: 'entry point changed',
    edit: (p) => {
      p.action.entry_point = 'disk.sh';
      p.files['actions/disk.sh'] = p.files['actions/check_disk.sh'];
      delete p.files['actions/check_disk.sh'];
    },
    expect: [
      ['action.entry-point-changed', 'patch', 'entry_point'],
      ['file.removed', 'patch'],
      ['file.added', 'patch'],
    ],
  },
  {
    rule: 'action disabled',
    edit: (p) => (p.action.enabled = false),
    expect: [['action.disabled', 'major', 'enabled']],
  },
  {
    rule: 'action tags',
    edit: (p) => (p.action.tags = ['disk']),
    expect: [['action.metadata-changed', 'patch', 'tags']],
  },
  {
    rule: 'unrecognised action key',
    edit: (p) => (p.action.notify = { on_failure: { routes: ['slack'] } }),
    expect: [['action.other-changed', 'minor', 'notify']],
  },
  {
    rule: 'action description',
    edit: (p) => (p.action.description = 'Report disk usage.'),
    expect: [['description.changed', 'patch', 'description']],
  },
  // Manifest
  {
    rule: 'dependency added',
    edit: (p) => (p.manifest.dependencies['@community/pager'] = '^1.0.0'),
    expect: [['dependency.added', 'minor', '@community/pager']],
  },
  {
    rule: 'dependency removed',
    edit: (p) => delete p.manifest.dependencies['@community/chatops'],
    expect: [['dependency.removed', 'minor', '@community/chatops']],
  },
  {
    rule: 'dependency range changed',
    edit: (p) => (p.manifest.dependencies['@community/linux'] = '^3.0.0'),
    expect: [['dependency.range-changed', 'minor', '@community/linux']],
  },
  {
    rule: 'package kind changed',
    edit: (p) => (p.manifest.kind = 'action'),
    expect: [['manifest.kind-changed', 'major', 'kind']],
  },
  {
    rule: 'package description',
    edit: (p) => (p.manifest.description = 'Free disk space.'),
    expect: [['description.changed', 'patch', 'description']],
  },
  {
    rule: 'license and keywords',
    edit: (p) => {
      p.manifest.license = 'MIT';
      p.manifest.keywords = ['disk'];
    },
    expect: [
      ['manifest.metadata-changed', 'patch', 'keywords'],
      ['manifest.metadata-changed', 'patch', 'license'],
    ],
  },
  {
    rule: 'version alone is not a change',
    edit: (p) => (p.manifest.version = '1.4.1'),
    expect: [],
  },
  // Files
  {
    rule: 'doc added',
    edit: (p) => (p.files['docs/runbook.md'] = '# Runbook\n'),
    expect: [['file.added', 'patch']],
  },
  {
    rule: 'doc removed',
    edit: (p) => delete p.files['README.md'],
    expect: [['file.removed', 'patch']],
  },
  {
    rule: 'script body changed',
    edit: (p) => (p.files['actions/check_disk.sh'] = '#!/bin/sh\ndf -hP\n'),
    expect: [['file.changed', 'patch']],
  },
  {
    rule: 'binary file changed',
    edit: (p) => (p.files['docs/logo.png'] = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1])),
    expect: [['file.added', 'patch']],
  },
  {
    rule: 'action file renamed: same action, only files move',
    edit: (p) => {
      p.files['actions/check-disk.yaml'] = stringify(p.action);
      p.action = undefined;
    },
    expect: [
      ['file.added', 'patch'],
      ['file.removed', 'patch'],
    ],
  },
  {
    rule: 'unparseable workflow',
    edit: (p) => {
      p.workflow = undefined;
      p.files['workflows/disk-full.yaml'] = 'name: disk-full\nworkflow: [unclosed\n';
    },
    expect: [['file.unparsed', 'major']],
  },
  // StackStorm metadata and the pack-level contract
  {
    rule: 'runner alias: the same runner, only the file changed',
    edit: (p) => (p.action.runner_type = 'run-remote-script'),
    expect: [['file.changed', 'patch']],
  },
  {
    rule: 'workflow annotation kept from an import',
    edit: (p) => (p.workflow.pack = 'disk_full'),
    expect: [['workflow.metadata-changed', 'patch', 'pack']],
  },
  {
    rule: 'workflow disabled',
    edit: (p) => (p.workflow.enabled = false),
    expect: [['action.disabled', 'major', 'enabled']],
  },
  {
    rule: 'pack config with a required key and no default',
    edit: (p) => (p.files['config.schema.yaml'] = 'api_key:\n  type: string\n  required: true\n'),
    expect: [['parameter.added-required', 'major', 'api_key']],
  },
  {
    rule: 'Python requirement added',
    edit: (p) => (p.files['requirements.txt'] = 'requests>=2.20  # HTTP\n'),
    expect: [['requirement.added', 'minor', 'requests']],
  },
  {
    rule: 'transitions reordered and keys reordered: nothing a caller or the engine sees',
    edit: (p) => {
      p.workflow.workflow.tasks.diagnose.next.reverse();
      p.action.parameters = Object.fromEntries(Object.entries(p.action.parameters).reverse());
    },
    expect: [
      ['file.changed', 'patch'],
      ['file.changed', 'patch'],
    ],
  },
];

describe('diff rules: change → kind and weight', () => {
  for (const rule of RULES) {
    it(rule.rule, () => {
      const expected = rule.expect.map(([kind, weight, path]) => [kind, weight, path]);
      assert.deepEqual(changesOf(rule.edit), expected);
    });
  }

  it('covers every kind in CHANGE_KINDS, with the weight the table gives it', () => {
    const covered = new Map<ChangeKind, Weight>();
    for (const rule of RULES) for (const [kind, weight] of rule.expect) covered.set(kind, weight);
    // Kinds that need a second package shape to reach are covered by the dedicated tests below.
    covered.set('action.enabled', 'minor');
    // The pack-level kinds that need a StackStorm manifest on both sides: tests/unit/diff-pack-level.test.ts.
    for (const kind of [
      'requirement.removed',
      'requirement.changed',
      'python-version.dropped',
      'python-version.added',
      'stackstorm.pack-changed',
    ] as const) {
      covered.set(kind, CHANGE_KINDS[kind].weight);
    }
    for (const [kind, rule] of Object.entries(CHANGE_KINDS)) {
      assert.equal(covered.get(kind as ChangeKind), rule.weight, `rule table covers ${kind}`);
    }
  });

  it('reports an action being enabled again', () => {
    const before = basePackage();
    before.action.enabled = false;
    const diff = diffPackages({ files: filesOf(before) }, { files: filesOf(basePackage()) });
    assert.deepEqual(
      diff.changes.map((c) => [c.kind, c.weight]),
      [['action.enabled', 'minor']],
    );
  });
});

describe('diff changes carry their context', () => {
  it('names the subject, file, before and after, and says who breaks', () => {
    const after = basePackage();
    delete (after.action.parameters as Loose).threshold;
    const diff = diffPackages({ files: filesOf(basePackage()) }, { files: filesOf(after) });
    const change = diff.changes[0] as Change;
    assert.equal(change.kind, 'parameter.removed');
    assert.deepEqual(change.subject, { type: 'action', name: 'check_disk' });
    assert.equal(change.file, 'actions/check_disk.yaml');
    assert.deepEqual(change.before, { type: 'integer', default: 90, minimum: 1, maximum: 100 });
    assert.match(change.message, /`threshold`.*`check_disk`.*removed: callers that pass it will break/);
    assert.equal(diff.requiredBump, 'major');
    assert.deepEqual(diff.summary, { major: 1, minor: 0, patch: 0 });
  });

  it('sorts changes by weight, then subject, kind and path', () => {
    const after = basePackage() as Loose;
    after.files['README.md'] = 'changed\n';
    after.workflow.workflow.tasks.report.action = 'core.echo';
    delete after.action.parameters.token;
    after.manifest.dependencies['@community/pager'] = '^1.0.0';
    const diff = diffPackages({ files: filesOf(basePackage()) }, { files: filesOf(after) });
    assert.deepEqual(
      diff.changes.map((c) => c.kind),
      ['parameter.removed', 'dependency.added', 'task.action-changed', 'file.changed'],
    );
    assert.equal(diff.requiredBump, 'major');
  });

  it('reports no changes and no files for identical packages', () => {
    const diff = diffPackages({ files: filesOf(basePackage()) }, { files: filesOf(basePackage()) });
    assert.deepEqual(diff.changes, []);
    assert.deepEqual(diff.files, []);
    assert.equal(diff.requiredBump, 'none');
    assert.deepEqual(diff.from, { name: '@acme/disk-full', version: '1.4.0' });
  });

  it('matches a workflow without a name by its file stem', () => {
    const before = filesFromRecord({
      'workflows/x.yaml': 'workflow: { tasks: { a: { action: core.noop } } }\n',
    });
    const after = filesFromRecord({
      'workflows/x.yaml': 'workflow: { tasks: { a: { action: core.echo } } }\n',
    });
    const diff = diffPackages({ files: before }, { files: after });
    assert.deepEqual(
      diff.changes.map((c) => [c.kind, c.subject.name, c.path]),
      [['task.action-changed', 'x', 'a']],
    );
  });
});

describe('diff of odd documents', () => {
  const odd: Record<string, string> = {
    'parameters as a list': 'name: w\nparameters: [a, b]\nworkflow: { tasks: {} }\n',
    'null tasks and a string next': 'name: w\nworkflow: { tasks: { a: null, b: { next: c } } }\n',
    'workflow is a string': 'name: w\nworkflow: nope\n',
    'document is a scalar': '42\n',
    'output as a mapping, publish as a string':
      'name: w\nworkflow: { output: { x: 1 }, tasks: { a: { next: [{ publish: "x=1", do: [b, 3] }] } } }\n',
    'recursive alias': 'name: w\nworkflow: &w { tasks: { a: { input: *w } } }\n',
  };
  const normal =
    'name: w\nparameters: { a: { type: string } }\nworkflow: { tasks: { a: { action: core.noop } } }\n';
  for (const [name, text] of Object.entries(odd)) {
    it(`never throws: ${name}`, () => {
      const a = filesFromRecord({ 'workflows/w.yaml': normal });
      const b = filesFromRecord({ 'workflows/w.yaml': text });
      const forward = diffPackages({ files: a }, { files: b });
      const backward = diffPackages({ files: b }, { files: a });
      assert.ok(forward.files.length === 1 && backward.files.length === 1);
    });
  }

  it('treats an unparseable manifest as a change that cannot be judged', () => {
    const a = filesFromRecord({ 'patternhub.yaml': 'name: "@a/b"\nversion: 1.0.0\n' });
    const b = filesFromRecord({ 'patternhub.yaml': 'name: [\n' });
    const diff = diffPackages({ files: a }, { files: b });
    assert.deepEqual(
      diff.changes.map((c) => [c.kind, c.weight, c.file]),
      [['file.unparsed', 'major', 'patternhub.yaml']],
    );
    assert.deepEqual(diff.to, { name: '', version: '' });
  });

  it('reports nothing for a file broken the same way on both sides', () => {
    const files = filesFromRecord({ 'workflows/w.yaml': 'name: [\n' });
    assert.deepEqual(diffPackages({ files }, { files }).changes, []);
  });
});

describe('file diffs', () => {
  it('gives unified hunks with line numbers and counts', () => {
    const a = filesFromRecord({ 'run.sh': 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n' });
    const b = filesFromRecord({ 'run.sh': 'a\nb\nc\nd\ne\nF\ng\nh\ni\nj\nk\n' });
    const [file] = diffPackages({ files: a }, { files: b }).files;
    assert.ok(file);
    assert.equal(file.status, 'modified');
    assert.equal(file.added, 2);
    assert.equal(file.removed, 1);
    assert.deepEqual(
      file.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]),
      [[3, 8, 3, 9]],
    );
    assert.deepEqual(file.hunks[0]?.lines.slice(3, 5), ['-f', '+F']);
  });

  it('writes an added file as starting after line 0, as unified diff does', () => {
    const [file] = diffPackages(
      { files: filesFromRecord({}) },
      { files: filesFromRecord({ 'new.md': 'x\ny\n' }) },
    ).files;
    assert.deepEqual(file, {
      path: 'new.md',
      status: 'added',
      hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2, lines: ['+x', '+y'] }],
      added: 2,
      removed: 0,
    });
  });

  it('marks binary files and does not diff them', () => {
    const a = filesFromRecord({ 'logo.png': new Uint8Array([1, 0, 2]) });
    const b = filesFromRecord({ 'logo.png': new Uint8Array([1, 0, 3]) });
    const [file] = diffPackages({ files: a }, { files: b }).files;
    assert.deepEqual(file, {
      path: 'logo.png',
      status: 'modified',
      hunks: [],
      added: 0,
      removed: 0,
      binary: true,
    });
  });

  it('bounds the work on files too far apart, deterministically', () => {
    const lines = (prefix: string) => Array.from({ length: 300 }, (_, i) => `${prefix}${i}`).join('\n');
    const a = filesFromRecord({ 'big.txt': lines('a') });
    const b = filesFromRecord({ 'big.txt': lines('b') });
    const [file] = diffPackages({ files: a }, { files: b }, { maxEditLength: 100 }).files;
    assert.equal(file?.tooLarge, true);
    assert.equal(file?.added, 300);
    assert.equal(file?.removed, 300);
    assert.deepEqual(file?.hunks, []);
  });
});

/** The napalm pack (StackStorm exchange), converted to our format, as a realistic package. */
function napalmFiles(): PackageFiles {
  const root = join(import.meta.dirname, '..', 'fixtures', 'diff', 'napalm');
  const files: PackageFiles = new Map();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(root);
  return files;
}

function edited(files: PackageFiles, path: string, edit: (text: string) => string): PackageFiles {
  const copy = new Map(files);
  const text = textOf(files.get(path)!);
  const next = edit(text);
  assert.notEqual(next, text, `edit of ${path} applies`);
  copy.set(path, bytesOf(next));
  return copy;
}

describe('napalm pack, a real-world package', () => {
  it('1.0.1 → 1.1.0 changed only the version: no semantic change', () => {
    const before = napalmFiles();
    const after = edited(before, 'patternhub.yaml', (text) =>
      text.replace('version: 1.0.1', 'version: 1.1.0'),
    );
    const diff = diffPackages({ files: before }, { files: after });
    assert.deepEqual(diff.changes, []);
    assert.equal(diff.requiredBump, 'none');
    assert.deepEqual(
      diff.files.map((f) => [f.path, f.added, f.removed]),
      [['patternhub.yaml', 1, 1]],
    );
    assert.deepEqual(diff.to, { name: '@napalm/network', version: '1.1.0' });
  });

  it('finds the breaks in a plausible next release', () => {
    let after = napalmFiles();
    // ping loses its `count` knob, get_log reads more lines by default, the workflow pages on errors.
    after = edited(after, 'actions/ping.yaml', (text) => text.replace(/ {2}count:\n(?: {4}.*\n)+/, ''));
    after = edited(after, 'actions/get_log.yaml', (text) => text.replace('default: 5', 'default: 20'));
    after = edited(after, 'workflows/interface_down.yaml', (text) =>
      text
        .replace('lastlines: 10', 'lastlines: 50')
        .replace(
          '      next:\n        - do: fail',
          '      next:\n        - do: page\n    page:\n      action: core.noop\n      next:\n        - do: fail',
        ),
    );
    const diff = diffPackages({ files: napalmFiles() }, { files: after });
    assert.deepEqual(
      diff.changes.map((c) => [c.kind, c.weight, c.subject.name, c.path]),
      [
        ['parameter.removed', 'major', 'ping', 'count'],
        ['task.added', 'minor', 'interface_down_workflow', 'page'],
        ['task.input-changed', 'minor', 'interface_down_workflow', 'show_log'],
        ['task.transitions-changed', 'minor', 'interface_down_workflow', 'notify_on_error'],
        ['parameter.default-changed', 'minor', 'get_log', 'lastlines'],
      ],
    );
    assert.equal(diff.requiredBump, 'major');
  });
});
