import { pointerTo } from '../json-pointer.js';
import type { IssueList } from './issues.js';
import type { WorkflowModel } from './model.js';

/**
 * Checks a workflow's `parameters` against its `workflow.input`. StackStorm passes the parameters
 * (what callers may set) to the workflow as inputs, and the workflow only sees the inputs it lists:
 * a parameter missing from `input` silently drops the caller's value (an error); an input that is
 * no parameter can never be set by a caller and only ever takes its default (a warning).
 */
export function checkWorkflowInputs(workflow: WorkflowModel, issues: IssueList): void {
  const inputs = new Set(workflow.inputs.map((input) => input.name));
  const parameters = Object.keys(workflow.parameters);
  for (const name of parameters) {
    if (!inputs.has(name)) {
      issues.add(
        'PARAMETER_NOT_IN_INPUT',
        workflow.file,
        pointerTo('/parameters', name),
        `parameter "${name}" is not in workflow.input, so the workflow never sees its value`,
      );
    }
  }
  const declared = new Set(parameters);
  for (const input of workflow.inputs) {
    if (!declared.has(input.name)) {
      issues.add(
        'INPUT_NOT_A_PARAMETER',
        workflow.file,
        input.pointer,
        `input "${input.name}" is not a parameter, so no caller can set it`,
      );
    }
  }
}
