/**
 * The workflow graph Orquesta's native composer builds (orquesta/composers/native.py,
 * orquesta/graphing.py): nodes are tasks and engine commands reachable from the start tasks, edges are
 * transitions keyed per (source, target) pair in written order; join tasks carry a barrier and a
 * `do: retry` becomes the task's retry policy.
 */
import {
  inCycle,
  isJoinTask,
  isSplitTask,
  nextTasksOf,
  startTasks,
  taskSpecOf,
  type WorkflowSpec,
} from './spec.js';

export interface RetryPolicy {
  when: string | undefined;
  count: unknown;
  delay: unknown;
}

export interface Transition {
  from: string;
  to: string;
  /** Edge key among the edges from `from` to `to`. */
  key: number;
  criteria: string[];
  /** Index of the transition in the source task's `next`. */
  ref: number;
}

interface Node {
  barrier: '*' | number | undefined;
  retry: RetryPolicy | undefined;
}

export class WorkflowGraph {
  readonly nodes = new Map<string, Node>();
  readonly edges: Transition[] = [];
  private readonly cycles = new Map<string, boolean>();

  hasTask(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Tasks with no inbound transition, sorted. */
  roots(): string[] {
    return [...this.nodes.keys()].filter((id) => !this.edges.some((e) => e.to === id)).sort();
  }

  /** Outbound transitions sorted by target (stable, so written order per target). */
  nextTransitions(id: string): Transition[] {
    return sortByKey(
      this.edges.filter((e) => e.from === id),
      (e) => e.to,
    );
  }

  /** Inbound transitions sorted by source. */
  prevTransitions(id: string): Transition[] {
    return sortByKey(
      this.edges.filter((e) => e.to === id),
      (e) => e.from,
    );
  }

  barrier(id: string): '*' | number | undefined {
    return this.nodes.get(id)?.barrier;
  }

  hasBarrier(id: string): boolean {
    return this.barrier(id) !== undefined;
  }

  barriers(): string[] {
    return [...this.nodes.entries()].filter(([, n]) => n.barrier !== undefined).map(([id]) => id);
  }

  retry(id: string): RetryPolicy | undefined {
    const r = this.nodes.get(id)?.retry;
    return r && r.count !== undefined && r.count !== null ? r : undefined;
  }

  /** Whether the task lies on a cycle of the graph. */
  inCycle(id: string): boolean {
    let known = this.cycles.get(id);
    if (known === undefined) {
      const seen = new Set<string>();
      const stack = this.edges.filter((e) => e.from === id).map((e) => e.to);
      known = false;
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n === id) {
          known = true;
          break;
        }
        if (seen.has(n)) continue;
        seen.add(n);
        for (const e of this.edges) if (e.from === n) stack.push(e.to);
      }
      this.cycles.set(id, known);
    }
    return known;
  }
}

function sortByKey<T>(list: T[], key: (t: T) => string): T[] {
  return list
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const ka = key(a.item);
      const kb = key(b.item);
      return ka < kb ? -1 : ka > kb ? 1 : a.i - b.i;
    })
    .map((x) => x.item);
}

/** Builds the graph breadth-first from the start tasks, as the native composer does. */
export function composeGraph(spec: WorkflowSpec): WorkflowGraph {
  const graph = new WorkflowGraph();
  const queue: [string, string[]][] = startTasks(spec).map((name) => [name, []]);
  const trackSplits = new Map<string, Set<string>>();
  const ensure = (id: string): Node => {
    let node = graph.nodes.get(id);
    if (!node) {
      node = { barrier: undefined, retry: undefined };
      graph.nodes.set(id, node);
    }
    return node;
  };
  while (queue.length > 0) {
    const [name, splits] = queue.shift()!;
    const node = ensure(name);
    const task = taskSpecOf(spec, name);
    if (isJoinTask(spec, name)) node.barrier = task.join === 'all' ? '*' : (task.join as number);
    if (isSplitTask(spec, name) && !inCycle(spec, name)) splits.push(name);
    if (task.retry) node.retry = { ...task.retry };
    for (const [next, condition, ref] of nextTasksOf(spec, name)) {
      if (next === 'retry') {
        node.retry = { when: condition ?? '<% completed() %>', count: 3, delay: undefined };
        continue;
      }
      if (!graph.hasTask(next) || !inCycle(spec, next)) {
        const existing = trackSplits.get(next);
        if (existing && existing.size > 0) {
          if (!splits.every((s) => existing.has(s))) {
            queue.push([next, [...splits]]);
            for (const s of splits) existing.add(s);
          }
        } else {
          queue.push([next, [...splits]]);
          trackSplits.set(next, new Set(splits));
        }
      }
      const criteria = condition ? [condition] : [];
      const same = graph.edges.find(
        (e) => e.from === name && e.to === next && e.ref === ref && sameList(e.criteria, criteria),
      );
      if (!same) {
        ensure(next);
        const key = graph.edges.filter((e) => e.from === name && e.to === next).length;
        graph.edges.push({ from: name, to: next, key, criteria, ref });
      }
    }
  }
  return graph;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
