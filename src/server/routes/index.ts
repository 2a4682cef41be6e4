import type { RegisterRoute } from '../app-env.js';
import { registerCreateOrg } from './create-org.js';
import { registerCreateToken } from './create-token.js';
import { registerCreateUser } from './create-user.js';
import { registerDeprecate } from './deprecate.js';
import { registerDiff } from './diff.js';
import { registerGetFile } from './get-file.js';
import { registerGetKeys } from './get-keys.js';
import { registerGetOrg } from './get-org.js';
import { registerGetOrgAudit } from './get-org-audit.js';
import { registerGetPackage } from './get-package.js';
import { registerGetTarball } from './get-tarball.js';
import { registerGetUser } from './get-user.js';
import { registerGetVersion } from './get-version.js';
import { registerHealth } from './health.js';
import { registerListDistTags } from './list-dist-tags.js';
import { registerListTokens } from './list-tokens.js';
import { registerPublishVersion } from './publish-version.js';
import { registerRemoveDistTag } from './remove-dist-tag.js';
import { registerRemoveOrgMember } from './remove-org-member.js';
import { registerRemoveVersion } from './remove-version.js';
import { registerRevokeToken } from './revoke-token.js';
import { registerSearch } from './search.js';
import { registerSetDistTag } from './set-dist-tag.js';
import { registerSetOrgMember } from './set-org-member.js';
import { registerSetPackageAccess } from './set-package-access.js';
import { registerUnyank } from './unyank-version.js';
import { registerWhoami } from './whoami.js';
import { registerYank } from './yank-version.js';

/**
 * Every route, in registration order. Static segments (`dist-tags`, `deprecate`) come before the
 * `:version` patterns they would otherwise be taken for.
 */
export const routes: RegisterRoute[] = [
  registerHealth,
  registerGetKeys,
  registerDiff,
  registerSearch,
  registerWhoami,
  registerCreateToken,
  registerListTokens,
  registerRevokeToken,
  registerCreateUser,
  registerGetUser,
  registerCreateOrg,
  registerGetOrg,
  registerGetOrgAudit,
  registerSetOrgMember,
  registerRemoveOrgMember,
  registerListDistTags,
  registerSetDistTag,
  registerRemoveDistTag,
  registerDeprecate,
  registerSetPackageAccess,
  registerGetPackage,
  registerGetTarball,
  registerGetFile,
  registerYank,
  registerUnyank,
  registerGetVersion,
  registerPublishVersion,
  registerRemoveVersion,
];
