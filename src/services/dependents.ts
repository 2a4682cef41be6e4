import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { dependencies, packages, versions } from '../db/schema/index.js';
import { canRead } from './access.js';
import type { Actor } from './actor.js';

export interface DependentEdge {
  /** The range the dependent asks for. */
  range: string;
  /** The dependent's version that asks. */
  version: string;
  /** `@scope/name` of the dependent. */
  dependent: string;
  scope: string;
  name: string;
  access: 'public' | 'private';
  latestVersion: string | null;
}

/** Every live version of another package that declares `fullName` as a dependency, in any range. */
export async function dependentEdges(executor: Executor, fullName: string): Promise<DependentEdge[]> {
  return executor
    .select({
      range: dependencies.range,
      version: versions.version,
      dependent: packages.fullName,
      scope: packages.scope,
      name: packages.name,
      access: packages.access,
      latestVersion: packages.latestVersion,
    })
    .from(dependencies)
    .innerJoin(versions, eq(versions.id, dependencies.versionId))
    .innerJoin(packages, eq(packages.id, versions.packageId))
    .where(
      and(eq(dependencies.dependsOn, fullName), isNull(versions.removedAt), ne(packages.fullName, fullName)),
    );
}

/**
 * The packages whose latest version depends on `fullName`, as the actor may see them (a private
 * dependent of another organisation is left out, not counted): name, version and the range asked.
 */
export async function listDependents(
  executor: Executor,
  actor: Actor | null,
  fullName: string,
): Promise<Array<{ name: string; version: string; range: string }>> {
  const listed = [];
  for (const edge of await dependentEdges(executor, fullName)) {
    if (edge.version !== edge.latestVersion || !(await canRead(executor, actor, edge))) continue;
    listed.push({ name: edge.dependent, version: edge.version, range: edge.range });
  }
  return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
