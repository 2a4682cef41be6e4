/**
 * The checks StackStorm's Orquesta inspector makes on a workflow definition (the `workflow:` block),
 * with its rules, plus the few Patternhub adds (marked `beyondOrquesta` in the issue codes). The
 * schema part lives in `schema/workflow.schema.json`.
 */

import { pointerTo } from '../json-pointer.js';
import { checkExpressionStrings } from './expression-checks.js';
import { parseInlineParams } from './inline-params.js';
import type { IssueList } from './issues.js';
import type { WorkflowModel } from './model.js';
import { checkTaskNameScalars } from './task-names.js';
import { isRecord } from './values.js';
import { checkWorkflowContext } from './workflow-context.js';
import { checkWorkflowGraph, taskGraphOf } from './workflow-graph.js';

/** Checks one workflow's definition; `text` is the file's source (for how task names are written). */
export function checkWorkflowDefinition(workflow: WorkflowModel, text: string, issues: IssueList): void {
  const { file, definition, definitionPointer } = workflow;
  if (!isRecord(definition)) return; // The schema reports it.
  const graph = taskGraphOf(definition, definitionPointer);
  if (graph) {
    checkTaskNameScalars(file, text, graph.names, graph.pointer, issues);
    checkWorkflowGraph(file, graph, issues);
    for (const name of graph.names) {
      const task = graph.task(name);
      if (
        typeof task.action === 'string' &&
        task.input !== undefined &&
        parseInlineParams(task.action).length > 0
      ) {
        issues.add(
          'INLINE_INPUT_IGNORED',
          file,
          pointerTo(graph.taskPointer(name), 'input'),
          `task "${name}" has inline parameters on its action line, so Orquesta ignores this input`,
        );
      }
    }
  }
  checkExpressionStrings(file, definition, definitionPointer, issues);
  checkWorkflowContext(file, definition, definitionPointer, graph, issues);
}
