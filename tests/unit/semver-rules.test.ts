import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Change, Weight } from '../../src/core/diff/index.js';
import { isRegistryError, RegistryError } from '../../src/core/errors.js';
import {
  type BumpMismatchDetails,
  bumpOf,
  checkBump,
  effectiveBump,
  nextVersion,
  previousVersion,
  requiredBump,
  suggestVersion,
} from '../../src/core/semver-rules.js';

function change(weight: Weight, kind: Change['kind'] = 'parameter.removed'): Change {
  return { kind, weight, subject: { type: 'action', name: 'check_disk' }, message: `${weight} change` };
}

const major = change('major', 'parameter.removed');
const minor = change('minor', 'task.added');
const patch = change('patch', 'description.changed');

/** Runs `fn`, expecting a RegistryError with `code`, and returns it. */
function expectError(fn: () => unknown, code: RegistryError['code']): RegistryError {
  try {
    fn();
  } catch (error) {
    assert.ok(isRegistryError(error, code), `expected ${code}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${code}, nothing was thrown`);
}

describe('requiredBump', () => {
  it('is the largest weight, or none', () => {
    assert.equal(requiredBump([]), 'none');
    assert.equal(requiredBump([patch]), 'patch');
    assert.equal(requiredBump([patch, minor, patch]), 'minor');
    assert.equal(requiredBump([minor, major, patch]), 'major');
  });
});

describe('effectiveBump', () => {
  const table: [Weight | 'none', string, Weight | 'none'][] = [
    ['major', '1.4.0', 'major'],
    ['minor', '1.4.0', 'minor'],
    ['major', '0.3.1', 'minor'],
    ['minor', '0.3.1', 'patch'],
    ['patch', '0.3.1', 'patch'],
    ['none', '0.3.1', 'none'],
    ['major', '0.0.4', 'minor'],
    ['major', '1.0.0-rc.1', 'major'],
  ];
  for (const [required, from, expected] of table) {
    it(`${required} from ${from} → ${expected}`, () => assert.equal(effectiveBump(required, from), expected));
  }
});

describe('bumpOf', () => {
  const table: [string, string, ReturnType<typeof bumpOf>][] = [
    ['1.4.0', '2.0.0', 'major'],
    ['1.4.0', '1.5.0', 'minor'],
    ['1.4.0', '1.4.1', 'patch'],
    ['1.4.0', '1.4.0', 'none'],
    ['1.4.0', '1.3.9', 'downgrade'],
    ['1.4.0', '3.1.2', 'major'],
    ['1.0.0', '2.0.0-rc.1', 'major'],
    ['1.4.0', '1.5.0-beta.0', 'minor'],
    ['2.0.0-rc.1', '2.0.0-rc.2', 'prerelease'],
    ['2.0.0-rc.2', '2.0.0', 'prerelease'],
    ['2.0.0-rc.2', '2.0.0-rc.1', 'downgrade'],
    ['2.0.0-rc.1', '2.1.0', 'minor'],
    ['0.3.1', '0.4.0', 'minor'],
  ];
  for (const [from, to, expected] of table) {
    it(`${from} → ${to} is ${expected}`, () => assert.equal(bumpOf(from, to), expected));
  }

  it('refuses a version that is not semver', () => {
    expectError(() => bumpOf('1.0', '1.1.0'), 'INVALID_VERSION');
  });
});

describe('nextVersion and suggestVersion', () => {
  it('increments as npm version does', () => {
    assert.equal(nextVersion('1.4.2', 'major'), '2.0.0');
    assert.equal(nextVersion('1.4.2', 'minor'), '1.5.0');
    assert.equal(nextVersion('1.4.2', 'patch'), '1.4.3');
    assert.equal(nextVersion('1.4.2', 'none'), '1.4.2');
    assert.equal(nextVersion('2.0.0-rc.1', 'prerelease'), '2.0.0-rc.2');
    assert.equal(nextVersion('2.0.0-rc.1', 'major'), '2.0.0');
  });

  it('suggests the lowest acceptable version, with the 0.x rule', () => {
    assert.equal(suggestVersion('1.4.2', [minor, major]), '2.0.0');
    assert.equal(suggestVersion('0.4.2', [minor, major]), '0.5.0');
    assert.equal(suggestVersion('0.4.2', [minor]), '0.4.3');
    assert.equal(suggestVersion('1.4.2', []), '1.4.3');
  });
});

describe('previousVersion', () => {
  const published = ['1.2.3', '2.0.0', '1.2.2', '2.0.0-rc.1', 'junk'];
  it('is the highest version below the new one, so backports compare with their own line', () => {
    assert.equal(previousVersion(published, '1.2.4'), '1.2.3');
    assert.equal(previousVersion(published, '2.1.0'), '2.0.0');
    assert.equal(previousVersion(published, '2.0.0-rc.2'), '2.0.0-rc.1');
    assert.equal(previousVersion(published, '0.1.0'), undefined);
  });
});

describe('checkBump', () => {
  it('accepts a bump at least as large as the changes need', () => {
    assert.deepEqual(checkBump('1.4.0', '2.0.0', [major, minor]), {
      required: 'major',
      effective: 'major',
      actual: 'major',
    });
    assert.equal(checkBump('1.4.0', '2.0.0', [patch]).actual, 'major');
    assert.equal(checkBump('1.4.0', '1.4.1', []).required, 'none');
  });

  it('refuses a bump smaller than the changes need, listing those changes', () => {
    const error = expectError(
      () => checkBump('1.4.0', '1.5.0', [patch, major, minor]),
      'SEMVER_BUMP_MISMATCH',
    );
    const details = error.details as BumpMismatchDetails;
    assert.equal(details.required, 'major');
    assert.equal(details.actual, 'minor');
    assert.equal(details.from, '1.4.0');
    assert.equal(details.to, '1.5.0');
    assert.equal(details.suggested, '2.0.0');
    assert.deepEqual(details.changes, [major]);
    assert.ok(error.hint?.includes('2.0.0'));
    assert.equal(error.status, 409);
  });

  it('lists every change above the bump made, not only the largest', () => {
    const error = expectError(
      () => checkBump('1.4.0', '1.4.1', [patch, major, minor]),
      'SEMVER_BUMP_MISMATCH',
    );
    assert.deepEqual((error.details as BumpMismatchDetails).changes, [major, minor]);
  });

  it('under 1.0.0, needs one level less: a minor for a break, a patch for a feature', () => {
    assert.equal(checkBump('0.3.1', '0.4.0', [major]).effective, 'minor');
    assert.equal(checkBump('0.3.1', '0.3.2', [minor]).effective, 'patch');
    const error = expectError(() => checkBump('0.3.1', '0.3.2', [major, minor]), 'SEMVER_BUMP_MISMATCH');
    const details = error.details as BumpMismatchDetails;
    assert.equal(details.required, 'minor');
    assert.equal(details.suggested, '0.4.0');
    assert.deepEqual(details.changes, [major]);
  });

  it('going from 0.x to 1.0.0 is always enough', () => {
    assert.equal(checkBump('0.9.3', '1.0.0', [major]).actual, 'major');
  });

  it('counts a prerelease as the release it leads to', () => {
    assert.equal(checkBump('1.0.0', '2.0.0-rc.1', [major]).actual, 'major');
    expectError(() => checkBump('1.0.0', '1.1.0-rc.1', [major]), 'SEMVER_BUMP_MISMATCH');
  });

  it('allows any change within one prerelease series and when releasing it', () => {
    assert.equal(checkBump('2.0.0-rc.1', '2.0.0-rc.2', [major]).actual, 'prerelease');
    assert.equal(checkBump('2.0.0-rc.2', '2.0.0', [major]).actual, 'prerelease');
  });

  it('refuses a version that is not above the previous one', () => {
    expectError(() => checkBump('1.4.0', '1.4.0', []), 'INVALID_VERSION');
    expectError(() => checkBump('1.4.0', '1.3.0', []), 'INVALID_VERSION');
    expectError(() => checkBump('1.4', '1.5.0', []), 'INVALID_VERSION');
  });

  it('throws a RegistryError whose message names the bumps', () => {
    const error = expectError(() => checkBump('1.4.0', '1.4.1', [minor]), 'SEMVER_BUMP_MISMATCH');
    assert.ok(error instanceof RegistryError);
    assert.match(error.message, /1\.4\.0 → 1\.4\.1 is a patch bump, but 1 change needs a minor bump/);
  });
});
