import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { AccessResponse } from '../core/api-types.js';
import { RegistryError } from '../core/errors.js';
import { dependencies, packages, versions } from '../db/schema/index.js';
import { requirePublisher, requireRole } from './access.js';
import type { Actor, RequestMeta } from './actor.js';
import { recordAudit } from './audit.js';
import { findVisiblePackage, PACKAGE_COLUMNS } from './package-lookup.js';
import { setListingAccess } from './search-document.js';
import type { ServiceDeps } from './services.js';

export type Access = 'public' | 'private';

/**
 * Makes a package public or private after its first publish (owners of its organisation only).
 * The rule publish enforces holds both ways: a public package cannot depend on a private one. So a
 * package with public dependents cannot become private (HAS_DEPENDENTS, naming them: they are
 * public), and one whose live versions depend on private packages cannot become public
 * (PRIVATE_DEPENDENCY). Recorded in the audit log; setting the access it already has changes nothing.
 */
export async function setPackageAccess(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  access: Access,
  meta: RequestMeta,
): Promise<AccessResponse> {
  if (access !== 'public' && access !== 'private') {
    throw new RegistryError('BAD_REQUEST', '"access" must be public or private');
  }
  const pkg = await findVisiblePackage(deps.db, actor, scope, name);
  const caller = await requirePublisher(deps.db, actor, scope, name, 'Changing access');
  await requireRole(deps.db, caller, scope, 'owner', 'Changing access');
  return deps.db.transaction(async (tx) => {
    const [locked] = await tx
      .select(PACKAGE_COLUMNS)
      .from(packages)
      .where(eq(packages.id, pkg.id))
      .for('update');
    if (locked!.access === access) return { name: pkg.fullName, access, changed: false };
    if (access === 'private') {
      const dependents = await tx
        .selectDistinct({ dependent: packages.fullName })
        .from(dependencies)
        .innerJoin(versions, eq(versions.id, dependencies.versionId))
        .innerJoin(packages, eq(packages.id, versions.packageId))
        .where(
          and(
            eq(dependencies.dependsOn, pkg.fullName),
            isNull(versions.removedAt),
            eq(packages.access, 'public'),
            ne(packages.id, pkg.id),
          ),
        );
      if (dependents.length > 0) {
        const names = dependents.map((row) => row.dependent).sort();
        throw new RegistryError(
          'HAS_DEPENDENTS',
          `${pkg.fullName} cannot become private: public packages depend on it (${names.join(', ')})`,
          {
            details: { dependents: names },
            hint: 'A public package cannot depend on a private one: those packages must drop the dependency (or become private) first.',
          },
        );
      }
    } else {
      const ownDependencies = await tx
        .selectDistinct({ dependsOn: dependencies.dependsOn })
        .from(dependencies)
        .innerJoin(versions, eq(versions.id, dependencies.versionId))
        .where(and(eq(versions.packageId, pkg.id), isNull(versions.removedAt)));
      const names = ownDependencies.map((row) => row.dependsOn);
      const hidden =
        names.length === 0
          ? []
          : await tx
              .select({ fullName: packages.fullName })
              .from(packages)
              .where(and(inArray(packages.fullName, names), eq(packages.access, 'private')));
      if (hidden.length > 0) {
        const privateNames = hidden.map((row) => row.fullName).sort();
        throw new RegistryError(
          'PRIVATE_DEPENDENCY',
          `${pkg.fullName} cannot become public: its versions depend on private packages (${privateNames.join(', ')})`,
          {
            details: { dependencies: privateNames },
            hint: 'Make those packages public first, or publish a version without them and remove or keep private the old ones.',
          },
        );
      }
    }
    await setListingAccess(tx, pkg.id, access);
    await recordAudit(tx, caller, meta, {
      action: 'package.access',
      scope,
      target: pkg.fullName,
      details: { from: locked!.access, to: access },
    });
    return { name: pkg.fullName, access, changed: true };
  });
}
