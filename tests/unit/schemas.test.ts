import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateSchemaValidators, OUTPUT } from '../../scripts/schema-validators.mjs';
import { getValidator, SCHEMA_IDS, SCHEMAS, type SchemaName, schemaErrors } from '../../src/core/schemas.js';
import { parseYaml } from '../../src/core/yaml.js';
import { STACKSTORM_DIR } from './validate-fixtures.js';

const validateManifestDoc = (doc: unknown) => schemaErrors('manifest', doc);
const validateActionDoc = (doc: unknown) => schemaErrors('action', doc);
const validateWorkflowDoc = (doc: unknown) => schemaErrors('workflow', doc);
/** A bare Orquesta definition (StackStorm's `actions/workflows/<name>.yaml`): the `workflow:` block. */
const validateOrquestaDefinition = (definition: unknown) =>
  validateWorkflowDoc({ name: 'x', workflow: definition }).filter((error) =>
    error.instancePath.startsWith('/workflow'),
  );

const manifest = (extra: Record<string, unknown> = {}) => ({
  name: '@acme/disk-full',
  version: '1.4.0',
  kind: 'pattern',
  description: 'Free space on a host.',
  ...extra,
});

const workflow = (definition: Record<string, unknown>) => ({ name: 'w', workflow: definition });
const oneTask = (task: Record<string, unknown>) => workflow({ tasks: { t: task } });

function readYaml(path: string): unknown {
  return parseYaml(readFileSync(path, 'utf8'), path);
}

interface SampleAction {
  pack: string;
  file: string;
  doc: { runner_type?: string; entry_point?: string };
}

function sampleActions(): SampleAction[] {
  return readdirSync(STACKSTORM_DIR)
    .sort()
    .flatMap((pack) => {
      const dir = join(STACKSTORM_DIR, pack, 'actions');
      return readdirSync(dir)
        .filter((file) => file.endsWith('.yaml'))
        .sort()
        .map((file) => ({ pack, file, doc: readYaml(join(dir, file)) as SampleAction['doc'] }));
    });
}

describe('compiled schema validators', () => {
  it('are generated from the current schemas (run `npm run build` after editing schema/)', () => {
    assert.equal(readFileSync(OUTPUT, 'utf8'), generateSchemaValidators());
  });
});

describe('schemas', () => {
  it('compile with strict mode and carry their published $id', () => {
    for (const name of Object.keys(SCHEMAS) as SchemaName[]) {
      assert.equal(typeof getValidator(name), 'function');
      assert.equal(SCHEMA_IDS[name], `https://patternhub.dev/schema/${name}.schema.json`);
    }
  });

  it('document every field with a description', () => {
    const missing: string[] = [];
    // Walks schema positions only (not the maps that hold them), so a property named `properties`
    // is a field like any other.
    const visit = (schema: unknown, path: string): void => {
      if (typeof schema !== 'object' || schema === null) return;
      const node = schema as Record<string, unknown>;
      for (const keyword of ['properties', '$defs', 'patternProperties']) {
        for (const [name, child] of Object.entries((node[keyword] ?? {}) as Record<string, unknown>)) {
          const field = child as Record<string, unknown>;
          if (typeof field.description !== 'string' && typeof field.$ref !== 'string') {
            missing.push(`${path}/${keyword}/${name}`);
          }
          visit(child, `${path}/${keyword}/${name}`);
        }
      }
      for (const keyword of ['items', 'additionalProperties', 'propertyNames', 'not']) {
        visit(node[keyword], `${path}/${keyword}`);
      }
      for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
        ((node[keyword] ?? []) as unknown[]).forEach((child, index) => {
          visit(child, `${path}/${keyword}/${index}`);
        });
      }
    };
    for (const [name, schema] of Object.entries(SCHEMAS)) visit(schema, name);
    assert.deepEqual(missing, []);
  });
});

