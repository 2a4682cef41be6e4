import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectPackageFiles } from '../../src/core/tarball/index.js';

const FOLDER = [
  'patternhub.yaml',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'workflows/disk-full.yaml',
  'workflows/draft-new.yaml',
  'actions/check_disk.yaml',
  'actions/check_disk.sh',
  'docs/guide.md',
  'docs/img/diagram.png',
  'docs/build/out.html',
  'notes.tmp',
  'src/notes.tmp',
  '.git/config',
  '.git/objects/ab/cdef',
  'node_modules/yaml/index.js',
  'vendor/node_modules/x/index.js',
  '.patternhub/packages/@acme/x/patternhub.yaml',
  '.patternhub-data/db/PG_VERSION',
  'acme-disk-full-1.0.0.tgz',
  'dist/old.tgz',
  '.DS_Store',
  'docs/.DS_Store',
  'patternhub.lock',
];

describe('selectPackageFiles', () => {
  it('takes everything not always excluded, sorted', () => {
    assert.deepEqual(selectPackageFiles(FOLDER), [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'actions/check_disk.sh',
      'actions/check_disk.yaml',
      'docs/build/out.html',
      'docs/guide.md',
      'docs/img/diagram.png',
      'notes.tmp',
      'patternhub.yaml',
      'src/notes.tmp',
      'workflows/disk-full.yaml',
      'workflows/draft-new.yaml',
    ]);
  });

  it('keeps only the files allow-list, plus the manifest, README and LICENSE', () => {
    const selected = selectPackageFiles(FOLDER, { files: ['workflows/', 'actions', 'docs/guide.md'] });
    assert.deepEqual(selected, [
      'LICENSE',
      'README.md',
      'actions/check_disk.sh',
      'actions/check_disk.yaml',
      'docs/guide.md',
      'patternhub.yaml',
      'workflows/disk-full.yaml',
      'workflows/draft-new.yaml',
    ]);
  });

  it('reads allow-list entries as anchored globs, with ! exceptions', () => {
    const selected = selectPackageFiles(FOLDER, {
      files: ['./workflows/*.yaml', '!workflows/draft-*', 'docs/**/*.png', '*.tmp'],
    });
    assert.deepEqual(selected, [
      'LICENSE',
      'README.md',
      'docs/img/diagram.png',
      'notes.tmp', // `*.tmp` is anchored: src/notes.tmp is not taken
      'patternhub.yaml',
      'workflows/disk-full.yaml',
    ]);
  });

  it('a folder entry in files does not match a file that merely shares its prefix', () => {
    const selected = selectPackageFiles(['docs/a.md', 'docs-old/b.md', 'docs'], { files: ['docs/'] });
    assert.deepEqual(selected, ['docs/a.md']);
    assert.deepEqual(selectPackageFiles(['docs/a.md', 'docs-old/b.md'], { files: ['docs'] }), ['docs/a.md']);
  });

  it('an allow-list exception may reach inside a listed folder', () => {
    const selected = selectPackageFiles(FOLDER, { files: ['docs', '!docs/build/', '!**/*.png'] });
    assert.deepEqual(selected, ['LICENSE', 'README.md', 'docs/guide.md', 'patternhub.yaml']);
  });

  it('applies .patternhubignore like gitignore', () => {
    const ignore = [
      '# build output and scratch files',
      '',
      '*.tmp',
      'docs/build/',
      '/CHANGELOG.md   ',
      'workflows/draft-*',
      '!workflows/draft-new.yaml',
    ].join('\n');
    assert.deepEqual(selectPackageFiles(FOLDER, { ignore }), [
      'LICENSE',
      'README.md',
      'actions/check_disk.sh',
      'actions/check_disk.yaml',
      'docs/guide.md',
      'docs/img/diagram.png',
      'patternhub.yaml',
      'workflows/disk-full.yaml',
      'workflows/draft-new.yaml',
    ]);
  });

  it('matches unanchored names at any depth, anchored ones from the root', () => {
    const paths = ['a.log', 'x/a.log', 'x/y/a.log', 'logs/1', 'x/logs/2', 'x/logs'];
    assert.deepEqual(selectPackageFiles(paths, { ignore: '*.log' }), ['logs/1', 'x/logs', 'x/logs/2']);
    assert.deepEqual(selectPackageFiles(paths, { ignore: '/a.log' }), [
      'logs/1',
      'x/a.log',
      'x/logs',
      'x/logs/2',
      'x/y/a.log',
    ]);
    // `logs/` matches folders only: the file x/logs stays.
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'logs/' }), [
      'a.log',
      'x/a.log',
      'x/logs',
      'x/y/a.log',
    ]);
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'x/**/a.log' }), [
      'a.log',
      'logs/1',
      'x/logs',
      'x/logs/2',
    ]);
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'x/**' }), ['a.log', 'logs/1']);
  });

  it('cannot re-include a file whose folder is excluded, as in git', () => {
    const paths = ['docs/a.md', 'docs/keep.md'];
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'docs/\n!docs/keep.md' }), []);
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'docs/*\n!docs/keep.md' }), ['docs/keep.md']);
  });

  it('supports ?, character classes, escapes and CRLF line endings', () => {
    const paths = ['a1.txt', 'a2.txt', 'ab.txt', '#notes', '!bang', 'sp ace '];
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'a[0-9].txt\r\n' }), [
      '!bang',
      '#notes',
      'ab.txt',
      'sp ace ',
    ]);
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'a?.txt' }), ['!bang', '#notes', 'sp ace ']);
    assert.deepEqual(selectPackageFiles(paths, { ignore: 'a[!0-9].txt' }), [
      '!bang',
      '#notes',
      'a1.txt',
      'a2.txt',
      'sp ace ',
    ]);
    assert.deepEqual(selectPackageFiles(paths, { ignore: '\\#notes\n\\!bang\nsp ace\\ ' }), [
      'a1.txt',
      'a2.txt',
      'ab.txt',
    ]);
  });

  it('keeps the manifest, README and LICENSE whatever the ignore file says', () => {
    const paths = ['patternhub.yaml', 'readme.markdown', 'LICENCE.txt', 'docs/README.md', 'x.md'];
    assert.deepEqual(selectPackageFiles(paths, { ignore: '*\n', files: [] }), [
      'LICENCE.txt',
      'patternhub.yaml',
      'readme.markdown',
    ]);
  });

  it('never takes the always-excluded files, even when listed or re-included', () => {
    const selected = selectPackageFiles(FOLDER, {
      files: ['.git/', 'node_modules/', '*.tgz', 'patternhub.lock', '.DS_Store'],
      ignore: '!.git/\n!*.tgz',
    });
    assert.deepEqual(selected, ['LICENSE', 'README.md', 'patternhub.yaml']);
  });

  it('normalises ./ prefixes and drops duplicates', () => {
    assert.deepEqual(selectPackageFiles(['./README.md', 'README.md', './a/b.yaml']), [
      'README.md',
      'a/b.yaml',
    ]);
  });

  it('sorts in code-point order', () => {
    assert.deepEqual(selectPackageFiles(['\u{1f600}.md', '\uff21.md', 'z.md']), [
      'z.md',
      '\uff21.md',
      '\u{1f600}.md',
    ]);
  });
});
