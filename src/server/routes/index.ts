import type { RegisterRoute } from '../app-env.js';
import { registerDeprecate } from './deprecate.js';
import { registerDiff } from './diff.js';
import { registerListDistTags, registerRemoveDistTag, registerSetDistTag } from './dist-tags.js';
import { registerGetFile } from './get-file.js';
import { registerGetPackage } from './get-package.js';
import { registerGetTarball } from './get-tarball.js';
import { registerGetVersion } from './get-version.js';
import { registerHealth } from './health.js';
import {
  registerCreateOrg,
  registerGetOrg,
  registerGetOrgAudit,
  registerRemoveOrgMember,
  registerSetOrgMember,
} from './orgs.js';
import { registerPublishVersion } from './publish-version.js';
import { registerRemoveVersion } from './remove-version.js';
import { registerCreateToken, registerListTokens, registerRevokeToken } from './tokens.js';
import { registerCreateUser, registerGetUser } from './users.js';
import { registerWhoami } from './whoami.js';
import { registerUnyank, registerYank } from './yank.js';

/**
 * Every route, in registration order. Static segments (`dist-tags`, `deprecate`) come before the
 * `:version` patterns they would otherwise be taken for.
 */
export const routes: RegisterRoute[] = [
  registerHealth,
  registerDiff,
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
  registerGetPackage,
  registerGetTarball,
  registerGetFile,
  registerYank,
  registerUnyank,
  registerGetVersion,
  registerPublishVersion,
  registerRemoveVersion,
];
