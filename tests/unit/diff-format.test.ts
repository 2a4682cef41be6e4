import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPackages, formatDiff, type PackageDiff } from '../../src/core/diff/index.js';
import { filesFromRecord } from '../../src/core/package-files.js';

const ANSI = /\x1b\[/;

function manifest(name: string, version: string): string {
  return `name: "${name}"\nversion: ${version}\nkind: action\ndescription: Disk actions\n`;
}

const action = (parameters: string) => `name: check_disk
runner_type: remote-shell-script
entry_point: check_disk.sh
parameters:
${parameters}`;

function sample(toVersion = '1.3.0'): PackageDiff {
  const before = filesFromRecord({
    'patternhub.yaml': manifest('@acme/linux', '1.2.0'),
    'actions/check_disk.yaml': action(
      '  hosts: { type: string, required: true }\n  threshold: { type: integer }\n',
    ),
    'actions/check_disk.sh': '#!/bin/sh\ndf -P\n',
    'README.md': 'Disk actions.\n',
    'logo.png': new Uint8Array([0x89, 0x50, 0, 1]),
  });
  const after = filesFromRecord({
    'patternhub.yaml': manifest('@acme/linux', toVersion),
    'actions/check_disk.yaml': action(
      '  hosts: { type: string, required: true }\n  mounts: { type: array }\n',
    ),
    'actions/check_disk.sh': '#!/bin/sh\nset -eu\ndf -P "$@"\n',
    'README.md': 'Disk actions.\n',
    'logo.png': new Uint8Array([0x89, 0x50, 0, 2]),
  });
  return diffPackages({ files: before }, { files: after });
}

describe('formatDiff', () => {
  it('writes no ANSI codes when color is false', () => {
    const text = formatDiff(sample(), { color: false, stat: false });
    assert.doesNotMatch(text, ANSI);
    assert.doesNotMatch(formatDiff(sample(), { color: false, stat: true }), ANSI);
  });

  it('colours when asked', () => {
    assert.match(formatDiff(sample(), { color: true, stat: false }), ANSI);
  });

  it('starts with from → to, the required bump and whether the bump made is enough', () => {
    const lines = formatDiff(sample(), { color: false, stat: false }).split('\n');
    assert.equal(lines[0], '@acme/linux 1.2.0 → 1.3.0');
    assert.match(lines[1] ?? '', /^Requires a major bump: 1 major, 1 minor, 2 patch$/);
    assert.match(lines[2] ?? '', /too small/);
    const enough = formatDiff(sample('2.0.0'), { color: false, stat: false }).split('\n');
    assert.equal(enough[2], 'Bump made: major, enough');
  });

  it('groups the sentences by weight, largest first', () => {
    const text = formatDiff(sample(), { color: false, stat: true });
    const major = text.indexOf('MAJOR');
    const minor = text.indexOf('MINOR');
    const patch = text.indexOf('PATCH');
    assert.ok(major > 0 && major < minor && minor < patch);
    assert.ok(
      text.includes(
        '  - Parameter `threshold` of action `check_disk` was removed: callers that pass it will break',
      ),
    );
    assert.ok(text.indexOf('`threshold`') < minor);
  });

  it('prints unified hunks with line numbers', () => {
    const text = formatDiff(sample(), { color: false, stat: false });
    assert.ok(text.includes('--- a/actions/check_disk.sh\n+++ b/actions/check_disk.sh\n@@ -1,2 +1,3 @@\n'));
    assert.ok(text.includes('\n-df -P\n+set -eu\n+df -P "$@"\n'));
    assert.ok(text.includes('Binary files a/logo.png and b/logo.png differ'));
  });

  it('with stat, prints one line per file and a total instead of hunks', () => {
    const text = formatDiff(sample(), { color: false, stat: true });
    assert.ok(!text.includes('@@'));
    const stat = text.split('\n').filter((line) => line.includes(' | '));
    assert.deepEqual(stat, [
      ' actions/check_disk.sh   | 3 ++-',
      ' actions/check_disk.yaml | 2 +-',
      ' logo.png                | Bin',
      ' patternhub.yaml         | 2 +-',
    ]);
    assert.ok(text.endsWith(' 4 files changed, 4 insertions(+), 3 deletions(-)\n'));
  });

  it('scales stat bars to a fixed width', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const diff = diffPackages(
      { files: filesFromRecord({ 'a.txt': 'x\n' }) },
      { files: filesFromRecord({ 'a.txt': `${long}\n` }) },
    );
    const [line] = formatDiff(diff, { stat: true })
      .split('\n')
      .filter((l) => l.includes(' | '));
    assert.equal(line, ` a.txt | 201 ${'+'.repeat(40)}-`);
  });

  it('says so when nothing changed', () => {
    const files = filesFromRecord({ 'patternhub.yaml': manifest('@acme/linux', '1.2.0') });
    const text = formatDiff(diffPackages({ files }, { files }), { color: false, stat: false });
    assert.equal(text, '@acme/linux 1.2.0 → 1.2.0\nNo changes.\n');
  });

  it('names the 0.x rule in the header', () => {
    const before = filesFromRecord({
      'patternhub.yaml': manifest('@acme/linux', '0.3.0'),
      'actions/x.yaml': 'name: x\n',
    });
    const after = filesFromRecord({ 'patternhub.yaml': manifest('@acme/linux', '0.4.0') });
    const lines = formatDiff(diffPackages({ files: before }, { files: after })).split('\n');
    assert.equal(lines[1], 'Requires a major bump (a minor bump under 1.0.0): 1 major');
    assert.equal(lines[2], 'Bump made: minor, enough');
  });

  it('shows control characters from package content in caret notation, never raw', () => {
    const diff = diffPackages(
      { files: filesFromRecord({ 'notes.txt': 'safe\n' }) },
      { files: filesFromRecord({ 'notes.txt': 'evil \x1b[2J\x07\n' }) },
    );
    const text = formatDiff(diff, { color: false });
    assert.doesNotMatch(text, ANSI);
    assert.ok(text.includes('+evil ^[[2J^G'));
  });
});
