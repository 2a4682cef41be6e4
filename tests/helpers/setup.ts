/**
 * The cast of a server test file, set up in one call: a fresh registry, users (each with a token),
 * organisations with their owner and members. Every server test file that needs people uses this
 * instead of its own sequence of calls.
 */
import type { OrgRole } from '../../src/core/types.js';
import { createOrg, createUser, setMember } from './packages.js';
import { startTestRegistry, type TestRegistry } from './registry.js';

export interface Cast {
  /** Users to create; their tokens come back under their names. */
  users?: string[];
  /** Organisations: the owner (a user above, or `admin`) creates it, then the members get their roles. */
  orgs?: Record<string, { owner: string; members?: Record<string, OrgRole> }>;
  /** Server settings, as environment variables. */
  env?: Record<string, string>;
}

export interface Stage {
  registry: TestRegistry;
  /** Token of each user by name, and of `admin`. */
  tokens: Record<string, string>;
}

/** Starts a registry and creates the cast; close `registry` in `after()`. */
export async function setUpRegistry(cast: Cast = {}): Promise<Stage> {
  const registry = await startTestRegistry(cast.env);
  const tokens: Record<string, string> = { admin: registry.adminToken };
  try {
    for (const user of cast.users ?? []) tokens[user] = await createUser(registry, user);
    for (const [org, { owner, members = {} }] of Object.entries(cast.orgs ?? {})) {
      const token = tokens[owner];
      if (!token) throw new Error(`the owner of @${org}, ${owner}, is not in the cast`);
      await createOrg(registry, token, org);
      for (const [user, role] of Object.entries(members)) await setMember(registry, token, org, user, role);
    }
  } catch (error) {
    await registry.close();
    throw error;
  }
  return { registry, tokens };
}
