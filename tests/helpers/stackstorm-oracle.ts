/**
 * What the tests check exported packs against: StackStorm's API models (JSON Schemas recorded from
 * the st2 oracle by scripts/stackstorm/record-st2-facts.py) and Orquesta's inspector (verdicts
 * recorded by scripts/stackstorm/record-inspections.ts). No Python at test time.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { type PackageFiles, textOf } from '../../src/core/package-files.js';
import { parsePackYaml } from '../../src/core/stackstorm/index.js';

const ORACLE_DIR = join(import.meta.dirname, '..', 'fixtures', 'stackstorm-oracle');

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ORACLE_DIR, name), 'utf8')) as Record<string, unknown>;
}

let compiled: { pack: ReturnType<Ajv['compile']>; action: ReturnType<Ajv['compile']> } | undefined;

function validators() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema(load('st2-action-params.schema.json'));
    ajv.addSchema(load('st2-action-output.schema.json'));
    compiled = {
      pack: ajv.compile(load('st2-pack.schema.json')),
      action: ajv.compile(load('st2-action.schema.json')),
    };
  }
  return compiled;
}

/** StackStorm API model errors of a `pack.yaml` document (empty when StackStorm accepts it). */
export function st2PackErrors(doc: unknown): string[] {
  const validate = validators().pack;
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** StackStorm API model errors of an action metadata document. */
export function st2ActionErrors(doc: unknown): string[] {
  const validate = validators().action;
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The runners StackStorm registers, with their aliases, as recorded from its runner metadata. */
export function st2Runners(): Array<{ name: string; aliases: string[]; parameters: string[] }> {
  return JSON.parse(readFileSync(join(ORACLE_DIR, 'runners.json'), 'utf8'));
}

/** Paths of the Orquesta definitions in a pack: the entry points of its orquesta actions. */
export function orquestaDefinitions(
  files: PackageFiles,
  parse: (text: string, file: string) => unknown,
): string[] {
  const found: string[] = [];
  for (const [path, bytes] of files) {
    if (!/^actions\/[^/]+\.ya?ml$/.test(path)) continue;
    const doc = parse(textOf(bytes), path) as Record<string, unknown> | null;
    if (
      doc &&
      (doc.runner_type === 'orquesta' || doc.runner_type === 'orchestra') &&
      typeof doc.entry_point === 'string'
    ) {
      found.push(`actions/${doc.entry_point}`);
    }
  }
  return found.sort();
}

/**
 * Orquesta's recorded verdict on a definition's exact text, or undefined when it was never recorded
 * (then run scripts/stackstorm/record-inspections.ts: export's output changed).
 */
export function recordedVerdict(text: string): { ok: boolean; errors: unknown } | undefined {
  const verdicts = load('orquesta-verdicts.json') as Record<string, { ok: boolean; errors: unknown }>;
  return verdicts[createHash('sha256').update(text).digest('hex')];
}

/**
 * A pack as StackStorm reads it, formatting aside: YAML files parsed as PyYAML would (YAML 1.1),
 * other files as text. Two packs are "the same pack" when their views are deeply equal.
 */
export function packView(files: PackageFiles): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [path, bytes] of files) {
    view[path] = /\.ya?ml$/.test(path) ? parsePackYaml(textOf(bytes), path) : textOf(bytes);
  }
  return view;
}

function yamlOf(files: PackageFiles, path: string): unknown {
  return parsePackYaml(textOf(files.get(path)!), path);
}

/**
 * Asserts StackStorm accepts an exported pack: `pack.yaml` and every action's metadata pass its API
 * models, and each Orquesta definition has a recorded inspector verdict. Given the pack as imported,
 * each definition must fare no worse than it did there: accepted, or refused for the same findings.
 */
export function assertStackStormAccepts(
  exported: PackageFiles,
  label: string,
  imported?: PackageFiles,
): void {
  assert.deepEqual(st2PackErrors(yamlOf(exported, 'pack.yaml')), [], `${label}: pack.yaml`);
  for (const path of exported.keys()) {
    if (/^actions\/[^/]+\.ya?ml$/.test(path)) {
      assert.deepEqual(st2ActionErrors(yamlOf(exported, path)), [], `${label}: ${path}`);
    }
  }
  for (const path of orquestaDefinitions(exported, parsePackYaml)) {
    const verdict = recordedVerdict(textOf(exported.get(path)!));
    assert.ok(
      verdict,
      `${label}: ${path} has a recorded verdict (run scripts/stackstorm/record-inspections.ts)`,
    );
    const original = imported?.get(path);
    const before = original ? recordedVerdict(textOf(original)) : { ok: true, errors: {} };
    assert.ok(before, `${label}: the imported ${path} has a recorded verdict`);
    if (before.ok) assert.equal(verdict.ok, true, `${label}: ${path} ${JSON.stringify(verdict.errors)}`);
    else assert.deepEqual(verdict.errors, before.errors, `${label}: ${path}`);
  }
}
