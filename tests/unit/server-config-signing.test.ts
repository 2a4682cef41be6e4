/** The server settings of signatures and mirrors: parsed at the edge, every bad one reported together. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isRegistryError } from '../../src/core/errors.js';
import { describePrivateKey, signVersion, verifyVersionSignature } from '../../src/core/signatures.js';
import { parseServerConfig } from '../../src/main/config.js';

const dir = mkdtempSync(join(tmpdir(), 'config-signing-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const pem = (curve = 'prime256v1') =>
  generateKeyPairSync('ec', { namedCurve: curve })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseServerConfig({ env, cwd: dir });
  } catch (error) {
    assert.ok(isRegistryError(error, 'CONFIG_INVALID'));
    return (error.details as { problems: string[] }).problems;
  }
  return [];
}

describe('upstreams', () => {
  it('reads @scope=url pairs and the config file; the variable wins per scope', () => {
    const file = join(dir, 'server.yaml');
    writeFileSync(
      file,
      'upstreams:\n  "@community": https://file.example/\n  "@other": http://other.example\n',
    );
    const config = parseServerConfig({
      env: { PATTERNHUB_UPSTREAMS: '@community=https://hub.example', PATTERNHUB_SERVER_CONFIG: file },
      cwd: dir,
    });
    assert.deepEqual(config.upstreams, { community: 'https://hub.example', other: 'http://other.example' });
    assert.equal(config.upstreamTtlMs, 300_000);
  });

  it('reports every bad setting together', () => {
    const problems = problemsOf({
      PATTERNHUB_UPSTREAMS: 'community=https://x.example,@ok=ftp://x,@good',
      PATTERNHUB_UPSTREAM_TTL: '-1',
      PATTERNHUB_SERVER_CONFIG: join(dir, 'missing.yaml'),
      PATTERNHUB_SIGNING_KEY: 'x',
      PATTERNHUB_SIGNING_KEY_FILE: 'y',
    });
    assert.equal(problems.length, 6, problems.join('\n'));
  });
});

describe('signing keys', () => {
  it('accepts a P-256 key (also with escaped newlines) and refuses other keys', () => {
    const key = pem();
    const config = parseServerConfig({
      env: { PATTERNHUB_SIGNING_KEY: key.replaceAll('\n', '\\n') },
      cwd: dir,
    });
    assert.equal(config.signingKey, key);
    assert.throws(() => describePrivateKey(pem('secp384r1')), { code: 'CONFIG_INVALID' });
    assert.throws(() => describePrivateKey('not a key'), { code: 'CONFIG_INVALID' });
  });

  it('signs and verifies; another key, name, version or integrity does not verify', () => {
    const { keyid, key, privateKey } = describePrivateKey(pem());
    const integrity = `sha512-${Buffer.alloc(64, 1).toString('base64')}`;
    const signatures = [signVersion(privateKey, keyid, '@a/b', '1.0.0', integrity)];
    const keys = [
      {
        keyid,
        algorithm: 'ecdsa-sha2-nistp256' as const,
        key,
        created: '2026-01-01T00:00:00Z',
        expires: null,
      },
    ];
    assert.equal(
      verifyVersionSignature({ name: '@a/b', version: '1.0.0', integrity, signatures }, keys),
      keyid,
    );
    for (const subject of [
      { name: '@a/c', version: '1.0.0', integrity },
      { name: '@a/b', version: '1.0.1', integrity },
      { name: '@a/b', version: '1.0.0', integrity: integrity.replace('AQ', 'AR') },
    ]) {
      assert.throws(() => verifyVersionSignature({ ...subject, signatures }, keys), {
        code: 'SIGNATURE_INVALID',
      });
    }
    const expired = [{ ...keys[0]!, expires: '2026-02-01T00:00:00Z' }];
    assert.equal(
      verifyVersionSignature(
        { name: '@a/b', version: '1.0.0', integrity, signatures, publishedAt: '2026-01-15T00:00:00Z' },
        expired,
      ),
      keyid,
    );
    assert.throws(
      () =>
        verifyVersionSignature(
          { name: '@a/b', version: '1.0.0', integrity, signatures, publishedAt: '2026-03-01T00:00:00Z' },
          expired,
        ),
      { code: 'SIGNATURE_KEY_EXPIRED' },
    );
    assert.throws(
      () => verifyVersionSignature({ name: '@a/b', version: '1.0.0', integrity, signatures: [] }, keys),
      {
        code: 'SIGNATURE_MISSING',
      },
    );
    assert.throws(
      () => verifyVersionSignature({ name: '@a/b', version: '1.0.0', integrity, signatures }, []),
      {
        code: 'SIGNATURE_KEY_UNKNOWN',
      },
    );
  });
});
