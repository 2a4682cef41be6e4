import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type ErrorCode, isRegistryError } from '../../src/core/errors.js';
import type { PackageLimits } from '../../src/core/limits.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import {
  packFiles,
  packTar,
  UNSAFE_REASONS,
  type UnsafeDetails,
  type UnsafeReason,
  unpackTarball,
} from '../../src/core/tarball/index.js';
import {
  gzipBomb,
  rawEntry,
  rawFile,
  rawGnuLong,
  rawHeader,
  rawPax,
  rawTar,
  rawTgz,
} from '../helpers/raw-tar.js';

const manifest = rawFile('package/patternhub.yaml', 'name: "@acme/x"\n');

function refusal(
  tgz: Uint8Array,
  limits: Partial<PackageLimits> = {},
): { code: ErrorCode; details: UnsafeDetails } {
  try {
    unpackTarball(tgz, limits);
  } catch (error) {
    assert.ok(isRegistryError(error), `expected a RegistryError, got ${String(error)}`);
    return { code: error.code, details: error.details as UnsafeDetails };
  }
  assert.fail('the tarball was accepted');
}

function assertUnsafe(
  tgz: Uint8Array,
  reason: UnsafeReason,
  path?: string,
  limits: Partial<PackageLimits> = {},
): void {
  const { code, details } = refusal(tgz, limits);
  assert.equal(code, 'TARBALL_UNSAFE');
  assert.equal(details.reason, reason);
  if (path !== undefined) assert.equal(details.path, path);
}

function assertInvalid(tgz: Uint8Array): void {
  assert.equal(refusal(tgz).code, 'TARBALL_INVALID');
}

