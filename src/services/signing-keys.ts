/**
 * The registry's signing key: the configured one (`PATTERNHUB_SIGNING_KEY[_FILE]`), else the one it
 * generated and stored at first start. A configured key that is new rotates: the previous key
 * expires now (its signatures stay valid; nothing is signed with it again) and stays listed.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import {
  describePrivateKey,
  type RegistryKey,
  SIGNATURE_ALGORITHM,
  signVersion,
  type VersionSignature,
} from '../core/signatures.js';
import type { Db } from '../db/database.js';
import { packages, signingKeys, versions } from '../db/schema/index.js';

/** Signs versions with the registry's current key. The private key never leaves this object. */
export interface Signer {
  readonly keyid: string;
  sign(name: string, version: string, integrity: string): VersionSignature[];
}

function signerOf(keyid: string, privateKey: KeyObject): Signer {
  return {
    keyid,
    sign: (name, version, integrity) => [signVersion(privateKey, keyid, name, version, integrity)],
  };
}

/** Any number fixed for the registry: serialises key set-up between servers sharing a database. */
const KEY_LOCK = 0x7068_6b65;

/**
 * Makes the current key ready: the configured PEM, or the stored generated one, or a new one.
 * Runs under an advisory lock so servers starting together on one PostgreSQL agree on one key.
 */
export async function prepareSigner(db: Db, configuredPem: string | undefined, now: Date): Promise<Signer> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEY_LOCK})`);
    if (configuredPem !== undefined) {
      const { keyid, key, privateKey } = describePrivateKey(configuredPem);
      const [known] = await tx.select().from(signingKeys).where(eq(signingKeys.keyId, keyid));
      if (!known) await tx.insert(signingKeys).values({ keyId: keyid, publicKey: key, createdAt: now });
      else if (known.expiresAt)
        await tx.update(signingKeys).set({ expiresAt: null }).where(eq(signingKeys.keyId, keyid));
      await retireOthers(tx, keyid, now);
      return signerOf(keyid, privateKey);
    }
    const [stored] = await tx
      .select()
      .from(signingKeys)
      .where(and(isNull(signingKeys.expiresAt), isNotNull(signingKeys.privateKey)))
      .orderBy(asc(signingKeys.createdAt))
      .limit(1);
    if (stored) {
      await retireOthers(tx, stored.keyId, now);
      return signerOf(stored.keyId, describePrivateKey(stored.privateKey!).privateKey);
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const described = describePrivateKey(pem);
    await tx
      .insert(signingKeys)
      .values({ keyId: described.keyid, publicKey: described.key, privateKey: pem, createdAt: now });
    await retireOthers(tx, described.keyid, now);
    return signerOf(described.keyid, described.privateKey);
  });
}

/** Every other current key expires now, and a stored private key of it is forgotten. */
async function retireOthers(tx: Parameters<Parameters<Db['transaction']>[0]>[0], keyid: string, now: Date) {
  await tx
    .update(signingKeys)
    .set({ expiresAt: now, privateKey: null })
    .where(and(ne(signingKeys.keyId, keyid), isNull(signingKeys.expiresAt)));
}

/** Every key that ever signed here, oldest first: `GET /v1/keys`. */
export async function listKeys(db: Db): Promise<RegistryKey[]> {
  const rows = await db
    .select({
      keyId: signingKeys.keyId,
      publicKey: signingKeys.publicKey,
      createdAt: signingKeys.createdAt,
      expiresAt: signingKeys.expiresAt,
    })
    .from(signingKeys)
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.keyId));
  return rows.map((row) => ({
    keyid: row.keyId,
    algorithm: SIGNATURE_ALGORITHM,
    key: row.publicKey,
    created: row.createdAt.toISOString(),
    expires: row.expiresAt?.toISOString() ?? null,
  }));
}

/**
 * Signs every version published before signatures existed (or imported unsigned), in batches.
 * Idempotent: only rows still unsigned are touched. Returns how many were signed.
 */
export async function signUnsignedVersions(db: Db, signer: Signer, batch = 500): Promise<number> {
  let signed = 0;
  for (;;) {
    const rows = await db
      .select({
        id: versions.id,
        version: versions.version,
        integrity: versions.integrity,
        name: packages.fullName,
      })
      .from(versions)
      .innerJoin(packages, eq(packages.id, versions.packageId))
      .where(isNull(versions.signatures))
      .limit(batch);
    if (rows.length === 0) return signed;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        await tx
          .update(versions)
          .set({ signatures: signer.sign(row.name, row.version, row.integrity) })
          .where(and(eq(versions.id, row.id), isNull(versions.signatures)));
      }
    });
    signed += rows.length;
  }
}
