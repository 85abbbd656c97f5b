import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { quoteForPosixShell } from '../../../src/core/shell/quote';

/** What `sh` makes of `printf %s <quoted>`: the value as the shell really reads it. */
function throughShell(quoted: string): string {
  return execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
}

describe('quoteForPosixShell', () => {
  test('known forms', () => {
    assert.equal(quoteForPosixShell(''), "''");
    assert.equal(quoteForPosixShell('abc'), "'abc'");
    assert.equal(quoteForPosixShell("it's"), `'it'\\''s'`);
  });
  test('tricky values arrive unchanged through a real sh', () => {
    const values = ['', ' ', "'", "''", '"', 'a b; rm -rf ~', '$(touch pwned)', '`id`', '$HOME', 'line1\nline2', '\\n\\', 'héllo ✓ 日本', '*', '-n', '--lr=0.1'];
    for (const value of values) assert.equal(throughShell(quoteForPosixShell(value)), value, JSON.stringify(value));
  });
  test('any string without NUL survives sh (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\0')), (value) => {
        assert.equal(throughShell(quoteForPosixShell(value)), value);
      }),
      { numRuns: 40 },
    );
  });
  test('NUL is refused with a clear error', () => {
    assert.throws(() => quoteForPosixShell('a\0b'), /NUL/);
  });
});
