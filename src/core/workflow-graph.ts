/**
 * A workflow as a picture's model: tasks as nodes (with the action each calls), transitions as edges
 * labelled with their `when`, a start node before the start tasks, an end node after the tasks that
 * lead nowhere, and engine commands (`fail`, `noop`, …) as terminal nodes. Pure: the server lays it
 * out and draws it; here only the graph and, for a diff, which parts were added, removed or changed.
 */
import { subjectName } from './diff/diff-packages.js';
import type { Change } from './diff/types.js';
import { readPackageDocs } from './package-docs.js';
import type { PackageFiles } from './package-files.js';
import { workflowModelOf } from './validate/model.js';
import { ENGINE_COMMANDS } from './validate/workflow-graph.js';

export type GraphStatus = 'same' | 'added' | 'removed' | 'changed';

export interface GraphNode {
  /** Unique in the graph: `task:<name>`, `start`, `end` or `command:<name>`. */
  id: string;
  type: 'task' | 'start' | 'end' | 'command';
  /** The task's name, or `start` / `end` / the command. */
  label: string;
  /** The action the task calls, as written. */
  action?: string;
  join?: 'all' | number;
  /** The `with` items expression, and its concurrency. */
  withItems?: { items: string; concurrency?: string };
  retry?: boolean;
  status: GraphStatus;
}

