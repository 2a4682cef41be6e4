/**
 * Registry signatures, as npm's registry signs: ECDSA P-256 (SHA-256) over
 * `${name}@${version}:${integrity}`, published as `dist.signatures: [{ keyid, sig }]` with the public
 * keys at `GET /v1/keys`. Pure: keys come in as parameters; only node:crypto's arithmetic is used.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { RegistryError } from './errors.js';

/** The only algorithm we sign with or accept. */
export const SIGNATURE_ALGORITHM = 'ecdsa-sha2-nistp256';

/** One signature of a version (npm's shape). */
export interface VersionSignature {
  keyid: string;
  /** DER-encoded ECDSA signature, base64. */
  sig: string;
}

/** One public key as `GET /v1/keys` lists it. */
export interface RegistryKey {
  keyid: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** The public key: SubjectPublicKeyInfo DER, base64 (npm's `key`). */
  key: string;
  created: string;
  /** Signatures made after this instant are refused; null while the key is current. */
  expires: string | null;
}

/** What one version's signature covers, and when it was published (for the expiry check). */
export interface SignedVersion {
  name: string;
  version: string;
  integrity: string;
  signatures: readonly VersionSignature[] | undefined | null;
  /** ISO 8601; when known, a signature by a key that expired before it is refused. */
  publishedAt?: string | undefined;
}

/** The signed text of a version. */
export function signaturePayload(name: string, version: string, integrity: string): string {
  return `${name}@${version}:${integrity}`;
}

/** A key's id: `SHA256:` and the base64 sha256 of its public key's DER, as npm spells key ids. */
export function keyIdOf(publicKeyDer: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(publicKeyDer).digest('base64')}`;
}

/** The public half of a P-256 private key (PEM), as DER base64 and key id. Throws CONFIG_INVALID otherwise. */
export function describePrivateKey(privateKeyPem: string): {
  keyid: string;
  key: string;
  privateKey: KeyObject;
} {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new RegistryError('CONFIG_INVALID', 'The signing key is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new RegistryError('CONFIG_INVALID', 'The signing key must be an ECDSA P-256 (prime256v1) key');
  }
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { keyid: keyIdOf(der), key: der.toString('base64'), privateKey };
}

/** Signs one version with a private key whose id is `keyid`. */
export function signVersion(
  privateKey: KeyObject,
  keyid: string,
  name: string,
  version: string,
  integrity: string,
): VersionSignature {
  const sig = sign('sha256', Buffer.from(signaturePayload(name, version, integrity)), privateKey);
  return { keyid, sig: sig.toString('base64') };
}

function failure(
  code: 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'SIGNATURE_KEY_UNKNOWN' | 'SIGNATURE_KEY_EXPIRED',
  subject: SignedVersion,
  message: string,
  registry: string | undefined,
  keyid?: string,
) {
  const label = `${subject.name}@${subject.version}`;
  return new RegistryError(code, `${label}: ${message}${registry ? ` (registry ${registry})` : ''}`, {
    details: {
      name: subject.name,
      version: subject.version,
      integrity: subject.integrity,
      ...(keyid ? { keyid } : {}),
      ...(registry ? { registry } : {}),
    },
    hint:
      code === 'SIGNATURE_KEY_UNKNOWN'
        ? 'The registry does not list this key at /v1/keys: the metadata may come from elsewhere, or the registry lost its keys.'
        : 'Nothing was installed. The registry, a proxy or a mirror served metadata that the registry did not sign; report it to the registry operator.',
  });
}

/**
 * Checks a version's signatures against a registry's keys: at least one signature by a key of
 * that registry must verify (others, by keys we do not know, are ignored as npm does).
 * Returns the key id that verified.
 *
 * @throws RegistryError `SIGNATURE_MISSING` (no signature), `SIGNATURE_KEY_UNKNOWN` (no signature
 *   by a listed key), `SIGNATURE_KEY_EXPIRED` (the key expired before the version was published),
 *   `SIGNATURE_INVALID` (the signature does not match name, version and integrity).
 */
export function verifyVersionSignature(
  subject: SignedVersion,
  keys: readonly RegistryKey[],
  registry?: string,
): string {
  const signatures = subject.signatures ?? [];
  if (signatures.length === 0)
    throw failure('SIGNATURE_MISSING', subject, 'has no registry signature', registry);
  const known = signatures.filter((signature) => keys.some((key) => key.keyid === signature.keyid));
  if (known.length === 0) {
    throw failure(
      'SIGNATURE_KEY_UNKNOWN',
      subject,
      `is signed by ${signatures.map((s) => s.keyid).join(', ')}, a key the registry does not list`,
      registry,
      signatures[0]!.keyid,
    );
  }
  let expired: { keyid: string; expires: string } | undefined;
  for (const signature of known) {
    const key = keys.find((entry) => entry.keyid === signature.keyid)!;
    if (key.algorithm !== SIGNATURE_ALGORITHM) continue;
    const published = subject.publishedAt ? Date.parse(subject.publishedAt) : Number.NaN;
    if (key.expires && Number.isFinite(published) && published > Date.parse(key.expires)) {
      expired = { keyid: key.keyid, expires: key.expires };
      continue;
    }
    let ok = false;
    try {
      ok = verify(
        'sha256',
        Buffer.from(signaturePayload(subject.name, subject.version, subject.integrity)),
        createPublicKey({ key: Buffer.from(key.key, 'base64'), format: 'der', type: 'spki' }),
        Buffer.from(signature.sig, 'base64'),
      );
    } catch {
      ok = false;
    }
    if (ok) return key.keyid;
  }
  if (expired) {
    throw failure(
      'SIGNATURE_KEY_EXPIRED',
      subject,
      `was published after its signing key ${expired.keyid} expired (${expired.expires})`,
      registry,
      expired.keyid,
    );
  }
  throw failure(
    'SIGNATURE_INVALID',
    subject,
    'has a signature that does not match its name, version and integrity',
    registry,
    known[0]!.keyid,
  );
}
