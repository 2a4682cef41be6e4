import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isRegistryError } from '../../src/core/errors.js';
import { filesFromRecord, type PackageFiles, textOf } from '../../src/core/package-files.js';
import {
  computeIntegrity,
  hexToIntegrity,
  integrityToHex,
  isIntegrity,
  PACK_MTIME,
  packFiles,
  packTar,
  readTar,
  type UnsafeDetails,
  unpackTarball,
  verifyIntegrity,
} from '../../src/core/tarball/index.js';

const SAMPLE = {
  'patternhub.yaml':
    'name: "@acme/disk-full"\nversion: 1.0.0\nkind: pattern\ndescription: Free disk space.\n',
  'README.md': '# disk-full\n\nFree space on a host whose disk is filling up.\n',
  'workflows/disk-full.yaml':
    'name: disk-full\nworkflow:\n  version: 1.0\n  tasks:\n    noop: { action: core.noop }\n',
};

// A change here means every package now packs to a different integrity: only on purpose. (The same
// bytes as GNU tar --format=ustar with normalised metadata: see the interoperability tests.)
const GOLDEN_TAR_SHA512 =
  'sha512-tAcBT5oiZEl10A9aIcP4oGEfqoSdQi1s4TqbxNdn0kJkX2YQxagcCMxaFzJVcA2w+ZrvtfN0enHU+a0NEzLmYg==';
// Also depends on the zlib bundled with Node (see packFiles); if only this one changes, zlib did.
const GOLDEN_TGZ_INTEGRITY =
  'sha512-bBlk6yZOswyXyO+yLj5tfgYxRMGD6pmxfcsjWBR5ud2rve6h7q3in7b4SlOlsmEvHIUY8cTYoRwIzSJ4cSfzgA==';

function reversed(record: Record<string, string>): PackageFiles {
  return filesFromRecord(Object.fromEntries(Object.entries(record).reverse()));
}

function roundTrip(files: PackageFiles): PackageFiles {
  return unpackTarball(packFiles(files));
}

function asText(files: PackageFiles): Record<string, string> {
  return Object.fromEntries([...files].map(([path, data]) => [path, textOf(data)]));
}

