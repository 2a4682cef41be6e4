/**
 * The pure parts of search: reading the query string (qualifiers, `uses X`, names, bad values),
 * edit distance and candidate edits for typo correction, the words search and the vocabulary share,
 * and the generated corpus being valid and deterministic. No database.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedDistance, editDistance } from '../../src/core/edit-distance.js';
import { RegistryError } from '../../src/core/errors.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import type { PackageContents } from '../../src/core/types.js';
import { validatePackage } from '../../src/core/validate/index.js';
import { wordsOf } from '../../src/services/search-document.js';
import { hasOperators, nameGuess, parseSearchRequest, tsqueryText } from '../../src/services/search-query.js';
import { editsOf } from '../../src/services/search-spelling.js';
import { generateCorpus } from '../helpers/corpus.js';

function badRequest(params: Record<string, string>): void {
  assert.throws(
    () => parseSearchRequest(params),
    (error) => error instanceof RegistryError && error.code === 'BAD_REQUEST',
    JSON.stringify(params),
  );
}

describe('parseSearchRequest', () => {
  it('takes qualifiers out of q and merges them with the parameters', () => {
    const request = parseSearchRequest({
      q: 'disk full kind:pattern scope:@acme keyword:disk license:MIT uses:@community/linux.check_disk',
      kind: 'pattern',
      page: '2',
      perPage: '10',
    });
    assert.equal(request.text, 'disk full');
    assert.deepEqual(request.kinds, ['pattern', 'pattern']);
    assert.deepEqual(request.scopes, ['acme']);
    assert.deepEqual(request.keywords, ['disk']);
    assert.deepEqual(request.licenses, ['MIT']);
    assert.deepEqual(request.uses, ['@community/linux.check_disk']);
    assert.equal(request.page, 2);
    assert.equal(request.perPage, 10);
    assert.equal(request.includeDeprecated, false);
  });

  it('reads "uses X" as a person types it, and a bare action reference as uses', () => {
    assert.deepEqual(parseSearchRequest({ q: 'uses @community/linux.check_disk' }).uses, [
      '@community/linux.check_disk',
    ]);
    assert.equal(parseSearchRequest({ q: 'uses @community/linux.check_disk' }).text, '');
    assert.deepEqual(parseSearchRequest({ q: '@community/chatops.post_message slack' }), {
      ...parseSearchRequest({ q: 'slack' }),
      uses: ['@community/chatops.post_message'],
    });
    // "uses" followed by a plain word is just a word.
    assert.equal(parseSearchRequest({ q: 'who uses this' }).text, 'who uses this');
    assert.deepEqual(parseSearchRequest({ q: 'uses:core.http' }).uses, ['core.http']);
  });

  it('keeps a full package name as an exact-name candidate and its name as words', () => {
    const request = parseSearchRequest({ q: '@acme/disk-full-remediation' });
    assert.deepEqual(request.fullNames, ['@acme/disk-full-remediation']);
    assert.equal(request.text, 'disk-full-remediation');
  });

  it('refuses malformed values', () => {
    for (const params of [
      { kind: 'widget' },
      { q: 'kind:widget' },
      { scope: 'Acme Corp' },
      { uses: 'check_disk' },
      { q: 'uses:linux' },
      { page: '0' },
      { page: '-1' },
      { page: '1.5' },
      { perPage: '0' },
      { perPage: '101' },
      { page: '51', perPage: '20' },
      { deprecated: 'yes' },
      { keyword: 'k'.repeat(65) },
      { q: 'q'.repeat(257) },
    ] as Array<Record<string, string>>) {
      badRequest(params);
    }
  });

  it('defaults: page 1, 20 a page, deprecated excluded', () => {
    const request = parseSearchRequest({});
    assert.equal(request.page, 1);
    assert.equal(request.perPage, 20);
    assert.equal(request.text, '');
  });
});

describe('query text', () => {
  it('tells websearch syntax from plain words', () => {
    assert.equal(hasOperators('disk full'), false);
    assert.equal(hasOperators('"disk full"'), true);
    assert.equal(hasOperators('disk -docker'), true);
    assert.equal(hasOperators('nginx or apache'), true);
    assert.equal(hasOperators('order drain'), false);
    assert.equal(hasOperators('self-healing'), false);
  });

  it('guesses the name a query would be', () => {
    assert.equal(nameGuess('Disk Full Remediation'), 'disk-full-remediation');
    assert.equal(nameGuess('disk-full'), 'disk-full');
    assert.equal(nameGuess('what is "this"'), undefined);
  });

  it('builds all-words and any-word tsquery text, with corrections as alternatives', () => {
    const words = [
      { word: 'dsik', corrections: ['disk'] },
      { word: 'full', corrections: [] },
    ];
    assert.equal(tsqueryText(words, false), '(dsik | disk) & full');
    assert.equal(tsqueryText(words, true), '(dsik | disk) | full');
  });

  it('splits words the same way for documents and queries', () => {
    assert.deepEqual(wordsOf('Restart the nginx.service (k8s), check_disk!'), [
      'restart',
      'the',
      'nginx',
      'service',
      'k8s',
      'check',
      'disk',
    ]);
    assert.deepEqual(wordsOf('  '), []);
  });
});

describe('spelling', () => {
  it('measures edits, a swap of neighbours counting one', () => {
    assert.equal(editDistance('disk', 'disk'), 0);
    assert.equal(editDistance('dsik', 'disk'), 1);
    assert.equal(editDistance('restrat', 'restart'), 1);
    assert.equal(editDistance('servce', 'service'), 1);
    assert.equal(editDistance('kubernets', 'kubernetes'), 1);
    assert.equal(editDistance('postgers', 'postgres'), 1);
    assert.equal(editDistance('ful', 'full'), 1);
    assert.equal(editDistance('nginx', 'apache'), 6);
    // Stops early past the limit.
    assert.equal(editDistance('nginx', 'apache', 2), 3);
  });

  it('allows one edit in short words, two from five letters', () => {
    assert.equal(allowedDistance(3), 1);
    assert.equal(allowedDistance(4), 1);
    assert.equal(allowedDistance(5), 2);
  });

  it('lists every word one edit away', () => {
    const edits = editsOf('dsik');
    assert.ok(edits.includes('disk'));
    assert.ok(edits.includes('dsk'));
    assert.ok(edits.includes('dsiks'));
    assert.ok(!edits.includes('dsik'));
    assert.ok(edits.every((edit) => editDistance(edit, 'dsik') === 1));
  });
});

describe('corpus', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = generateCorpus({ packages: 60, seed: 5 });
    const b = generateCorpus({ packages: 60, seed: 5 });
    const c = generateCorpus({ packages: 60, seed: 6 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(
      a.map((pkg) => pkg.name),
      c.map((pkg) => pkg.name),
    );
  });

  it('generates valid packages in publish order, with unique names', () => {
    const corpus = generateCorpus({ packages: 150, seed: 9 });
    assert.equal(corpus.length, 150);
    assert.equal(new Set(corpus.map((pkg) => pkg.name)).size, corpus.length);
    const published = new Map<string, PackageContents>();
    for (const pkg of corpus) {
      const result = validatePackage(filesFromRecord(pkg.files), {
        expect: { name: pkg.name, version: pkg.version },
        dependencies: (name) => published.get(name),
      });
      assert.ok(
        result.ok,
        `${pkg.name}: ${JSON.stringify(result.issues.filter((issue) => issue.severity === 'error'))}`,
      );
      assert.deepEqual(
        [...new Set(result.contents!.workflows.flatMap((workflow) => workflow.uses))].sort(),
        pkg.uses,
      );
      published.set(pkg.name, result.contents!);
    }
  });
});
