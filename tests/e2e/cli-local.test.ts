/**
 * The local half of the CLI, spawned as the built binary: init → validate → pack, with no registry.
 * Assertions are on exit codes, `code` fields and integrity, never on wording.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { type CliRun, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const work = tempDir('cli-local');
after(() => rmSync(work, { recursive: true, force: true }));

let counter = 0;
/** A fresh folder with its own HOME and config file, so no developer setting leaks in or out. */
function sandbox(): { dir: string; env: Record<string, string> } {
  const dir = join(work, `case-${++counter}`);
  mkdirSync(join(dir, 'home'), { recursive: true });
  return {
    dir,
    env: { HOME: join(dir, 'home'), PATTERNHUB_CONFIG: join(dir, 'home', 'config.yaml') },
  };
}

function cli(box: { dir: string; env: Record<string, string> }, args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: box.dir, env: box.env });
}

/** The `{ error: { code } }` a --json run prints on stderr. */
function errorOf(run: CliRun): { code: string; details?: unknown } {
  assert.equal(run.stdout, '', `a failing --json run prints nothing on stdout: ${run.stdout}`);
  return (JSON.parse(run.stderr) as { error: { code: string; details?: unknown } }).error;
}

function assertExit(run: CliRun, code: number): void {
  assert.equal(
    run.code,
    code,
    `exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
  );
}

interface Packed {
  name: string;
  version: string;
  integrity: string;
  size: number;
  files: Array<{ path: string; size: number }>;
  file: string | null;
}

async function init(
  box: { dir: string; env: Record<string, string> },
  folder: string,
  kind: 'pattern' | 'action',
  name: string,
): Promise<string> {
  const run = await cli(box, ['init', folder, '--kind', kind, '--name', name, '--json']);
  assertExit(run, 0);
  return join(box.dir, folder);
}

async function packDry(box: { dir: string; env: Record<string, string> }, folder: string): Promise<Packed> {
  const run = await cli(box, ['pack', folder, '--dry-run', '--json']);
  assertExit(run, 0);
  return run.json<Packed>();
}

/** The entry names of a gzipped tar (ustar: the name is the first 100 bytes of each 512-byte header). */
function tarEntries(tgz: Uint8Array): string[] {
  const tar = gunzipSync(tgz);
  const names: string[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length && tar[offset] !== 0) {
    const header = tar.subarray(offset, offset + 512);
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = field(0, 100);
    names.push(prefix ? `${prefix}/${name}` : name);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('init → validate → pack', () => {
  for (const [kind, name, expected] of [
    ['pattern', '@acme/disk-full', ['README.md', 'patternhub.yaml', 'workflows/disk-full.yaml']],
    ['action', '@acme/linux', ['README.md', 'actions/linux.sh', 'actions/linux.yaml', 'patternhub.yaml']],
  ] as const) {
    it(`a new ${kind} package validates and packs to a tarball whose integrity is printed`, async () => {
      const box = sandbox();
      const created = await cli(box, ['init', 'pkg', '--kind', kind, '--name', name, '--json']);
      assertExit(created, 0);
      const scaffold = created.json<{ kind: string; name: string; files: string[] }>();
      assert.equal(scaffold.kind, kind);
      assert.equal(scaffold.name, name);
      // init also writes a .gitignore for .patternhub/, which is never packed.
      assert.deepEqual(scaffold.files, ['.gitignore', ...expected]);
      for (const file of expected) assert.ok(existsSync(join(box.dir, 'pkg', file)), file);

      const valid = await cli(box, ['validate', 'pkg', '--json']);
      assertExit(valid, 0);
      assert.deepEqual(valid.json(), { ok: true, name, version: '0.1.0', issues: [] });
      const human = await cli(box, ['validate', 'pkg']);
      assertExit(human, 0);
      assert.match(human.stdout, new RegExp(`${name}@0\\.1\\.0`));

      // Run from inside the package, writing the tarball to a folder that does not exist yet.
      const packed = await runCli(['pack', '--out', '../dist/out', '--json'], {
        cwd: join(box.dir, 'pkg'),
        env: box.env,
      });
      assertExit(packed, 0);
      const result = packed.json<Packed>();
      assert.equal(result.name, name);
      assert.equal(result.version, '0.1.0');
      assert.deepEqual(
        result.files.map((file) => file.path),
        expected,
      );
      assert.ok(result.file, 'pack names the file it wrote');
      assert.equal(result.file, join(box.dir, 'dist', 'out', `acme-${name.split('/')[1]}-0.1.0.tgz`));
      const bytes = readFileSync(result.file);
      assert.equal(result.size, bytes.byteLength);
      assert.equal(result.integrity, `sha512-${createHash('sha512').update(bytes).digest('base64')}`);
      assert.deepEqual(
        tarEntries(bytes),
        expected.map((file) => `package/${file}`),
      );

      // The human output carries the same integrity.
      const text = await cli(box, ['pack', 'pkg', '--dry-run']);
      assertExit(text, 0);
      assert.ok(text.stdout.includes(result.integrity), text.stdout);
    });
  }

  it('packs the same folder to the same integrity, and a copy with other mtimes and modes too', async () => {
    const box = sandbox();
    const dir = await init(box, 'pkg', 'action', '@acme/same');
    const before = readdirSync(box.dir).sort();
    const first = await packDry(box, 'pkg');
    // --dry-run writes nothing.
    assert.equal(first.file, null);
    assert.deepEqual(readdirSync(box.dir).sort(), before);
    assert.ok(!readdirSync(dir).some((file) => file.endsWith('.tgz')));
    const second = await packDry(box, 'pkg');
    assert.equal(second.integrity, first.integrity);

    cpSync(dir, join(box.dir, 'copy'), { recursive: true });
    const past = new Date('2001-02-03T04:05:06Z');
    for (const file of ['patternhub.yaml', 'README.md', 'actions/same.yaml', 'actions/same.sh']) {
      utimesSync(join(box.dir, 'copy', file), past, past);
    }
    chmodSync(join(box.dir, 'copy', 'actions', 'same.sh'), 0o755);
    const copy = await packDry(box, 'copy');
    assert.equal(copy.integrity, first.integrity);

    // …and a one-byte change gives another integrity (the check above could not pass by accident).
    writeFileSync(join(box.dir, 'copy', 'README.md'), `${readFileSync(join(dir, 'README.md'), 'utf8')}.`);
    const changed = await packDry(box, 'copy');
    assert.notEqual(changed.integrity, first.integrity);
  });
});

describe('validate on a broken package', () => {
  it('exits 3 with the issue codes, in --json and in human output; pack refuses it too', async () => {
    const box = sandbox();
    const dir = await init(box, 'pkg', 'pattern', '@acme/broken');
    const workflow = join(dir, 'workflows', 'broken.yaml');
    writeFileSync(workflow, readFileSync(workflow, 'utf8').replace('do: done', 'do: nowhere'));
    // A second, schema-level problem in another file.
    const manifest = join(dir, 'patternhub.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 0.1.0', 'version: one'));

    const json = await cli(box, ['validate', 'pkg', '--json']);
    assertExit(json, 3);
    const report = json.json<{
      ok: boolean;
      issues: Array<{ code: string; file: string; severity: string }>;
    }>();
    assert.equal(report.ok, false);
    const codes = report.issues.map((issue) => issue.code);
    assert.ok(codes.includes('UNKNOWN_TASK'), codes.join(', '));
    assert.ok(
      report.issues.some((issue) => issue.file === 'patternhub.yaml' && issue.severity === 'error'),
      JSON.stringify(report.issues),
    );

    const human = await cli(box, ['validate', 'pkg']);
    assertExit(human, 3);
    assert.ok(human.stdout.includes('UNKNOWN_TASK'), human.stdout);
    assert.ok(human.stdout.includes('workflows/broken.yaml'), human.stdout);

    const packed = await cli(box, ['pack', 'pkg', '--json']);
    assertExit(packed, 3);
    const error = errorOf(packed);
    assert.equal(error.code, 'INVALID_PACKAGE');
    const issues = (error.details as { issues: Array<{ code: string }> }).issues;
    assert.ok(issues.some((issue) => issue.code === 'UNKNOWN_TASK'));
    assert.ok(!readdirSync(box.dir).some((file) => file.endsWith('.tgz')), 'no tarball written');
  });

  it('exits 3 on a manifest that is not YAML, and 2 on a folder without a manifest', async () => {
    const box = sandbox();
    const dir = await init(box, 'pkg', 'pattern', '@acme/yaml');
    writeFileSync(join(dir, 'patternhub.yaml'), 'name: "@acme/yaml\nversion: [\n');
    const run = await cli(box, ['validate', 'pkg', '--json']);
    assertExit(run, 3);
    assert.equal(run.json<{ ok: boolean }>().ok, false);

    mkdirSync(join(box.dir, 'empty'));
    const none = await cli(box, ['validate', 'empty', '--json']);
    assertExit(none, 2);
    assert.equal(errorOf(none).code, 'USAGE');
  });
});

describe('init', () => {
  it('refuses to overwrite a package (exit 5 ALREADY_EXISTS) unless --force', async () => {
    const box = sandbox();
    const dir = await init(box, 'pkg', 'pattern', '@acme/first');
    const manifest = readFileSync(join(dir, 'patternhub.yaml'), 'utf8');
    const again = await cli(box, ['init', 'pkg', '--kind', 'action', '--name', '@acme/second', '--json']);
    assertExit(again, 5);
    assert.equal(errorOf(again).code, 'ALREADY_EXISTS');
    assert.equal(readFileSync(join(dir, 'patternhub.yaml'), 'utf8'), manifest, 'nothing overwritten');
    assert.ok(!existsSync(join(dir, 'actions')));

    const forced = await cli(box, ['init', 'pkg', '--kind', 'pattern', '--name', '@acme/second', '--force']);
    assertExit(forced, 0);
    assert.match(readFileSync(join(dir, 'patternhub.yaml'), 'utf8'), /@acme\/second/);
  });

  it('does not overwrite a README (or any scaffold file) already in the folder', async () => {
    const box = sandbox();
    mkdirSync(join(box.dir, 'pkg'));
    writeFileSync(join(box.dir, 'pkg', 'README.md'), '# my notes\n');
    const run = await cli(box, ['init', 'pkg', '--kind', 'pattern', '--name', '@acme/notes', '--json']);
    assertExit(run, 5);
    assert.equal(errorOf(run).code, 'ALREADY_EXISTS');
    assert.equal(readFileSync(join(box.dir, 'pkg', 'README.md'), 'utf8'), '# my notes\n');
    assert.deepEqual(readdirSync(join(box.dir, 'pkg')), ['README.md'], 'nothing else written');
  });

  it('exits 2 on usage errors and writes nothing', async () => {
    const box = sandbox();
    const cases: Array<[string[], string]> = [
      [['--name', '@acme/x'], 'USAGE'], // no --kind, and no terminal to ask on
      [['--kind', 'pattern'], 'USAGE'], // no --name
      [['--kind', 'workflow', '--name', '@acme/x'], 'USAGE'],
      [['--kind', 'pattern', '--name', 'acme'], 'INVALID_NAME'],
      [['--kind', 'pattern', '--name', '@Acme/x.y'], 'INVALID_NAME'],
      [['--kind', 'pattern', '--name', '@acme/x', '--bogus'], 'USAGE'],
      [['--kind', '--name', '@acme/x'], 'USAGE'], // --kind without its value
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(box, ['init', 'out', ...args, '--json'])));
    runs.forEach((run, index) => {
      const [args, code] = cases[index]!;
      assert.equal(run.code, 2, `${args.join(' ')}: exit ${run.code}\n${run.stderr}`);
      assert.equal(errorOf(run).code, code, args.join(' '));
    });
    assert.ok(!existsSync(join(box.dir, 'out')), 'no folder created');
  });
});

describe('file selection', () => {
  it('leaves out what .patternhubignore names, and always-excluded files', async () => {
    const box = sandbox();
    const dir = await init(box, 'pkg', 'pattern', '@acme/ignored');
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'todo.md'), 'later\n');
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'guide.md'), '# guide\n');
    writeFileSync(join(dir, 'docs', 'draft.bak'), 'old\n');
    writeFileSync(join(dir, 'docs', 'keep.bak'), 'kept\n');
    writeFileSync(join(dir, 'old-0.0.1.tgz'), 'not a tarball');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(dir, '.patternhubignore'), '# private\nnotes/\n*.bak\n!keep.bak\n');

    const packed = await packDry(box, 'pkg');
    assert.deepEqual(
      packed.files.map((file) => file.path),
      [
        '.patternhubignore',
        'README.md',
        'docs/guide.md',
        'docs/keep.bak',
        'patternhub.yaml',
        'workflows/ignored.yaml',
      ],
    );
  });

  it('packs only what the manifest `files` allow-list names, plus the manifest and README', async () => {
    const box = sandbox();
    const dir = await init(box, 'pkg', 'pattern', '@acme/allowed');
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'guide.md'), '# guide\n');
    writeFileSync(join(dir, 'scratch.txt'), 'scratch\n');
    writeFileSync(join(dir, 'LICENSE'), 'Apache-2.0\n');
    const manifest = join(dir, 'patternhub.yaml');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}files: [workflows/, docs/]\n`);

    const valid = await cli(box, ['validate', 'pkg', '--json']);
    assertExit(valid, 0);
    const packed = await packDry(box, 'pkg');
    assert.deepEqual(
      packed.files.map((file) => file.path),
      ['LICENSE', 'README.md', 'docs/guide.md', 'patternhub.yaml', 'workflows/allowed.yaml'],
    );
  });

  it('refuses a symbolic link inside the package (exit 3), unless it is ignored', async () => {
    const box = sandbox();
    const dir = await init(box, 'pkg', 'pattern', '@acme/linked');
    writeFileSync(join(box.dir, 'secret.txt'), 'outside the package\n');
    symlinkSync(join(box.dir, 'secret.txt'), join(dir, 'docs.md'));
    mkdirSync(join(box.dir, 'elsewhere'));
    symlinkSync(join(box.dir, 'elsewhere'), join(dir, 'shared'));

    const commands = [['validate'], ['pack'], ['publish', '--dry-run']];
    const runs = await Promise.all(
      commands.map(([command, ...flags]) => cli(box, [command!, 'pkg', ...flags, '--json'])),
    );
    runs.forEach((run, index) => {
      assertExit(run, 3);
      assert.equal(errorOf(run).code, 'INVALID_PACKAGE', commands[index]!.join(' '));
    });
    assert.ok(!readdirSync(box.dir).some((file) => file.endsWith('.tgz')));

    // The hint says to ignore the link: that has to work.
    writeFileSync(join(dir, '.patternhubignore'), 'docs.md\nshared\n');
    const packed = await packDry(box, 'pkg');
    assert.ok(!packed.files.some((file) => file.path === 'docs.md' || file.path.startsWith('shared')));
  });
});