describe('packFiles', () => {
  it('is deterministic: the same files in any order give identical bytes', () => {
    const a = packFiles(filesFromRecord(SAMPLE));
    const b = packFiles(reversed(SAMPLE));
    assert.deepEqual(a, b);
    assert.equal(computeIntegrity(a), computeIntegrity(b));
  });

  it('matches the golden integrity of a fixed package', () => {
    assert.equal(computeIntegrity(packTar(filesFromRecord(SAMPLE))), GOLDEN_TAR_SHA512);
    assert.equal(computeIntegrity(packFiles(filesFromRecord(SAMPLE))), GOLDEN_TGZ_INTEGRITY);
  });

  it('writes a gzip header with no name, mtime 0 and the Unix OS byte', () => {
    const tgz = packFiles(filesFromRecord(SAMPLE));
    assert.deepEqual([...tgz.subarray(0, 4)], [0x1f, 0x8b, 8, 0]); // deflate, no flags (no name)
    assert.deepEqual([...tgz.subarray(4, 8)], [0, 0, 0, 0]);
    assert.equal(tgz[9], 3);
  });

  it('writes sorted entries under package/, with fixed mtime, mode and owner', () => {
    const entries = [...readTar(gunzipSync(packFiles(reversed(SAMPLE))))];
    assert.deepEqual(
      entries.map((entry) => entry.path),
      ['package/README.md', 'package/patternhub.yaml', 'package/workflows/disk-full.yaml'],
    );
    for (const entry of entries) {
      assert.equal(entry.type, 'file');
      assert.equal(entry.mode, 0o644);
      assert.equal(entry.mtime, PACK_MTIME);
    }
    assert.equal(new Date(PACK_MTIME * 1000).toISOString(), '1985-10-26T08:15:00.000Z');
  });

  it('sorts in code-point order, not UTF-16 order', () => {
    // U+FF21 is one UTF-16 unit above the surrogates of U+1F600, but a smaller code point.
    const files = filesFromRecord({ '\u{1f600}.md': 'b', '\uff21.md': 'a', 'z.md': 'c' });
    const paths = [...readTar(packTar(files))].map((entry) => entry.path);
    assert.deepEqual(paths, ['package/z.md', 'package/\uff21.md', 'package/\u{1f600}.md']);
  });

  it('round-trips through unpackTarball, bytes intact', () => {
    const files = filesFromRecord(SAMPLE);
    files.set('actions/bin.dat', new Uint8Array([0, 1, 2, 255, 254, 0]));
    files.set('empty.txt', new Uint8Array(0));
    files.set('docs/caf\u00e9/\u{1f4be}.md', new TextEncoder().encode('unicode'));
    files.set('exact-block.bin', new Uint8Array(512).fill(7));
    const back = roundTrip(files);
    assert.deepEqual(new Set(back.keys()), new Set(files.keys()));
    for (const [path, data] of files) assert.deepEqual(back.get(path), data, path);
  });

  it('round-trips paths longer than 100 bytes (ustar prefix) and 255 bytes (PAX)', () => {
    const prefixed = `${'d'.repeat(90)}/${'f'.repeat(95)}.yaml`; // fits prefix + name
    const unsplittable = `docs/${'n'.repeat(120)}.md`; // the last segment alone is over 100 bytes
    const veryLong = `${`${'x'.repeat(60)}/`.repeat(6)}${'\u00e9'.repeat(70)}.md`; // > 255 bytes
    const files = filesFromRecord({ [prefixed]: 'prefix', [unsplittable]: 'pax', [veryLong]: 'very long' });
    assert.deepEqual(asText(roundTrip(files)), asText(files));
    const types = [...readTar(packTar(files))].map((entry) => entry.typeflag);
    assert.deepEqual(types, ['0', '0', '0']); // PAX headers are applied, not returned as entries
  });

  it('packs an empty package', () => {
    assert.equal(roundTrip(new Map()).size, 0);
  });

  it('refuses paths that unpacking would refuse, with INVALID_PACKAGE and the reason', () => {
    const cases: Array<[string[], string]> = [
      [['../escape'], 'PATH_TRAVERSAL'],
      [['/abs'], 'ABSOLUTE_PATH'],
      [['a\\b'], 'INVALID_PATH'],
      [['a//b'], 'INVALID_PATH'],
      [[''], 'INVALID_PATH'],
      [['README.md', 'readme.md'], 'CASE_COLLISION'],
      [['a', 'a/b'], 'PATH_CONFLICT'],
    ];
    for (const [paths, reason] of cases) {
      const files: PackageFiles = new Map(paths.map((path) => [path, new Uint8Array(0)]));
      assert.throws(
        () => packFiles(files),
        (error) =>
          isRegistryError(error, 'INVALID_PACKAGE') && (error.details as UnsafeDetails).reason === reason,
        `${paths.join(', ')} → ${reason}`,
      );
    }
  });
});

describe('integrity', () => {
  const tgz = packFiles(filesFromRecord(SAMPLE));

  it('is sha512- and the base64 sha512 digest, as npm writes it', () => {
    const expected = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
    assert.equal(computeIntegrity(tgz), expected);
    assert.ok(isIntegrity(expected));
    assert.ok(!isIntegrity('sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA='));
    assert.ok(!isIntegrity(expected.slice(0, -3)));
    assert.ok(!isIntegrity(`${expected} `));
  });

  it('verifies, and throws INTEGRITY_MISMATCH for other bytes or a malformed value', () => {
    verifyIntegrity(tgz, computeIntegrity(tgz));
    const other = computeIntegrity(new Uint8Array([1]));
    assert.throws(
      () => verifyIntegrity(tgz, other),
      (error) => isRegistryError(error, 'INTEGRITY_MISMATCH'),
    );
    assert.throws(
      () => verifyIntegrity(tgz, 'sha512-nope'),
      (error) => isRegistryError(error, 'INTEGRITY_MISMATCH'),
    );
  });

  it('converts to and from hex for storage keys', () => {
    const integrity = computeIntegrity(tgz);
    const hex = integrityToHex(integrity);
    assert.equal(hex, createHash('sha512').update(tgz).digest('hex'));
    assert.equal(hexToIntegrity(hex), integrity);
    assert.throws(
      () => integrityToHex('sha256-abc'),
      (error) => isRegistryError(error, 'BAD_REQUEST'),
    );
    assert.throws(
      () => hexToIntegrity('../etc'),
      (error) => isRegistryError(error, 'BAD_REQUEST'),
    );
  });
});

