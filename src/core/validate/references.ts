import { coreAction, coreActionNames, effectiveParameters } from '../catalogue/index.js';
import { pointerTo } from '../json-pointer.js';
import { parseActionRef } from '../names.js';
import { MANIFEST_FILE } from '../package-files.js';
import type { Manifest, PackageContents, ParameterSpec } from '../types.js';
import type { IssueList } from './issues.js';
import type { TaskModel, WorkflowModel } from './model.js';
import { isKnownRunner } from './runners.js';

/** Looks up what a dependency offers; undefined when its contents are not known. */
export type DependencyLookup = (name: string) => PackageContents | undefined;

/** What a task's `action:` resolved to. */
interface Callee {
  /** `@scope/pkg.member`, for messages. */
  ref: string;
  parameters: Record<string, ParameterSpec>;
  /** The runner whose own parameters the task may also give (`orquesta` for a sub-workflow). */
  runnerType: string;
}

const EXPRESSION_MARKERS = ['<%', '{{', '{%'];

/**
 * Looks up the contents of every declared dependency once. A dependency whose contents are unknown
 * gets a `DEPENDENCY_NOT_CHECKED` warning: calls into it cannot be checked.
 */
export function lookUpDependencies(
  manifest: Manifest,
  lookup: DependencyLookup | undefined,
  issues: IssueList,
): Map<string, PackageContents | undefined> {
  const found = new Map<string, PackageContents | undefined>();
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name === manifest.name) continue; // SELF_DEPENDENCY, reported with the manifest.
    const contents = lookup?.(name);
    found.set(name, contents);
    if (contents === undefined) {
      issues.add(
        'DEPENDENCY_NOT_CHECKED',
        MANIFEST_FILE,
        pointerTo('/dependencies', name),
        `the contents of ${name} are not known, so calls into it were not checked`,
      );
    }
  }
  return found;
}

function findMember(contents: PackageContents, packageName: string, member: string): Callee | undefined {
  const ref = `${packageName}.${member}`;
  const action = contents.actions.find((candidate) => candidate.name === member);
  if (action) return { ref, parameters: action.parameters, runnerType: action.runnerType };
  const workflow = contents.workflows.find((candidate) => candidate.name === member);
  if (workflow) return { ref, parameters: workflow.parameters, runnerType: 'orquesta' };
  return undefined;
}

function hasNoDefault(spec: ParameterSpec): boolean {
  return spec.default === undefined || spec.default === null;
}

/**
 * Checks a task's input keys against the callee's parameters merged with its runner's, as StackStorm
 * merges them (a runner's parameters are parameters of every action of that runner).
 */
function checkInputs(file: string, task: TaskModel, callee: Callee, issues: IssueList): void {
  const { input } = task;
  if (input.kind === 'expression') return; // The keys are only known at run time.
  const keys = input.kind === 'map' ? input.keys : [];
  // A key written as an expression is only known at run time.
  const given = keys.filter((key) => !EXPRESSION_MARKERS.some((marker) => key.name.includes(marker)));
  const dynamicKeys = given.length < keys.length;
  const parameters = effectiveParameters(callee.runnerType, callee.parameters);
  const runnerKnown = isKnownRunner(callee.runnerType);
  for (const key of given) {
    const spec = parameters[key.name];
    if (spec) {
      if (spec.immutable === true) {
        issues.add('IMMUTABLE_INPUT', file, key.pointer, `${callee.ref} declares "${key.name}" immutable`);
      }
    } else {
      // A custom runner may take parameters Patternhub cannot know of: warn rather than refuse.
      issues.add(
        'UNKNOWN_INPUT',
        file,
        key.pointer,
        `"${key.name}" is not a parameter of ${callee.ref}`,
        runnerKnown ? 'error' : 'warning',
      );
    }
  }
  const givenNames = new Set(given.map((key) => key.name));
  for (const [name, spec] of Object.entries(parameters)) {
    if (!dynamicKeys && spec.required === true && hasNoDefault(spec) && !givenNames.has(name)) {
      issues.add(
        'MISSING_REQUIRED_INPUT',
        file,
        input.kind === 'map' ? input.pointer : task.pointer,
        `${callee.ref} requires "${name}", which has no default`,
      );
    }
  }
}

/**
 * Checks every task's `action:`: it is `core.*`, or `@scope/pkg.member` of the package itself or of
 * a declared dependency, the member exists, and the task's input fits its parameters.
 */
export function checkTaskCalls(
  workflow: WorkflowModel,
  manifest: Manifest,
  own: PackageContents,
  dependencies: Map<string, PackageContents | undefined>,
  issues: IssueList,
): void {
  const { file } = workflow;
  for (const task of workflow.tasks) {
    if (!task.action) continue; // An action-less task is a no-op, used to branch or join.
    const { ref: text, pointer } = task.action;
    if (EXPRESSION_MARKERS.some((marker) => text.includes(marker))) {
      issues.add('DYNAMIC_ACTION', file, pointer, `the action "${text}" is only known at run time`);
      continue;
    }
    const ref = parseActionRef(text);
    if (!ref) {
      issues.add(
        'UNKNOWN_ACTION',
        file,
        pointer,
        `"${text}" is not an action reference: use @scope/package.action, or core.* for a built-in`,
      );
      continue;
    }
    if (ref.builtin) {
      // StackStorm's core pack: an unknown name fails when the task runs.
      const builtin = coreAction(text);
      if (builtin) checkInputs(file, task, builtin, issues);
      else {
        issues.add(
          'UNKNOWN_ACTION',
          file,
          pointer,
          `"${text}" is not an action of StackStorm's core pack (${coreActionNames().join(', ')})${/\s/.test(text) ? '; inline input values must be quoted, numbers, booleans, null, lists or expressions' : ''}`,
        );
      }
      continue;
    }
    const packageName = ref.packageName!;
    let contents: PackageContents | undefined;
    if (packageName === manifest.name) {
      contents = own;
    } else if (!dependencies.has(packageName)) {
      issues.add(
        'UNDECLARED_DEPENDENCY',
        file,
        pointer,
        `${packageName} is not in the manifest's dependencies; add it to call ${text}`,
      );
      continue;
    } else {
      contents = dependencies.get(packageName);
      if (!contents) continue; // DEPENDENCY_NOT_CHECKED was reported once for the manifest.
    }
    const callee = findMember(contents, packageName, ref.member);
    if (!callee) {
      issues.add('UNKNOWN_ACTION', file, pointer, `${packageName} has no action or workflow "${ref.member}"`);
      continue;
    }
    checkInputs(file, task, callee, issues);
  }
}
