/**
 * What a project has installed and why, read from its lockfile: the tree `patternhub ls` prints and
 * the chains of dependents `patternhub why NAME` prints. Pure: the lockfile comes in parsed.
 */
import type { Lockfile } from './lockfile.js';

export interface TreeNode {
  name: string;
  /** The range its dependent asks for. */
  range: string;
  /** The locked version, or null when the lockfile has none (the project needs an install). */
  version: string | null;
  dependencies: TreeNode[];
  /** Already shown higher up the tree (its dependencies are not repeated). */
  deduped?: boolean;
}

function sortedEntries(record: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The project's dependencies as a tree, `depth` levels below the roots (0: the roots only; Infinity:
 * everything). A package is expanded once, at its first appearance in breadth-first order (as npm
 * marks `deduped`), so a shared dependency does not repeat its subtree and cycles end.
 */
export function dependencyTree(lock: Lockfile, depth = 0): TreeNode[] {
  const expanded = new Set<string>();
  const roots = sortedEntries(lock.dependencies).map(([name, range]) => node(name, range));
  let level = roots;
  for (let current = 0; current < depth && level.length > 0; current++) {
    const next: TreeNode[] = [];
    for (const entry of level) {
      if (entry.version === null) continue;
      if (expanded.has(entry.name)) {
        entry.deduped = true;
        continue;
      }
      expanded.add(entry.name);
      entry.dependencies = sortedEntries(lock.packages[entry.name]!.dependencies).map(([name, range]) =>
        node(name, range),
      );
      next.push(...entry.dependencies);
    }
    level = next;
  }
  return roots;

  function node(name: string, range: string): TreeNode {
    return { name, range, version: lock.packages[name]?.version ?? null, dependencies: [] };
  }
}

/** One step of a chain from the project to a package: who, at which version, asked for by which range. */
export interface ChainStep {
  name: string;
  version: string | null;
  range: string;
}

/**
 * Every chain of dependents that brings `name` into the project, from a root dependency down to it
 * (shortest first, then by name), at most `limit` of them. Empty when nothing depends on it. A chain never visits a package
 * twice, so cycles end.
 */
export function dependencyChains(lock: Lockfile, name: string, limit = 100): ChainStep[][] {
  const chains: ChainStep[][] = [];
  const walk = (path: ChainStep[]) => {
    // A dense graph has exponentially many chains; the first `limit` say enough.
    if (chains.length >= limit) return;
    const last = path[path.length - 1]!;
    if (last.name === name) {
      chains.push(path);
      return;
    }
    const entry = lock.packages[last.name];
    if (!entry) return;
    for (const [dependency, range] of sortedEntries(entry.dependencies)) {
      if (path.some((step) => step.name === dependency)) continue;
      walk([...path, { name: dependency, version: lock.packages[dependency]?.version ?? null, range }]);
    }
  };
  for (const [root, range] of sortedEntries(lock.dependencies)) {
    walk([{ name: root, version: lock.packages[root]?.version ?? null, range }]);
  }
  return chains.sort(
    (a, b) =>
      a.length - b.length ||
      a
        .map((step) => step.name)
        .join(' ')
        .localeCompare(b.map((step) => step.name).join(' ')),
  );
}
