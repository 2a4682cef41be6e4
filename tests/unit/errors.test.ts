import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeForStatus, ERROR_CODES } from '../../src/core/errors.js';

describe('codeForStatus (an answer without a code)', () => {
  it('takes the generic code of the status from the one table', () => {
    for (const status of [400, 401, 403, 404, 413])
      assert.equal(ERROR_CODES[codeForStatus(status)].status, status);
  });

  it('never guesses a specific code: a bare 409 is not ALREADY_EXISTS or VERSION_EXISTS', () => {
    assert.equal(codeForStatus(409), 'BAD_REQUEST');
    assert.equal(codeForStatus(422), 'BAD_REQUEST');
  });

  it('a server-side failure without a code is a network problem', () => {
    for (const status of [500, 502, 503, 504]) assert.equal(codeForStatus(status), 'NETWORK_ERROR');
  });

  it('every code has a status and an exit code', () => {
    for (const spec of Object.values(ERROR_CODES)) {
      assert.ok(spec.status >= 400 && spec.status < 600);
      assert.ok(spec.exit >= 1 && spec.exit <= 7);
    }
  });
});
