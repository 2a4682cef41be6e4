/**
 * Subresource-integrity strings for tarballs, exactly as npm writes them: `sha512-<base64>`.
 * Only sha512 is produced or accepted: every Patternhub tarball has one, and accepting weaker
 * algorithms would let a forged lockfile downgrade the check.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { RegistryError } from '../errors.js';

const PREFIX = 'sha512-';
// 64 bytes are 86 base64 digits and `==`; the last digit carries 2 bits, so only A, Q, g or w.
const INTEGRITY = /^sha512-[A-Za-z0-9+/]{85}[AQgw]==$/;
const HEX = /^[0-9a-f]{128}$/;

/** `sha512-<base64>` of the bytes, the form npm stores in `dist.integrity` and lockfiles. */
export function computeIntegrity(bytes: Uint8Array): string {
  return PREFIX + createHash('sha512').update(bytes).digest('base64');
}

/** True when the string is one well-formed, canonical sha512 integrity. */
export function isIntegrity(value: unknown): boolean {
  return typeof value === 'string' && INTEGRITY.test(value);
}

/**
 * Throws `INTEGRITY_MISMATCH` unless the bytes hash to `expected` (a malformed `expected` cannot
 * match, and fails the same way).
 */
export function verifyIntegrity(bytes: Uint8Array, expected: string): void {
  const actual = computeIntegrity(bytes);
  const matches =
    isIntegrity(expected) &&
    timingSafeEqual(digestOf(expected), Buffer.from(actual.slice(PREFIX.length), 'base64'));
  if (!matches) {
    throw new RegistryError('INTEGRITY_MISMATCH', 'The tarball does not match its expected integrity', {
      details: { expected, actual },
      hint: isIntegrity(expected)
        ? 'The download was corrupted or the tarball was replaced; fetch it again from the registry.'
        : 'The expected integrity is not a sha512-<base64> string.',
    });
  }
}

/**
 * The digest as 128 lower-case hex digits: a content-addressed storage key that is safe in file
 * names and URLs, unlike base64 with its `/` and `+`. Throws `BAD_REQUEST` for a malformed integrity.
 */
export function integrityToHex(integrity: string): string {
  if (!isIntegrity(integrity)) {
    throw new RegistryError('BAD_REQUEST', `"${integrity.slice(0, 100)}" is not a sha512 integrity`);
  }
  return digestOf(integrity).toString('hex');
}

/** The inverse of `integrityToHex`. Throws `BAD_REQUEST` unless given 128 lower-case hex digits. */
export function hexToIntegrity(hex: string): string {
  if (!HEX.test(hex)) {
    throw new RegistryError('BAD_REQUEST', `"${hex.slice(0, 140)}" is not a sha512 hex digest`);
  }
  return PREFIX + Buffer.from(hex, 'hex').toString('base64');
}

function digestOf(integrity: string): Buffer {
  return Buffer.from(integrity.slice(PREFIX.length), 'base64');
}