const tarVersion = spawnSync('tar', ['--version'], { encoding: 'utf8' });
const hasTar = tarVersion.status === 0;
const isGnuTar = hasTar && tarVersion.stdout.includes('GNU tar');

describe('interoperability with the system tar', { skip: !hasTar && 'no tar on this system' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'patternhub-pack-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C' };

  it('lists with fixed mtime, owner and mode (tar -tzvf)', () => {
    const file = join(dir, 'sample.tgz');
    writeFileSync(file, packFiles(filesFromRecord(SAMPLE)));
    const listing = spawnSync('tar', ['-tzvf', file], { env, encoding: 'utf8' });
    assert.equal(listing.status, 0, listing.stderr);
    const lines = listing.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    for (const line of lines) {
      // GNU tar: "-rw-r--r-- 0/0  54 1985-10-26 08:15 package/README.md"; bsdtar: "… 0 0 … Oct 26  1985 …"
      assert.match(line, /^-rw-r--r-- +(0\/0|1? *0 +0) /, line);
      assert.match(line, /1985-10-26 08:15|Oct 26 +1985/, line);
    }
    assert.match(lines[0]!, /package\/README\.md$/);
  });

  it('extracts long and non-ASCII paths intact (tar -xzf)', () => {
    const files = filesFromRecord({
      ...SAMPLE,
      [`${'d'.repeat(90)}/${'f'.repeat(95)}.yaml`]: 'prefix',
      [`docs/${'n'.repeat(120)}.md`]: 'pax',
      [`${`${'x'.repeat(60)}/`.repeat(6)}caf\u00e9.md`]: 'very long',
    });
    const out = mkdtempSync(join(dir, 'x-'));
    const file = join(dir, 'long.tgz');
    writeFileSync(file, packFiles(files));
    const result = spawnSync('tar', ['-xzf', file, '-C', out], { env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    for (const [path, data] of files) {
      assert.deepEqual(new Uint8Array(readFileSync(join(out, 'package', path))), data, path);
    }
  });

  it('writes the same bytes as GNU tar --format=ustar with normalised metadata', {
    skip: !isGnuTar && 'not GNU tar',
  }, () => {
    const src = mkdtempSync(join(dir, 'gnu-'));
    const files = filesFromRecord(SAMPLE);
    const paths = [...readTar(packTar(files))].map((entry) => entry.path);
    for (const [path, data] of files) {
      mkdirSync(dirname(join(src, 'package', path)), { recursive: true });
      writeFileSync(join(src, 'package', path), data);
    }
    const file = join(dir, 'gnu.tar');
    const args = ['--format=ustar', '--owner=0', '--group=0', '--numeric-owner', '--mode=0644', '-b1'];
    const made = spawnSync(
      'tar',
      [...args, '--mtime=1985-10-26 08:15:00Z', '-cf', file, '-C', src, ...paths],
      {
        env,
        encoding: 'utf8',
      },
    );
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(new Uint8Array(readFileSync(file)), packTar(files));
  });

  it('unpacks what GNU tar packs, folder entries and long names included', () => {
    const src = mkdtempSync(join(dir, 'src-'));
    const long = `${'a'.repeat(120)}/${'b'.repeat(150)}.md`;
    const files = filesFromRecord({ ...SAMPLE, [long]: 'long' });
    for (const [path, data] of files) {
      const target = join(src, 'package', path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    const file = join(dir, 'made-by-tar.tgz');
    const made = spawnSync('tar', ['-czf', file, '-C', src, 'package'], { env, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(asText(unpackTarball(readFileSync(file))), asText(files));
  });
});
