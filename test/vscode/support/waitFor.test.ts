/** The polling helper of the real-VS-Code tests (runs in the Node tier: it needs no VS Code). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './waitFor';

describe('waitFor', () => {
  test('returns the first defined value, after undefined ones and probe errors', async () => {
    let calls = 0;
    const value = await waitFor(() => {
      calls++;
      if (calls === 1) throw new Error('not ready');
      return calls < 4 ? undefined : `ready after ${calls}`;
    }, { what: 'the value', intervalMs: 1 });
    assert.equal(value, 'ready after 4');
  });

  test('accepts falsy values other than undefined', async () => {
    assert.equal(await waitFor(() => 0, { what: 'zero' }), 0);
    assert.equal(await waitFor(async () => Promise.resolve(''), { what: 'empty' }), '');
  });

  test('times out with what it waited for and the last probe error', async () => {
    await assert.rejects(
      waitFor(() => {
        throw new Error('still broken');
      }, { what: 'the diagnostics', timeoutMs: 30, intervalMs: 5 }),
      /timed out waiting for the diagnostics; last error: still broken/,
    );
    await assert.rejects(waitFor(() => undefined, { what: 'nothing', timeoutMs: 10, intervalMs: 5 }), /^Error: timed out waiting for nothing$/);
  });
});