describe('unpackTarball refuses unsafe tarballs', () => {
  it('ABSOLUTE_PATH: a leading slash or a drive letter', () => {
    assertUnsafe(rawTgz(manifest, rawFile('/etc/passwd', 'x')), 'ABSOLUTE_PATH', '/etc/passwd');
    assertUnsafe(rawTgz(rawFile('/package/a.yaml', 'x')), 'ABSOLUTE_PATH');
    assertUnsafe(rawTgz(rawFile('C:/Windows/evil.dll', 'x')), 'ABSOLUTE_PATH');
  });

  it('PATH_TRAVERSAL: a ".." segment anywhere, in the name, the prefix or a PAX path', () => {
    assertUnsafe(
      rawTgz(manifest, rawFile('package/../../.bashrc', 'x')),
      'PATH_TRAVERSAL',
      'package/../../.bashrc',
    );
    assertUnsafe(rawTgz(rawFile('package/a/..', 'x')), 'PATH_TRAVERSAL');
    assertUnsafe(
      rawTgz(rawEntry({ name: 'evil', prefix: 'package/..' }, 'x')),
      'PATH_TRAVERSAL',
      'package/../evil',
    );
    assertUnsafe(rawTgz(rawPax({ path: 'package/../evil' }), rawFile('package/fine', 'x')), 'PATH_TRAVERSAL');
  });

  it('INVALID_PATH: backslashes, NUL, control characters, empty or "." segments, too long', () => {
    assertUnsafe(rawTgz(rawFile('package\\..\\evil', 'x')), 'INVALID_PATH');
    // A ustar or GNU long name ends at its first NUL; a PAX record can carry one.
    assertUnsafe(rawTgz(rawPax({ path: 'package/a\u0000.sh' }), rawFile('package/a', 'x')), 'INVALID_PATH');
    assertUnsafe(rawTgz(rawGnuLong('package/b\rc'), rawFile('package/b', 'x')), 'INVALID_PATH');
    assertUnsafe(rawTgz(rawFile('package/line\nbreak', 'x')), 'INVALID_PATH');
    assertUnsafe(rawTgz(rawFile('package/esc\u001b[31m', 'x')), 'INVALID_PATH');
    assertUnsafe(rawTgz(rawFile('package/c1\u0085', 'x')), 'INVALID_PATH');
    assertUnsafe(rawTgz(rawFile('package//a', 'x')), 'INVALID_PATH');
    assertUnsafe(rawTgz(rawFile('package/./a', 'x')), 'INVALID_PATH');
    const long = `package/${'a'.repeat(21)}`;
    assertUnsafe(rawTgz(manifest, rawFile(long, 'x')), 'INVALID_PATH', long, { maxPathLength: 20 });
    assert.equal(unpackTarball(rawTgz(manifest, rawFile(long, 'x')), { maxPathLength: 21 }).size, 2);
  });

  it('INVALID_UTF8: names that do not decode', () => {
    const name = new Uint8Array([...new TextEncoder().encode('package/'), 0xff, 0xfe, 0x2e, 0x74]);
    assertUnsafe(rawTgz(manifest, rawFile(name, 'x')), 'INVALID_UTF8');
    // An overlong encoding of "/" is the classic way to smuggle a separator past a check.
    const overlong = new Uint8Array([...new TextEncoder().encode('package/a'), 0xc0, 0xaf, 0x78]);
    assertUnsafe(rawTgz(rawFile(overlong, 'x')), 'INVALID_UTF8');
  });

  it('OUTSIDE_ROOT: entries not under package/', () => {
    assertUnsafe(rawTgz(manifest, rawFile('other/evil.yaml', 'x')), 'OUTSIDE_ROOT', 'other/evil.yaml');
    assertUnsafe(rawTgz(rawFile('patternhub.yaml', 'x')), 'OUTSIDE_ROOT');
    assertUnsafe(rawTgz(rawFile('packages/a', 'x')), 'OUTSIDE_ROOT');
    assertUnsafe(rawTgz(rawFile('package', 'x')), 'OUTSIDE_ROOT');
  });

  it('LINK: symlinks and hard links', () => {
    assertUnsafe(
      rawTgz(manifest, rawEntry({ name: 'package/passwd', type: '2', linkname: '/etc/passwd' })),
      'LINK',
      'package/passwd',
    );
    assertUnsafe(
      rawTgz(rawEntry({ name: 'package/copy', type: '1', linkname: 'package/patternhub.yaml' })),
      'LINK',
    );
    assertUnsafe(
      rawTgz(rawGnuLong('x'.repeat(200), 'K'), rawEntry({ name: 'package/l', type: '2' })),
      'LINK',
    );
  });

  it('DEVICE: character and block devices and fifos', () => {
    for (const type of ['3', '4', '6']) {
      assertUnsafe(rawTgz(manifest, rawEntry({ name: 'package/dev', type })), 'DEVICE', 'package/dev');
    }
  });

  it('UNSUPPORTED_ENTRY: exotic entry types such as GNU sparse files and volume labels', () => {
    assertUnsafe(rawTgz(rawEntry({ name: 'package/sparse', type: 'S', magic: 'gnu' })), 'UNSUPPORTED_ENTRY');
    assertUnsafe(rawTgz(rawEntry({ name: 'package/label', type: 'V', magic: 'gnu' })), 'UNSUPPORTED_ENTRY');
  });

  it('DUPLICATE_ENTRY: the same file twice, or a file and a folder of one name', () => {
    assertUnsafe(
      rawTgz(manifest, rawFile('package/a.sh', '1'), rawFile('package/a.sh', '2')),
      'DUPLICATE_ENTRY',
    );
    assertUnsafe(rawTgz(manifest, manifest), 'DUPLICATE_ENTRY', 'package/patternhub.yaml');
  });

  it('CASE_COLLISION: names equal after case folding or Unicode normalisation', () => {
    assertUnsafe(
      rawTgz(rawFile('package/README.md', '1'), rawFile('package/readme.md', '2')),
      'CASE_COLLISION',
    );
    assertUnsafe(
      rawTgz(rawFile('package/caf\u00e9', '1'), rawFile('package/cafe\u0301', '2')),
      'CASE_COLLISION',
    );
    assertUnsafe(rawTgz(rawFile('package/Docs/a', '1'), rawFile('package/docs/b', '2')), 'CASE_COLLISION');
  });

  it('PATH_CONFLICT: a name used both as a file and as a folder', () => {
    assertUnsafe(rawTgz(rawFile('package/a', '1'), rawFile('package/a/b', '2')), 'PATH_CONFLICT');
    assertUnsafe(rawTgz(rawFile('package/a/b', '2'), rawFile('package/a', '1')), 'PATH_CONFLICT');
    assertUnsafe(
      rawTgz(rawFile('package/a', '1'), rawEntry({ name: 'package/A/', type: '5' })),
      'PATH_CONFLICT',
    );
  });

  it('TOO_MANY_FILES: more entries than maxFiles', () => {
    const entries = Array.from({ length: 5 }, (_, i) => rawFile(`package/f${i}`, 'x'));
    assertUnsafe(rawTgz(...entries), 'TOO_MANY_FILES', 'package/f3', { maxFiles: 3 });
    assert.equal(unpackTarball(rawTgz(...entries), { maxFiles: 5 }).size, 5);
  });

  it('TOO_LARGE: one file over maxFileBytes, or all files over maxUnpackedBytes', () => {
    const big = rawTgz(manifest, rawFile('package/big.bin', new Uint8Array(2000)));
    assertUnsafe(big, 'TOO_LARGE', 'package/big.bin', { maxFileBytes: 1999 });
    const many = rawTgz(
      ...Array.from({ length: 4 }, (_, i) => rawFile(`package/f${i}`, new Uint8Array(300))),
    );
    assertUnsafe(many, 'TOO_LARGE', 'package/f3', { maxUnpackedBytes: 1000 });
  });

  it('TOO_LARGE: a gzip bomb of 200 MB of zeros stops early, without inflating it all', async () => {
    const bomb = await gzipBomb('package/zeros.bin', 200 * 1024 * 1024);
    assert.ok(bomb.length < 1024 * 1024, 'the bomb itself is small');
    const before = process.resourceUsage().maxRSS;
    const started = performance.now();
    assertUnsafe(bomb, 'TOO_LARGE');
    assert.ok(performance.now() - started < 2000, 'refused quickly');
    // maxRSS is in KiB. Inflating everything would add 200 MB to the peak; the cap allows ~60 MB.
    const grewMiB = (process.resourceUsage().maxRSS - before) / 1024;
    assert.ok(grewMiB < 150, `peak memory grew by ${grewMiB.toFixed(0)} MiB`);
    // With a tighter limit it stops far earlier still.
    assertUnsafe(bomb, 'TOO_LARGE', undefined, { maxUnpackedBytes: 1024 * 1024, maxFiles: 10 });
  });

  it('refuses the whole tarball, even after accepting earlier entries', () => {
    const tgz = rawTgz(manifest, rawFile('package/README.md', '# ok'), rawFile('package/../escape', 'x'));
    assertUnsafe(tgz, 'PATH_TRAVERSAL');
  });

  it('WINDOWS_UNSAFE: device names, a trailing dot or space, characters Windows cannot store', () => {
    for (const name of [
      'CON',
      'con.txt',
      'nul',
      'COM1.yaml',
      'lpt9',
      'a.txt.',
      'a.txt ',
      'C:evil.txt',
      'a<b',
      'q?',
      'x|y',
      'file:stream',
    ]) {
      assertUnsafe(rawTgz(manifest, rawFile(`package/${name}`, 'x')), 'WINDOWS_UNSAFE', `package/${name}`);
    }
    // In a folder name too, and through a PAX path that overrides a harmless ustar name.
    assertUnsafe(rawTgz(manifest, rawFile('package/aux/a.yaml', 'x')), 'WINDOWS_UNSAFE');
    assertUnsafe(
      rawTgz(manifest, rawPax({ path: 'package/a.txt.' }), rawFile('package/a.txt', 'x')),
      'WINDOWS_UNSAFE',
    );
    assertUnsafe(rawTgz(manifest, rawGnuLong('package/prn.md'), rawFile('package/x', 'x')), 'WINDOWS_UNSAFE');
    // Names that merely contain a device name are fine.
    assert.equal(
      unpackTarball(rawTgz(manifest, rawFile('package/console.md', 'x'), rawFile('package/con-fig', 'x')))
        .size,
      3,
    );
  });

  it('INVALID_PATH: bidirectional controls that make a name read as another', () => {
    assertUnsafe(rawTgz(manifest, rawFile('package/invoice\u202etxt.sh', 'x')), 'INVALID_PATH');
    assertUnsafe(rawTgz(manifest, rawFile('package/a\u2066b', 'x')), 'INVALID_PATH');
  });

  it('has one test above per reason', () => {
    assert.deepEqual([...UNSAFE_REASONS].sort(), [
      'ABSOLUTE_PATH',
      'CASE_COLLISION',
      'DEVICE',
      'DUPLICATE_ENTRY',
      'INVALID_PATH',
      'INVALID_UTF8',
      'LINK',
      'OUTSIDE_ROOT',
      'PATH_CONFLICT',
      'PATH_TRAVERSAL',
      'TOO_LARGE',
      'TOO_MANY_FILES',
      'UNSUPPORTED_ENTRY',
      'WINDOWS_UNSAFE',
    ]);
  });
});