export interface GraphEdge {
  /** Unique in the graph. */
  id: string;
  from: string;
  to: string;
  /** The transition's condition; none means "always". */
  when?: string;
  /** On a diff, a changed edge's former conditions. */
  before?: string[];
  status: GraphStatus;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const START_NODE = 'start';
export const END_NODE = 'end';

export function taskNodeId(task: string): string {
  return `task:${task}`;
}

function edgeKey(from: string, to: string, when: string | undefined): string {
  return `${from}->${to}|${when ?? ''}`;
}

/**
 * The graph of one parsed workflow document (`workflows/<name>.yaml`, metadata and `workflow:`).
 * Built defensively: a `do` naming no task is left out, as validation reports it.
 */
export function workflowGraph(doc: unknown, file = 'workflow.yaml'): WorkflowGraph {
  const model = workflowModelOf({ file, stem: file, doc });
  const names = new Set(model.tasks.map((task) => task.name));
  const nodes: GraphNode[] = [{ id: START_NODE, type: 'start', label: 'start', status: 'same' }];
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const inbound = new Set<string>();
  const commands = new Set<string>();
  let needsEnd = false;
  const addEdge = (from: string, to: string, when: string | undefined) => {
    const id = edgeKey(from, to, when);
    if (seen.has(id)) return;
    seen.add(id);
    edges.push(
      when === undefined ? { id, from, to, status: 'same' } : { id, from, to, when, status: 'same' },
    );
  };

  for (const task of model.tasks) {
    const node: GraphNode = { id: taskNodeId(task.name), type: 'task', label: task.name, status: 'same' };
    if (task.action) node.action = task.action.ref;
    if (task.join) node.join = task.join.value;
    if (task.withItems) {
      node.withItems =
        task.withItems.concurrency === undefined
          ? { items: task.withItems.items }
          : { items: task.withItems.items, concurrency: task.withItems.concurrency };
    }
    if (task.retry) node.retry = true;
    nodes.push(node);
    let leads = false;
    for (const transition of task.transitions) {
      for (const target of transition.targets) {
        if (names.has(target.name)) {
          inbound.add(target.name);
          addEdge(node.id, taskNodeId(target.name), transition.when);
          leads = true;
        } else if (ENGINE_COMMANDS.has(target.name)) {
          commands.add(target.name);
          addEdge(node.id, `command:${target.name}`, transition.when);
          leads = true;
        }
      }
    }
    // A task with no transition to follow ends its branch: draw where the workflow finishes.
    if (!leads) {
      addEdge(node.id, END_NODE, undefined);
      needsEnd = true;
    }
  }
  for (const task of model.tasks) {
    if (!inbound.has(task.name)) addEdge(START_NODE, taskNodeId(task.name), undefined);
  }
  for (const command of [...commands].sort()) {
    nodes.push({ id: `command:${command}`, type: 'command', label: command, status: 'same' });
  }
  if (needsEnd) nodes.push({ id: END_NODE, type: 'end', label: 'end', status: 'same' });
  return { nodes, edges };
}

/** Task changes of a semantic diff (`task.*` kinds) for one workflow: the names of changed tasks. */
export function changedTasks(changes: readonly Change[], workflow: string): Set<string> {
  const names = new Set<string>();
  for (const change of changes) {
    if (change.subject.type !== 'workflow' || change.subject.name !== workflow) continue;
    if (change.kind.startsWith('task.') && change.path !== undefined) names.add(change.path);
  }
  return names;
}

/**
 * One graph holding both sides of a diff: nodes and edges only before are `removed`, only after
 * `added`; a task the semantic diff reports as changed (action, input, transitions, options) is
 * `changed`; an edge between the same two nodes whose condition changed is `changed`, carrying its
 * former conditions. Either side may be missing (a workflow added or removed).
 */
export function mergeWorkflowGraphs(
  before: WorkflowGraph | undefined,
  after: WorkflowGraph | undefined,
  changed: ReadonlySet<string>,
): WorkflowGraph {
  const old = before ?? { nodes: [], edges: [] };
  const now = after ?? { nodes: [], edges: [] };
  const oldNodes = new Map(old.nodes.map((node) => [node.id, node]));
  const newIds = new Set(now.nodes.map((node) => node.id));
  const nodes: GraphNode[] = now.nodes.map((node) => {
    let status: GraphStatus = oldNodes.has(node.id) ? 'same' : 'added';
    if (status === 'same' && node.type === 'task' && changed.has(node.label)) status = 'changed';
    return { ...node, status };
  });
  for (const node of old.nodes) {
    if (!newIds.has(node.id)) nodes.push({ ...node, status: 'removed' });
  }
  // Unchanged start and end markers stay plain even when the whole workflow is new.
  for (const node of nodes) if (node.type === 'start' || node.type === 'end') node.status = 'same';

  const pair = (edge: GraphEdge) => `${edge.from}->${edge.to}`;
  const oldIds = new Set(old.edges.map((edge) => edge.id));
  const newEdgeIds = new Set(now.edges.map((edge) => edge.id));
  const oldByPair = new Map<string, GraphEdge[]>();
  for (const edge of old.edges) oldByPair.set(pair(edge), [...(oldByPair.get(pair(edge)) ?? []), edge]);
  const consumed = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const edge of now.edges) {
    if (oldIds.has(edge.id)) {
      edges.push({ ...edge, status: 'same' });
      continue;
    }
    const formerly = (oldByPair.get(pair(edge)) ?? []).filter((old) => !newEdgeIds.has(old.id));
    if (formerly.length > 0) {
      for (const old of formerly) consumed.add(old.id);
      edges.push({ ...edge, status: 'changed', before: formerly.map((old) => old.when ?? 'always') });
    } else {
      edges.push({ ...edge, status: 'added' });
    }
  }
  for (const edge of old.edges) {
    if (!newEdgeIds.has(edge.id) && !consumed.has(edge.id)) edges.push({ ...edge, status: 'removed' });
  }
  return { nodes, edges };
}

/**
 * Every workflow of two packages, paired by name as the semantic diff pairs them, as one merged
 * graph each (see `mergeWorkflowGraphs`), in name order. `changes` is that diff's change list.
 */
export function diffWorkflowGraphs(
  before: PackageFiles,
  after: PackageFiles,
  changes: readonly Change[],
  options: { maxAliases?: number } = {},
): Array<{ name: string; graph: WorkflowGraph }> {
  const graphsOf = (files: PackageFiles) => {
    const graphs = new Map<string, WorkflowGraph>();
    for (const doc of readPackageDocs(files, { maxYamlAliases: options.maxAliases }).workflows) {
      if (!doc.error) graphs.set(subjectName(doc), workflowGraph(doc.doc, doc.file));
    }
    return graphs;
  };
  const a = graphsOf(before);
  const b = graphsOf(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.map((name) => ({
    name,
    graph: mergeWorkflowGraphs(a.get(name), b.get(name), changedTasks(changes, name)),
  }));
}