describe('manifest.schema.json', () => {
  it('accepts the manifest of DESIGN.md', () => {
    const doc = manifest({
      keywords: ['disk', 'linux'],
      license: 'Apache-2.0',
      authors: ['Ops Team <ops@acme.example>'],
      repository: 'https://git.acme.example/ops/patterns',
      homepage: 'https://acme.example/patterns',
      access: 'private',
      dependencies: { '@community/linux': '^2.1.0', '@community/chatops': '~1.3.0' },
      files: ['README.md', 'workflows/', 'docs/'],
    });
    assert.deepEqual(validateManifestDoc(doc), []);
  });

  it('refuses names that are not @scope/name with lower-case letters, digits and hyphens', () => {
    for (const name of [
      'acme/disk',
      '@Acme/disk',
      '@acme/disk.full',
      '@acme/-disk',
      '@acme/',
      `@acme/${'a'.repeat(65)}`,
    ]) {
      const errors = validateManifestDoc(manifest({ name }));
      assert.ok(
        errors.some((error) => error.instancePath === '/name'),
        name,
      );
    }
  });

  it('accepts semver 2.0 versions and refuses the rest', () => {
    for (const version of ['0.0.1', '1.4.0', '2.0.0-rc.1', '1.0.0-alpha.beta+build.7', '10.20.30+meta']) {
      assert.deepEqual(validateManifestDoc(manifest({ version })), [], version);
    }
    for (const version of ['1.0', '01.0.0', '1.0.0-', 'v1.0.0', '1.0.0-01', '1']) {
      assert.ok(
        validateManifestDoc(manifest({ version })).some((error) => error.instancePath === '/version'),
        version,
      );
    }
  });

  it('requires name, version, kind and description, and refuses unknown fields', () => {
    const errors = validateManifestDoc({ licence: 'MIT' });
    const missing = errors
      .filter((error) => error.keyword === 'required')
      .map((error) => error.params.missingProperty);
    assert.deepEqual(missing.sort(), ['description', 'kind', 'name', 'version']);
    assert.ok(errors.some((error) => error.keyword === 'additionalProperties'));
  });

  it('checks kind, access, dependency names and file paths', () => {
    assert.ok(validateManifestDoc(manifest({ kind: 'library' })).some((e) => e.instancePath === '/kind'));
    assert.ok(
      validateManifestDoc(manifest({ access: 'internal' })).some((e) => e.instancePath === '/access'),
    );
    assert.ok(validateManifestDoc(manifest({ dependencies: { linux: '^1.0.0' } })).length > 0);
    assert.ok(validateManifestDoc(manifest({ dependencies: { '@community/linux': 2 } })).length > 0);
    for (const path of ['/etc/passwd', '../secrets', 'docs/../../x', 'a\\b']) {
      assert.ok(
        validateManifestDoc(manifest({ files: [path] })).some((e) => e.instancePath === '/files/0'),
        path,
      );
    }
    assert.deepEqual(validateManifestDoc(manifest({ files: ['docs/', '.github/x.md', 'a..b'] })), []);
  });
});

