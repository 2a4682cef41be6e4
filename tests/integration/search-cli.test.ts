/**
 * `patternhub search` as a user runs it: the built binary against a real registry holding a small
 * generated corpus. An aligned table with a truncated description on a terminal-width output,
 * JSON with --json, filters as flags, and usage errors with their exit code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { versionPath } from '../../src/core/api-paths.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/index.js';
import type { SearchResponse } from '../../src/core/types.js';
import { runCli } from '../helpers/cli.js';
import { generateCorpus } from '../helpers/corpus.js';
import { createOrg } from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

const corpus = generateCorpus({ packages: 60, seed: 3, privateShare: 0, deprecatedShare: 0 });
let registry: TestRegistry;

function cli(args: string[], env: Record<string, string> = {}) {
  return runCli(args, {
    env: { PATTERNHUB_REGISTRY: registry.url, PATTERNHUB_CONFIG: '/nonexistent/patternhub.yaml', ...env },
  });
}

before(async () => {
  registry = await startTestRegistry();
  for (const scope of [...new Set(corpus.map((pkg) => pkg.scope))])
    await createOrg(registry, registry.adminToken, scope);
  for (const pkg of corpus) {
    const res = await registry.request(versionPath(pkg.name, pkg.version), {
      method: 'PUT',
      token: registry.adminToken,
      body: packFiles(filesFromRecord(pkg.files)) as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/gzip' },
    });
    assert.equal(res.status, 201, await res.text());
  }
});

after(async () => {
  await registry?.close();
});

describe('patternhub search', () => {
  it('prints an aligned table, the description cut to the terminal width', async () => {
    const run = await cli(['search', 'disk', 'full'], { COLUMNS: '100' });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    const header = lines[0]!;
    assert.match(header, /^NAME\s+VERSION\s+KIND\s+DOWNLOADS\s+UPDATED\s+DESCRIPTION$/);
    const rows = lines.slice(1, -1);
    assert.ok(rows.length > 0);
    // Every column starts where its header does.
    for (const column of ['VERSION', 'KIND', 'DOWNLOADS', 'UPDATED', 'DESCRIPTION']) {
      const at = header.indexOf(column);
      for (const row of rows) assert.notEqual(row[at - 1], undefined, row);
      for (const row of rows) assert.equal(row[at - 2], ' ', `${column} in ${row}`);
    }
    for (const row of rows) assert.ok(row.length <= 100, `${row.length}: ${row}`);
    assert.ok(
      rows.some((row) => row.endsWith('…')),
      'a long description is cut',
    );
    assert.match(lines.at(-1)!, /^1-\d+ of \d+/);
  });

  it('answers JSON with --json, and passes filters on', async () => {
    const run = await cli(['search', 'linux', '--kind', 'action', '--per-page', '5', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const answer = run.json<SearchResponse>();
    assert.ok(answer.results.length > 0 && answer.results.length <= 5);
    assert.ok(answer.results.every((result) => result.kind === 'action'));
    assert.equal(answer.perPage, 5);
  });

  it('finds the callers of an action', async () => {
    const run = await cli(['search', 'uses', '@community/linux.check_disk', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const expected = corpus
      .filter((pkg) => pkg.uses.includes('@community/linux.check_disk'))
      .map((pkg) => pkg.name);
    assert.deepEqual(
      run
        .json<SearchResponse>()
        .results.map((result) => result.name)
        .sort(),
      expected.sort(),
    );
    const flag = await cli(['search', '--uses', '@community/linux.check_disk', '--json']);
    assert.deepEqual(flag.json<SearchResponse>().results, run.json<SearchResponse>().results);
  });

  it('says what it corrected, and when nothing matches', async () => {
    const corrected = await cli(['search', 'dsik', 'ful']);
    assert.equal(corrected.code, 0, corrected.stderr);
    assert.match(corrected.stdout, /Also searched for: dsik → disk, ful → full/);
    const none = await cli(['search', 'qwertyuiop']);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No packages found/);
  });

  it('exits 2 on usage errors and bad filter values', async () => {
    const empty = await cli(['search', '--json']);
    assert.equal(empty.code, 2);
    assert.equal(JSON.parse(empty.stderr).error.code, 'USAGE');
    const bad = await cli(['search', 'disk', '--kind', 'widget', '--json']);
    assert.equal(bad.code, 2);
    assert.equal(JSON.parse(bad.stderr).error.code, 'BAD_REQUEST');
  });
});
