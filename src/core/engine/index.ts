/** The workflow engine: Orquesta's conductor, driven to completion with injected actions and expressions. */
export { type ActionEvent, type NextTask, WorkflowConductor, type WorkflowError } from './conductor.js';
export { evaluatorForEngine } from './evaluator.js';
export {
  type EvalContext,
  type EvaluatorEnvironment,
  type EvaluatorFactory,
  type ExpressionEvaluator,
  taskStatus,
} from './expressions.js';
export {
  type ActionOutcome,
  type ActionRequest,
  type ExecuteAction,
  type PathEntry,
  type RunEvent,
  RunLimitError,
  type RunOptions,
  type RunResult,
  runWorkflow,
  type TaskRun,
} from './run.js';
export { readWorkflowSpec, type WorkflowSpec } from './spec.js';
export { S as STATUS, type Status } from './statuses.js';