describe('unpackTarball refuses malformed input', () => {
  it('PAYLOAD_TOO_LARGE when the compressed tarball is over maxTarballBytes', () => {
    const tgz = rawTgz(manifest);
    assert.equal(refusal(tgz, { maxTarballBytes: tgz.length - 1 }).code, 'PAYLOAD_TOO_LARGE');
    assert.equal(unpackTarball(tgz, { maxTarballBytes: tgz.length }).size, 1);
  });

  it('TARBALL_INVALID for data that is not gzip, or corrupt, or cut short', () => {
    assertInvalid(new Uint8Array(0));
    assertInvalid(rawTar(manifest)); // an uncompressed tar
    const tgz = packFiles(filesFromRecord({ 'patternhub.yaml': 'name: x\n'.repeat(50) }));
    const corrupt = tgz.slice();
    corrupt[Math.floor(corrupt.length / 2)]! ^= 0xff;
    assertInvalid(corrupt);
    assertInvalid(tgz.subarray(0, tgz.length - 10));
  });

  it('TARBALL_INVALID for a bad header checksum', () => {
    assertInvalid(gzipSync(rawTar(rawEntry({ name: 'package/a', checksum: 1234 }, 'x'))));
    const tar = packTar(filesFromRecord({ 'patternhub.yaml': 'name: x\n' }));
    tar[10] = 0x41; // a changed name byte
    assertInvalid(gzipSync(tar));
  });

  it('TARBALL_INVALID for an entry cut short, a missing end block, a bad number or PAX record', () => {
    assertInvalid(gzipSync(rawHeader({ name: 'package/a', size: 5000 })));
    assertInvalid(gzipSync(rawFile('package/a', 'x')));
    assertInvalid(rawTgz(rawHeader({ name: 'package/a', patch: { offset: 124, bytes: '0000000012x' } })));
    assertInvalid(
      rawTgz(rawEntry({ name: 'PaxHeader', type: 'x' }, '99 path=package/a\n'), rawFile('package/a')),
    );
    assertInvalid(rawTgz(rawPax({ path: 'package/a' }))); // an extended header with no entry after it
  });
});

