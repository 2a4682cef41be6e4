/**
 * All-or-nothing application of an install: a failure at every single step of the commit leaves the
 * project byte-identical; success leaves exactly the planned tree and no staging behind.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type ApplyPlan, applyPlan, isEmptyPlan } from '../../registry-cli/install/apply.js';
import { INTEGRITY_MARKER, installedIntegrity, listInstalled } from '../../registry-cli/install/installed.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import { treeHash } from '../helpers/tree-hash.js';

const work = mkdtempSync(join(tmpdir(), 'install-apply-'));
after(() => rmSync(work, { recursive: true, force: true }));

const OLD = `sha512-${createHash('sha512').update('old').digest('base64')}`;
const NEW = `sha512-${createHash('sha512').update('new').digest('base64')}`;

let counter = 0;

/** A project with two installed packages (@a/keep at OLD, @b/gone), a manifest and a lockfile. */
function project(options: { installed?: boolean } = {}): string {
  const root = join(work, `p${++counter}`);
  mkdirSync(root);
  writeFileSync(join(root, 'patternhub.yaml'), 'name: "@me/p"\nversion: 1.0.0\n');
  if (options.installed !== false) {
    writeFileSync(join(root, 'patternhub.lock'), 'old lock\n');
    for (const name of ['@a/keep', '@b/gone']) {
      const dir = join(root, '.patternhub', 'packages', name);
      mkdirSync(join(dir, 'actions'), { recursive: true });
      writeFileSync(join(dir, 'patternhub.yaml'), `name: "${name}"\n`);
      writeFileSync(join(dir, 'actions', 'x.yaml'), 'old');
      writeFileSync(join(dir, INTEGRITY_MARKER), `${OLD}\n`);
    }
  }
  return root;
}

function plan(root: string): ApplyPlan {
  return {
    root,
    write: [
      {
        name: '@a/keep',
        integrity: NEW,
        files: filesFromRecord({ 'patternhub.yaml': 'new', 'actions/y.yaml': 'y' }),
      },
      {
        name: '@c/added',
        integrity: NEW,
        files: filesFromRecord({ 'patternhub.yaml': 'c', 'docs/deep/a.md': 'a' }),
      },
    ],
    remove: ['@b/gone'],
    lockfile: 'new lock\n',
    manifest: 'name: "@me/p"\nversion: 1.0.0\ndependencies: {}\n',
  };
}

describe('applyPlan', () => {
  it('writes the planned tree, replaces changed packages, removes dropped ones, leaves no staging', () => {
    const root = project();
    applyPlan(plan(root));
    assert.deepEqual(listInstalled(root), ['@a/keep', '@c/added']);
    assert.equal(installedIntegrity(join(root, '.patternhub/packages/@a/keep')), NEW);
    assert.equal(
      existsSync(join(root, '.patternhub/packages/@a/keep/actions/x.yaml')),
      false,
      'old files do not linger',
    );
    assert.equal(readFileSync(join(root, '.patternhub/packages/@c/added/docs/deep/a.md'), 'utf8'), 'a');
    assert.equal(
      existsSync(join(root, '.patternhub/packages/@b')),
      false,
      'an emptied scope folder goes too',
    );
    assert.equal(readFileSync(join(root, 'patternhub.lock'), 'utf8'), 'new lock\n');
    assert.match(readFileSync(join(root, 'patternhub.yaml'), 'utf8'), /dependencies/);
    assert.deepEqual(readdirSync(join(root, '.patternhub')), ['packages']);
  });

  it('leaves the project byte-identical when any step of the commit fails', () => {
    const steps: string[] = [];
    applyPlan(plan(project()), { beforeStep: (step) => steps.push(step) });
    assert.ok(steps.length >= 7, `the commit has several steps (${steps.length})`);
    for (let failAt = 0; failAt < steps.length; failAt++) {
      const root = project();
      const before = treeHash(root);
      let seen = 0;
      assert.throws(
        () =>
          applyPlan(plan(root), {
            beforeStep: () => {
              if (seen++ === failAt) throw new Error(`disk failure at step ${failAt}`);
            },
          }),
        /disk failure/,
      );
      assert.equal(
        treeHash(root),
        before,
        `failure before step ${failAt} (${steps[failAt]}) changed the project`,
      );
    }
  });

  it('leaves the project byte-identical when staging fails, and removes a .patternhub it created', () => {
    const root = project();
    const before = treeHash(root);
    assert.throws(
      () =>
        applyPlan(plan(root), {
          onStaged: () => {
            throw new Error('full disk');
          },
        }),
      /full disk/,
    );
    assert.equal(treeHash(root), before);

    const bare = project({ installed: false });
    const bareBefore = treeHash(bare);
    assert.throws(
      () =>
        applyPlan(plan(bare), {
          beforeStep: () => {
            throw new Error('full disk');
          },
        }),
      /full disk/,
    );
    assert.equal(treeHash(bare), bareBefore);
    assert.equal(existsSync(join(bare, '.patternhub')), false);
  });

  it('does nothing at all for an empty plan, and clears staging left by a killed install', () => {
    const root = project({ installed: false });
    const empty: ApplyPlan = { root, write: [], remove: [] };
    assert.ok(isEmptyPlan(empty));
    applyPlan(empty);
    assert.equal(existsSync(join(root, '.patternhub')), false);

    const other = project();
    // A pid far above any real one: the process that made it is gone.
    mkdirSync(join(other, '.patternhub', '.staging-999999999-abc', 'packages'), { recursive: true });
    applyPlan({ root: other, write: [], remove: ['@b/gone'] });
    assert.deepEqual(readdirSync(join(other, '.patternhub')), ['packages']);
    assert.deepEqual(listInstalled(other), ['@a/keep']);
  });

  it('replaces a package file of the marker name with the real marker', () => {
    const root = project({ installed: false });
    const files = filesFromRecord({ 'patternhub.yaml': 'x', [INTEGRITY_MARKER]: 'forged' });
    applyPlan({ root, write: [{ name: '@a/x', integrity: NEW, files }], remove: [] });
    assert.equal(installedIntegrity(join(root, '.patternhub/packages/@a/x')), NEW);
  });
});
