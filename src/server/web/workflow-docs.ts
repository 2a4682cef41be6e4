import type { PackageLimits } from '../../core/limits.js';
import { textOf } from '../../core/package-files.js';
import { type WorkflowGraph, workflowGraph } from '../../core/workflow-graph.js';
import { parseYaml } from '../../core/yaml.js';

/**
 * The graph of a workflow file of a published version (it validated at publish, so it parses;
 * undefined all the same when it is missing or does not).
 */
export function graphOfFile(
  files: ReadonlyMap<string, Uint8Array>,
  path: string,
  limits: PackageLimits,
): WorkflowGraph | undefined {
  const bytes = files.get(path);
  if (!bytes) return undefined;
  try {
    return workflowGraph(parseYaml(textOf(bytes), path, { maxAliases: limits.maxYamlAliases }), path);
  } catch {
    return undefined;
  }
}