describe('action.schema.json', () => {
  const samples = sampleActions();

  it('has StackStorm samples to check', () => {
    assert.ok(samples.length >= 50, `found ${samples.length}`);
  });

  for (const sample of samples) {
    it(`accepts StackStorm ${sample.pack}/actions/${sample.file}`, () => {
      assert.deepEqual(validateActionDoc(sample.doc), []);
    });
  }

  it('accepts the action of DESIGN.md, both output_schema forms, tags and notify', () => {
    const action = {
      name: 'check_disk',
      description: 'Report usage.',
      runner_type: 'remote-shell-script',
      entry_point: 'check_disk.sh',
      parameters: {
        hosts: { type: 'string', required: true, description: 'Hosts to check' },
        threshold: { type: 'integer', default: 90, minimum: 0, maximum: 100 },
        token: { type: 'string', secret: true },
        mode: { type: 'string', enum: ['fast', 'full'], immutable: true, default: 'fast', position: 0 },
        paths: { type: 'array', items: { type: 'string' }, minItems: 1 },
        options: { type: 'object', properties: { depth: { type: 'integer' } }, additionalProperties: false },
        raw: { type: 'raw_string' },
      },
      output_schema: { usage: { type: 'array' } },
      tags: [{ name: 'team', value: 'ops' }],
      notify: { on_failure: { message: 'check_disk failed', routes: ['ops'] } },
    };
    assert.deepEqual(validateActionDoc(action), []);
    const wholeSchema = {
      ...action,
      output_schema: { type: 'object', properties: { usage: { type: 'array' } } },
    };
    assert.deepEqual(validateActionDoc(wholeSchema), []);
  });

  it('refuses unknown fields, bad parameter names and types, and requires name and runner_type', () => {
    const errors = validateActionDoc({
      parameters: {
        'bad-name': { type: 'string' },
        ok: { type: 'str' },
        extra: { type: 'string', color: 'red' },
      },
      runner: 'x',
    });
    const at = (pointer: string) => errors.some((error) => error.instancePath === pointer);
    assert.ok(
      errors.some((error) => error.keyword === 'required' && error.params.missingProperty === 'name'),
    );
    assert.ok(
      errors.some((error) => error.keyword === 'required' && error.params.missingProperty === 'runner_type'),
    );
    assert.ok(errors.some((error) => error.keyword === 'additionalProperties' && error.instancePath === ''));
    assert.ok(at('/parameters'), 'parameter name');
    assert.ok(at('/parameters/ok/type'), 'parameter type');
    assert.ok(at('/parameters/extra'), 'unknown parameter field');
    assert.ok(
      validateActionDoc({ name: 'a', runner_type: 'x', parameters: { p: { required: 'yes' } } }).length > 0,
    );
  });
});

