import { pointerTo } from '../json-pointer.js';
import type { IssueList } from './issues.js';
import type { WorkflowModel } from './model.js';
import { isRecord } from './values.js';

/** Names StackStorm puts in every workflow's context besides the inputs: `ctx().st2`, `ctx().parent`. */
export const ENGINE_CONTEXT_NAMES: ReadonlySet<string> = new Set(['st2', 'parent']);

/** YAQL `<% … %>`, Jinja `{{ … }}` and Jinja statements `{% … %}`. */
const EXPRESSION = /<%([\s\S]*?)%>|\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g;

/** `ctx().name`; or a method of the context dictionary, `ctx().get('name', default)`, `ctx().keys()`. */
const CTX_MEMBER = /\bctx\(\s*\)\s*\.\s*([A-Za-z_]\w*)(\s*\(\s*(?:(['"])(\w+)\3)?)?/g;
/** `ctx()['name']`, `ctx()["name"]`. */
const CTX_INDEX = /\bctx\(\s*\)\s*\[\s*(['"])(\w+)\1\s*\]/g;
/** `ctx('name')`, `ctx("name")`, and YAQL's unquoted `ctx(name)`. */
const CTX_CALL = /\bctx\(\s*(?:(['"])(\w+)\1|([A-Za-z_]\w*))\s*\)/g;

/** The bodies of every expression in a string. */
export function expressionsIn(text: string): string[] {
  return [...text.matchAll(EXPRESSION)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/** The context variables an expression body reads, in order of appearance, without repeats. */
export function contextReads(expression: string): string[] {
  const names: string[] = [];
  for (const match of expression.matchAll(CTX_MEMBER)) {
    const [, member, call, , argument] = match;
    if (call === undefined) names.push(member!);
    // A method call reads one variable only as `get('name')`; `keys()`, `items()`… read them all.
    else if (member === 'get' && argument !== undefined) names.push(argument);
  }
  for (const match of expression.matchAll(CTX_INDEX)) names.push(match[2]!);
  for (const match of expression.matchAll(CTX_CALL)) names.push(match[2] ?? match[3]!);
  return [...new Set(names)];
}

/** Calls `visit` with every string value under `value`, and its JSON pointer. */
export function walkStrings(
  value: unknown,
  pointer: string,
  visit: (text: string, pointer: string) => void,
): void {
  if (typeof value === 'string') {
    visit(value, pointer);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walkStrings(item, pointerTo(pointer, index), visit);
    });
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) walkStrings(item, pointerTo(pointer, key), visit);
  }
}

/** Every name a workflow's expressions may read: inputs, parameters, vars, published names, engine names. */
export function knownVariables(workflow: WorkflowModel): Set<string> {
  const known = new Set<string>(ENGINE_CONTEXT_NAMES);
  for (const input of workflow.inputs) known.add(input.name);
  for (const name of Object.keys(workflow.parameters)) known.add(name);
  for (const variable of workflow.vars) known.add(variable.name);
  for (const task of workflow.tasks) {
    for (const transition of task.transitions) {
      for (const published of transition.publishes) known.add(published.name);
    }
  }
  return known;
}

/**
 * Checks every `ctx()` read in the workflow definition's expressions against the names the workflow
 * defines. The check is by name, not by path: a name published by any transition counts everywhere.
 */
export function checkExpressions(workflow: WorkflowModel, issues: IssueList): void {
  const known = knownVariables(workflow);
  walkStrings(workflow.definition, workflow.definitionPointer, (text, pointer) => {
    const unknown = new Set<string>();
    for (const expression of expressionsIn(text)) {
      for (const name of contextReads(expression)) if (!known.has(name)) unknown.add(name);
    }
    for (const name of unknown) {
      issues.add(
        'UNKNOWN_VARIABLE',
        workflow.file,
        pointer,
        `ctx().${name} is not an input, parameter, var or published name of this workflow`,
      );
    }
  });
}
