/**
 * Reads a pattern package's test cases (`tests/*.yaml`): parses each, checks it against
 * schema/pattern-test.schema.json, and checks that the workflow and every task it names exist.
 * Every problem is an issue with its file and JSON pointer.
 */

import { readWorkflowSpec } from '../engine/spec.js';
import { RegistryError } from '../errors.js';
import { pointerTo } from '../json-pointer.js';
import { type PackageFiles, sortedPaths, textOf } from '../package-files.js';
import type { ValidationIssue } from '../types.js';
import { IssueList } from '../validate/issues.js';
import { checkSchema } from '../validate/schema-issues.js';
import { isRecord } from '../validate/values.js';
import { parseYaml } from '../yaml.js';

const TEST_FILE = /^tests\/([^/]+)\.ya?ml$/;
const WORKFLOW_FILE = /^workflows\/([^/]+)\.ya?ml$/;
/** A StackStorm pack keeps its Orquesta definitions here, without our `workflow:` wrapper. */
const PACK_WORKFLOW_FILE = /^actions\/workflows\/([^/]+)\.ya?ml$/;
const ENGINE_TASKS = new Set(['continue', 'fail', 'noop']);

export type OutcomeSpec = { status?: 'succeeded' | 'failed'; result?: unknown };
export type ActionMock = OutcomeSpec | OutcomeSpec[] | { items: (OutcomeSpec | OutcomeSpec[])[] };

/** One test case, schema-valid and checked against its workflow. */
export interface PatternTestCase {
  file: string;
  name: string;
  description: string | undefined;
  workflow: string;
  /** The workflow's Orquesta definition (its `workflow:` block). */
  definition: unknown;
  input: Record<string, unknown>;
  /** StackStorm datastore values for `st2kv()`. */
  st2kv: Record<string, unknown>;
  /** The parent context StackStorm would pass (`ctx('st2')`), when given. */
  st2: Record<string, unknown> | undefined;
  actions: Record<string, ActionMock>;
  expect: {
    status?: 'succeeded' | 'failed';
    tasks?: (string | string[])[];
    task_status?: Record<string, 'succeeded' | 'failed'>;
    output?: Record<string, unknown>;
    context?: Record<string, unknown>;
  };
}

export interface LoadedTests {
  cases: PatternTestCase[];
  issues: ValidationIssue[];
}

/** Whether a package path is a test case file. */
export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

interface WorkflowDoc {
  definition: unknown;
  /** Defaults of the workflow's parameters: StackStorm fills them in before the workflow starts. */
  defaults: Record<string, unknown>;
}

function parameterDefaults(parameters: unknown): Record<string, unknown> {
  if (!isRecord(parameters)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(parameters))
    if (isRecord(p) && Object.hasOwn(p, 'default')) out[name] = p.default;
  return out;
}

/**
 * The workflows of a package by name: `workflows/*.yaml` (the document's `name`, else the file
 * stem), and in a StackStorm pack the Orquesta files under `actions/workflows/` (the file stem).
 */
function workflowsOf(files: PackageFiles): Map<string, WorkflowDoc> {
  const out = new Map<string, WorkflowDoc>();
  for (const path of sortedPaths(files)) {
    const m = WORKFLOW_FILE.exec(path);
    const pack = PACK_WORKFLOW_FILE.exec(path);
    if (!m && !pack) continue;
    try {
      const doc = parseYaml(textOf(files.get(path)!), path);
      if (m && isRecord(doc) && isRecord(doc.workflow)) {
        out.set(typeof doc.name === 'string' ? doc.name : m[1]!, {
          definition: doc.workflow,
          defaults: parameterDefaults(doc.parameters),
        });
      }
      if (pack && isRecord(doc) && isRecord(doc.tasks) && !out.has(pack[1]!)) {
        out.set(pack[1]!, { definition: doc, defaults: {} });
      }
    } catch {
      // A workflow that does not parse is validation's to report.
    }
  }
  return out;
}

/** Loads and checks every `tests/*.yaml` of a package. */
export function loadPatternTests(files: PackageFiles): LoadedTests {
  const issues = new IssueList();
  const cases: PatternTestCase[] = [];
  const workflows = workflowsOf(files);
  for (const path of sortedPaths(files)) {
    const m = TEST_FILE.exec(path);
    if (!m) continue;
    let doc: unknown;
    try {
      doc = parseYaml(textOf(files.get(path)!), path);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      issues.add('INVALID_YAML', path, '', error.message);
      continue;
    }
    if (!checkSchema('pattern-test', doc, path, issues)) continue;
    const d = doc as Record<string, unknown>;
    const workflowDoc = workflows.get(d.workflow as string);
    if (workflowDoc === undefined) {
      issues.add(
        'TEST_UNKNOWN_WORKFLOW',
        path,
        '/workflow',
        `no workflow named "${String(d.workflow)}" under workflows/`,
      );
      continue;
    }
    const tasks = readWorkflowSpec(workflowDoc.definition).tasks;
    const before = issues.items.length;
    const actions = (d.actions ?? {}) as Record<string, ActionMock>;
    for (const name of Object.keys(actions)) {
      if (!tasks.has(name)) {
        issues.add(
          'TEST_UNKNOWN_TASK',
          path,
          pointerTo('', 'actions', name),
          `workflow "${String(d.workflow)}" has no task "${name}"`,
        );
      }
    }
    const expect = (d.expect ?? {}) as PatternTestCase['expect'];
    (expect.tasks ?? []).forEach((entry, i) => {
      const names = Array.isArray(entry) ? entry : [entry];
      names.forEach((name, j) => {
        if (tasks.has(name) || ENGINE_TASKS.has(name)) return;
        const at = Array.isArray(entry) ? ['expect', 'tasks', i, j] : ['expect', 'tasks', i];
        issues.add(
          'TEST_UNKNOWN_TASK',
          path,
          pointerTo('', ...at),
          `workflow "${String(d.workflow)}" has no task "${name}"`,
        );
      });
    });
    for (const name of Object.keys(expect.task_status ?? {})) {
      if (!tasks.has(name) && !ENGINE_TASKS.has(name)) {
        issues.add(
          'TEST_UNKNOWN_TASK',
          path,
          pointerTo('', 'expect', 'task_status', name),
          `workflow "${String(d.workflow)}" has no task "${name}"`,
        );
      }
    }
    if (issues.items.length > before) continue;
    cases.push({
      file: path,
      name: m[1]!,
      description: typeof d.description === 'string' ? d.description : undefined,
      workflow: d.workflow as string,
      definition: workflowDoc.definition,
      input: { ...workflowDoc.defaults, ...((d.input ?? {}) as Record<string, unknown>) },
      st2kv: (d.st2kv ?? {}) as Record<string, unknown>,
      st2: isRecord(d.st2) ? d.st2 : undefined,
      actions,
      expect,
    });
  }
  return { cases, issues: issues.items };
}