describe('workflow.schema.json', () => {
  const orquesta = sampleActions().filter((sample) => sample.doc.runner_type === 'orquesta');

  it('has StackStorm Orquesta samples to check', () => {
    assert.ok(orquesta.length >= 4, `found ${orquesta.length}`);
  });

  for (const sample of orquesta) {
    it(`accepts the Orquesta definition of StackStorm ${sample.pack}/actions/${sample.file}`, () => {
      const definition = readYaml(join(STACKSTORM_DIR, sample.pack, 'actions', sample.doc.entry_point!));
      assert.deepEqual(validateOrquestaDefinition(definition), []);
      assert.deepEqual(validateWorkflowDoc({ name: 'x', workflow: definition }), []);
    });
  }

  it('refuses an action-chain definition, which is not Orquesta', () => {
    const chain = readYaml(join(STACKSTORM_DIR, 'st2-2.0.2', 'actions', 'workflows', 'call_home.yaml'));
    assert.ok(validateOrquestaDefinition(chain).length > 0);
  });

  it('accepts version 1.0 as the number YAML makes of it, or as a string, and nothing else', () => {
    const parsed = parseYaml('version: 1.0\ntasks: { t: { action: core.noop } }\n', 'w.yaml') as {
      version: unknown;
    };
    assert.equal(parsed.version, 1);
    assert.deepEqual(validateOrquestaDefinition(parsed), []);
    assert.deepEqual(
      validateOrquestaDefinition({ version: '1.0', tasks: { t: { action: 'core.noop' } } }),
      [],
    );
    for (const version of [2, '2.0', 1.1, '1']) {
      assert.ok(
        validateOrquestaDefinition({ version, tasks: { t: { action: 'core.noop' } } }).length > 0,
        String(version),
      );
    }
  });

  it('requires at least one task, named with word characters', () => {
    assert.ok(validateWorkflowDoc(workflow({})).length > 0);
    assert.ok(validateWorkflowDoc(workflow({ tasks: {} })).length > 0);
    // Engine command names (`fail`, `noop`, …) are refused by validation's RESERVED_TASK_NAME, as
    // Orquesta's semantic check does, not by the schema.
    for (const name of ['my-task', 'a b', 'a.b']) {
      assert.ok(
        validateWorkflowDoc(workflow({ tasks: { [name]: { action: 'core.noop' } } })).some(
          (e) => e.instancePath === '/workflow/tasks',
        ),
        name,
      );
    }
    assert.deepEqual(validateWorkflowDoc(workflow({ tasks: { task_1: { action: 'core.noop' } } })), []);
    // Orquesta takes Python's \w, which includes letters of every script.
    assert.deepEqual(validateWorkflowDoc(workflow({ tasks: { tâche: { action: 'core.noop' } } })), []);
    // Orquesta crashes on an empty task.
    assert.ok(validateWorkflowDoc(workflow({ tasks: { t: {} } })).length > 0);
  });

  it('accepts input as names or one-key maps, vars and output as one-key maps', () => {
    const ok = {
      input: ['host', { channel: '#ops' }],
      vars: [{ usage: null }],
      output: [{ u: '<% ctx().usage %>' }],
      tasks: { t: { action: 'core.noop' } },
    };
    assert.deepEqual(validateWorkflowDoc(workflow(ok)), []);
    assert.ok(validateWorkflowDoc(workflow({ ...ok, vars: ['usage'] })).length > 0);
    assert.ok(validateWorkflowDoc(workflow({ ...ok, input: [{ a: 1, b: 2 }] })).length > 0);
    assert.ok(validateWorkflowDoc(workflow({ ...ok, output: [] })).length > 0);
  });

  it('accepts every task field of Orquesta native v1', () => {
    const task = {
      action: 'core.local',
      input: { cmd: 'echo <% item() %>' },
      with: { items: 'host in <% ctx().hosts %>', concurrency: 2 },
      retry: { when: '<% failed() %>', count: 3, delay: 5 },
      delay: 10,
      join: 'all',
      next: [
        { when: '<% succeeded() %>', publish: [{ out: '<% result() %>' }], do: 'a, b' },
        { publish: 'x=<% result() %> y="z"', do: ['a', 'b'] },
        { when: '<% failed() %>', do: 'fail' },
      ],
    };
    assert.deepEqual(
      validateWorkflowDoc(
        workflow({ tasks: { t: task, a: { action: 'core.noop' }, b: { action: 'core.noop' } } }),
      ),
      [],
    );
    assert.deepEqual(
      validateWorkflowDoc(oneTask({ action: 'core.echo', with: '<% ctx().xs %>', input: '<% ctx().all %>' })),
      [],
    );
    assert.deepEqual(validateWorkflowDoc(oneTask({ join: 2, delay: '<% ctx().wait %>' })), []);
  });

  it('refuses malformed tasks', () => {
    const bad: Record<string, unknown>[] = [
      { 'on-success': 'x' },
      { join: 'some' },
      { join: -1 }, // join: 0 is allowed by Orquesta
      { retry: { delay: 5 } },
      { retry: { count: -1 } },
      { action: 'core.echo', with: { items: 'ctx().xs' } },
      { next: [{}] }, // Orquesta crashes on an empty transition
      { input: {} },
      { input: '' },
      { next: { do: 'x' } },
      { next: [{ do: [] }] },
      { next: [{ publish: [] }] },
      { next: [{ goto: 'x' }] },
      { action: '' },
    ];
    for (const task of bad) {
      assert.ok(validateWorkflowDoc(oneTask(task)).length > 0, JSON.stringify(task));
    }
  });

  it('requires name and workflow, and takes parameters in the action style', () => {
    assert.ok(
      validateWorkflowDoc({ workflow: { tasks: { t: { action: 'core.noop' } } } }).some(
        (e) => e.keyword === 'required',
      ),
    );
    assert.ok(validateWorkflowDoc({ name: 'w' }).some((e) => e.keyword === 'required'));
    const doc = {
      ...oneTask({ action: 'core.noop' }),
      parameters: { host: { type: 'string', required: true } },
    };
    assert.deepEqual(validateWorkflowDoc(doc), []);
    const bad = { ...oneTask({ action: 'core.noop' }), parameters: { host: { type: 'text' } } };
    assert.ok(validateWorkflowDoc(bad).some((e) => e.instancePath === '/parameters/host/type'));
  });
});