describe('unpackTarball accepts what real tools write', () => {
  it('skips folder entries, including the root', () => {
    const tgz = rawTgz(
      rawEntry({ name: 'package/', type: '5' }),
      rawEntry({ name: 'package/docs/', type: '5' }),
      rawFile('package/docs/a.md', '# a'),
      manifest,
    );
    assert.deepEqual([...unpackTarball(tgz).keys()], ['docs/a.md', 'patternhub.yaml']);
  });

  it('reads GNU long names, PAX paths and ustar prefixes', () => {
    const long = `package/${'d'.repeat(150)}/${'f'.repeat(150)}.yaml`;
    const tgz = rawTgz(
      rawGnuLong(long),
      rawFile('././@LongLink', 'gnu'),
      rawPax({ path: `${long}.pax`, mtime: '1.5', comment: 'ignored' }),
      rawFile('package/stand-in', 'pax'),
      rawEntry({ name: 'b.yaml', prefix: `package/${'p'.repeat(120)}` }, 'prefix'),
    );
    const files = unpackTarball(tgz);
    assert.equal(new TextDecoder().decode(files.get(long.slice(8))), 'gnu');
    assert.equal(new TextDecoder().decode(files.get(`${long.slice(8)}.pax`)), 'pax');
    assert.equal(new TextDecoder().decode(files.get(`${'p'.repeat(120)}/b.yaml`)), 'prefix');
  });

  it('applies a PAX size override and global headers', () => {
    const tgz = rawTgz(
      rawPax({ comment: 'global' }, 'g'),
      rawPax({ size: '3' }),
      rawEntry({ name: 'package/a', size: 0 }, 'abc'),
    );
    assert.equal(new TextDecoder().decode(unpackTarball(tgz).get('a')), 'abc');
  });

  it('returns an empty package for an empty archive', () => {
    assert.equal(unpackTarball(rawTgz()).size, 0);
  });

  it('reads a regular-file entry whose name ends in a slash as a folder, as pre-POSIX tars meant', () => {
    assert.deepEqual(
      [...unpackTarball(rawTgz(rawFile('package/docs/'), manifest)).keys()],
      ['patternhub.yaml'],
    );
  });
});
