import { type PackageDocs, readPackageDocs } from '../package-docs.js';
import type { PackageFiles } from '../package-files.js';
import type { ActionSummary, PackageContents, WorkflowSummary } from '../types.js';
import { type ActionModel, actionModelOf, type WorkflowModel, workflowModelOf } from './model.js';
import { isRecord } from './values.js';

function actionSummaryOf(model: ActionModel): ActionSummary {
  const summary: ActionSummary = {
    name: model.name ?? model.stem,
    file: model.file,
    runnerType: model.runnerType ?? '',
    parameters: model.parameters,
  };
  if (model.description !== undefined) summary.description = model.description;
  if (model.entryPoint !== undefined) summary.entryPoint = model.entryPoint;
  if (model.outputSchema !== undefined) summary.outputSchema = model.outputSchema;
  return summary;
}

function workflowSummaryOf(model: WorkflowModel): WorkflowSummary {
  const uses = new Set<string>();
  for (const task of model.tasks) if (task.action) uses.add(task.action.ref);
  const summary: WorkflowSummary = {
    name: model.name ?? model.stem,
    file: model.file,
    parameters: model.parameters,
    output: model.outputs.map((output) => output.name),
    tasks: model.tasks.map((task) => task.name),
    uses: [...uses].sort(),
  };
  if (model.description !== undefined) summary.description = model.description;
  return summary;
}

/** Summarises already-parsed documents; files that did not parse to a mapping are left out. */
export function summarizeDocs(docs: PackageDocs): PackageContents {
  return {
    actions: docs.actions
      .filter((doc) => isRecord(doc.doc))
      .map((doc) => actionSummaryOf(actionModelOf(doc))),
    workflows: docs.workflows
      .filter((doc) => isRecord(doc.doc))
      .map((doc) => workflowSummaryOf(workflowModelOf(doc))),
  };
}

/**
 * What a package offers and calls: its actions and workflows with their parameters, outputs and
 * tasks, and for each workflow every `action:` it uses (sorted, unique, without inline parameters).
 * The server stores it with each version for search and for checking dependents. Best effort: a file
 * that does not parse is left out, and a missing `name:` falls back to the file name.
 */
export function summarizePackage(
  files: PackageFiles,
  options: { maxAliases?: number } = {},
): PackageContents {
  return summarizeDocs(
    readPackageDocs(files, options.maxAliases === undefined ? {} : { maxYamlAliases: options.maxAliases }),
  );
}
