/**
 * The trust region of the Bayesian sampler in 8+ dimensions: its side replayed from the observed
 * values, its box, and that a 10-D sweep with it stays deterministic and resumable.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createBayesianSampler } from '../../../../src/core/samplers/bayesian';
import { trustRegionAround, trustRegionLength } from '../../../../src/core/samplers/bayesian/trustRegion';
import type { HistoryEntry } from '../../../../src/core/samplers/sampler';
import type { Params } from '../../../../src/core/spec/model';
import { spaceOf } from '../helpers';

const names = Array.from({ length: 10 }, (_, i) => `x${i}`);
const space10 = spaceOf(Object.fromEntries(names.map((n) => [n, { type: 'uniform', min_value: -10, max_value: 10 }])));
/** A bowl with its minimum at x = 1 in every coordinate. */
const bowl = (p: Params): number => names.reduce((s, n) => s + (Number(p[n]) - 1) ** 2, 0);

describe('trust region', () => {
  test('starts at 0.8, doubles after three improvements in a row, halves after d failures in a row', () => {
    assert.equal(trustRegionLength([5, 4, 3], 3, 10), 0.8);
    assert.equal(trustRegionLength([9, 8, 7, 6], 1, 10), 1.6);
    assert.equal(trustRegionLength([1, ...Array<number>(10).fill(2)], 1, 10), 0.4);
    assert.equal(trustRegionLength([1, ...Array<number>(9).fill(2)], 1, 10), 0.8);
  });

  test('restarts at the initial side once it would fall below 0.5^7', () => {
    assert.equal(trustRegionLength([1, ...Array<number>(60).fill(2)], 1, 10), 0.8 / 2 ** 6);
    assert.equal(trustRegionLength([1, ...Array<number>(70).fill(2)], 1, 10), 0.8);
  });

  test('the box contains its center, lies in the unit cube and is at most `length` wide', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
      fc.double({ min: 0.001, max: 1.6, noNaN: true }),
      (center, length) => {
        const box = trustRegionAround(Float64Array.from(center), length);
        center.forEach((c, i) => {
          const lower = box.lower[i] ?? NaN;
          const upper = box.upper[i] ?? NaN;
          assert.ok(lower >= 0 && upper <= 1 && lower <= c && c <= upper);
          assert.ok(upper - lower <= length + 1e-12);
        });
      },
    ));
  });

  test('a 10-D sweep is deterministic, resumable, and improves on its design', () => {
    const run = (trials: number, start: HistoryEntry[] = []): HistoryEntry[] => {
      const sampler = createBayesianSampler({ space: space10, seed: 4, goal: 'minimize' });
      const history = [...start];
      while (history.length < trials) {
        const [p] = sampler.propose(history, 1).proposals;
        assert.ok(p !== undefined);
        history.push({ sequence: p.sequence, params: p.params, state: 'completed', primary: [bowl(p.params)] });
      }
      return history;
    };
    const full = run(24);
    assert.deepEqual(run(24, full.slice(0, 15)), full);
    const best = (h: HistoryEntry[]): number => Math.min(...h.map((e) => e.primary[0] ?? Infinity));
    assert.ok(best(full) < best(full.slice(0, 6)), 'the model-guided trials beat the design');
  });
});
