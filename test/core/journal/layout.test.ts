import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sanitizeName, sweepDirFor, sweepPaths, trialIdFor, trialPaths } from '../../../src/core/journal/layout';

describe('sweep folder layout', () => {
  test('paths of a sweep and its trials', () => {
    const dir = sweepDirFor('/ws', 'mnist');
    assert.equal(dir, join('/ws', '.hypersweep', 'mnist'));
    assert.deepEqual(sweepPaths(dir), {
      dir,
      spec: join(dir, 'spec.yaml'),
      journal: join(dir, 'journal.jsonl'),
      lock: join(dir, 'runner.lock'),
      trials: join(dir, 'trials'),
    });
    assert.equal(trialIdFor('mnist', 3), 'mnist_3');
    assert.deepEqual(trialPaths(dir, 'mnist_3'), {
      dir: join(dir, 'trials', 'mnist_3'),
      stdout: join(dir, 'trials', 'mnist_3', 'stdout.log'),
      stderr: join(dir, 'trials', 'mnist_3', 'stderr.log'),
    });
  });

  test('safe names are kept; unsafe ones are cleaned and made distinct', () => {
    assert.equal(sanitizeName('lr-sweep_v2.1'), 'lr-sweep_v2.1');
    for (const name of ['a b', 'a/b', '..', '.', 'CON', 'nul.txt', '', 'x.', '../../etc', 'é']) {
      const safe = sanitizeName(name);
      assert.match(safe, /^[A-Za-z0-9_][A-Za-z0-9._-]*$/, name);
      assert.notEqual(safe, name);
    }
    assert.notEqual(sanitizeName('a b'), sanitizeName('a_b'));
    assert.notEqual(sanitizeName('a b'), sanitizeName('a?b'));
  });

  test('any name gives a single, creatable folder inside the sweeps folder, and distinct names stay distinct (fast-check)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hs-layout-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 20 }), async (name, other) => {
          const safe = sanitizeName(name);
          assert.ok(safe.length > 0 && safe.length <= 120);
          assert.ok(!/[\\/:*?"<>|\0]/.test(safe) && safe !== '.' && safe !== '..');
          const dir = sweepDirFor(root, name);
          assert.equal(dir, join(root, '.hypersweep', safe));
          await mkdir(dir, { recursive: true });
          if (other !== name) assert.notEqual(sanitizeName(other), safe);
        }),
        { numRuns: 200 },
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
