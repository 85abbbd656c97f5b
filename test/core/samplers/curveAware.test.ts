/**
 * Curve-aware observations of early-stopped trials (src/core/samplers/bayesian/curveAware.ts):
 * a stopped trial ranked by its partial curve against the trials that went further, the fallback
 * to its best value so far, determinism, and a Bayesian sampler that keeps proposing valid
 * configurations of every distribution and nested choice with stopped trials in its history.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBayesianSampler } from '../../../src/core/samplers/bayesian';
import { estimateStoppedFinals, MIN_REFERENCES, quantileMap } from '../../../src/core/samplers/bayesian/curveAware';
import { readObservations } from '../../../src/core/samplers/bayesian/observations';
import type { HistoryEntry, Sampler } from '../../../src/core/samplers/sampler';
import { decode, encode, paramsKey } from '../../../src/core/space/encoding';
import type { Params } from '../../../src/core/spec/model';
import { discreteSpace, everySpace, mixedSpace } from './helpers';

/** A loss curve that ends near `final`: final + 1/t for t = 1..steps (9 steps: ends at final + 0.111). */
const curve = (final: number, steps: number): number[] => Array.from({ length: steps }, (_, i) => final + 1 / (i + 1));

const entry = (sequence: number, state: HistoryEntry['state'], primary: number[], origin?: HistoryEntry['origin']): HistoryEntry => ({
  sequence, params: { x: sequence }, state, primary, ...(origin !== undefined ? { origin } : {}),
});

/** Observed value per sequence number. */
const observedBySequence = (history: readonly HistoryEntry[], goal: 'minimize' | 'maximize'): Map<number, number> =>
  new Map(readObservations(history, goal).observed.map((o) => [o.entry.sequence, o.value]));

describe('curve-aware value of a stopped trial', () => {
  // Four trials trained fully (9 epochs), ending at 0.211, 0.411, 0.611, 0.811; trial 4 learns
  // like trial 0 would from a 0.2 asymptote but is stopped after 3 epochs at 0.533. Its best so
  // far (0.533) is worse than trial 1's final (0.411), yet fully trained it would end at 0.311.
  const history: HistoryEntry[] = [
    entry(0, 'completed', curve(0.1, 9)), entry(1, 'completed', curve(0.3, 9)),
    entry(2, 'completed', curve(0.5, 9)), entry(3, 'completed', curve(0.7, 9)),
    entry(4, 'canceled', curve(0.2, 3)),
  ];

  test('ranks a stopped trial by its curve: ahead of a completed trial the best-so-far rule puts ahead of it', () => {
    const values = observedBySequence(history, 'minimize');
    const stopped = values.get(4) ?? Number.NaN;
    assert.ok(stopped < (values.get(1) ?? Number.NaN), `stopped ${stopped} should rank ahead of trial 1 (${values.get(1)})`);
    assert.ok(stopped > (values.get(0) ?? Number.NaN), `stopped ${stopped} should rank behind trial 0 (${values.get(0)})`);
    // At step 3 it sits halfway between trials 0 and 1, so it is read halfway between their finals.
    assert.ok(Math.abs(stopped - (0.1 + 0.3 + 2 / 9) / 2) < 1e-12, `stopped ${stopped}`);
    // Completed trials keep their best value.
    assert.ok(Math.abs((values.get(1) ?? 0) - (0.3 + 1 / 9)) < 1e-12);
  });

  test('the same when maximising (values oriented, as every observation)', () => {
    const negated = history.map((e) => ({ ...e, primary: e.primary.map((v) => -v) }));
    const values = observedBySequence(negated, 'maximize');
    const stopped = values.get(4) ?? Number.NaN;
    assert.ok(stopped < (values.get(1) ?? Number.NaN) && stopped > (values.get(0) ?? Number.NaN), `stopped ${stopped}`);
  });

  test('a trial stopped later is a reference at its own estimate for one stopped earlier', () => {
    // Trial 5, stopped at 6 epochs, is read from trials 0-3; trial 6, stopped at 2, has trials 0-3
    // and 5 beyond it: five references.
    const more = [...history.slice(0, 4), entry(5, 'canceled', curve(0.05, 6)), entry(6, 'canceled', curve(0.04, 2))];
    const estimates = estimateStoppedFinals(more, 'minimize');
    const five = estimates.get(more[4] as HistoryEntry) ?? Number.NaN;
    const six = estimates.get(more[5] as HistoryEntry) ?? Number.NaN;
    // Trial 5 leads every completed trial at epoch 6, so it is read from the leader's correction.
    assert.ok(Math.abs(five - (0.05 + 1 / 6 - (1 / 6 - 1 / 9))) < 1e-12, `five ${five}`);
    // Trial 6 leads all five at epoch 2, trial 5 among them: the leader's correction is trial 5's.
    const correction = five - (0.05 + 1 / 2);
    assert.ok(Math.abs(six - (0.04 + 1 / 2 + correction)) < 1e-12, `six ${six}`);
  });

  test('an estimate is never worse than the best value the trial reached', () => {
    // Trials that went further but got worse after step 2 (overfitting): finals are their bests.
    const overfit = (start: number): number[] => [start, start - 0.1, start + 0.5, start + 1];
    const estimates = estimateStoppedFinals([
      entry(0, 'completed', overfit(1)), entry(1, 'completed', overfit(2)), entry(2, 'completed', overfit(3)),
      entry(3, 'canceled', [2.5, 2.4]),
    ], 'minimize');
    const [value] = [...estimates.values()];
    assert.ok(value !== undefined && value <= 2.4, `estimate ${value}`);
  });
});

describe('fallback to the best value so far', () => {
  test(`fewer than ${MIN_REFERENCES} trials went further: the stopped trial counts with its best so far`, () => {
    const values = observedBySequence([
      entry(0, 'completed', curve(0.1, 9)), entry(1, 'completed', curve(0.3, 9)),
      entry(2, 'completed', curve(0.5, 3)), entry(3, 'canceled', [5, 3, 4]),
    ], 'minimize');
    assert.equal(values.get(3), 3);
  });

  test('a trial stopped at the last step anyone reached has no reference and keeps its best', () => {
    const history = [0.1, 0.3, 0.5].map((f, i) => entry(i, 'completed', curve(f, 9)));
    const values = observedBySequence([...history, entry(3, 'canceled', [9, 8, 7, 6, 5, 4, 3, 2, 1])], 'minimize');
    assert.equal(values.get(3), 1);
  });

  test('prior trials (one summary value, not a curve) are neither estimated nor references', () => {
    const priors = [0.1, 0.3, 0.5].map((f, i) => entry(i, 'completed', curve(f, 9), 'prior'));
    const values = observedBySequence([...priors, entry(3, 'canceled', [2, 1.5]), entry(4, 'canceled', [0.7], 'prior')], 'minimize');
    assert.equal(values.get(3), 1.5);
    assert.equal(values.get(4), 0.7);
  });

  test('non-finite reports are skipped; an all-NaN stopped trial is still imputed as the worst', () => {
    const history = [0.1, 0.3, 0.5].map((f, i) => entry(i, 'completed', curve(f, 9)));
    const values = observedBySequence([...history, entry(3, 'canceled', [NaN, Infinity])], 'minimize');
    assert.equal(values.get(3), 0.5 + 1 / 9);
  });
});

describe('quantile map', () => {
  test('reads the finals at the same rank, ties at their mean rank, the end corrections outside', () => {
    const map = quantileMap([1, 2, 2, 4], [0.1, 0.3, 0.2, 0.6]);
    assert.equal(map(1), 0.1);
    assert.ok(Math.abs(map(2) - 0.25) < 1e-12); // ranks 1 and 2 tied: rank 1.5, between 0.2 and 0.3
    assert.ok(Math.abs(map(3) - (0.3 + 0.25 * (0.6 - 0.3))) < 1e-12); // rank 1.5 + 0.5 * 1.5 = 2.25
    assert.ok(Math.abs(map(0.5) - (0.5 - 0.9)) < 1e-12);
    assert.ok(Math.abs(map(5) - (5 - 3.4)) < 1e-12);
  });

  test('is monotone', () => {
    const map = quantileMap([3, 1, 4, 1, 5, 9, 2, 6], [0.3, 0.1, 0.2, 0.05, 0.4, 0.9, 0.1, 0.5]);
    let last = -Infinity;
    for (let x = -2; x <= 12; x += 0.01) {
      const y = map(x);
      assert.ok(y >= last - 1e-12, `map(${x}) = ${y} < ${last}`);
      last = y;
    }
  });
});


/** A deterministic score per configuration. */
const scoreOf = (params: Params): number => {
  let hash = 0;
  for (const char of paramsKey(params)) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return (hash % 1000) / 100;
};

/**
 * Runs `n` trials two at a time, as a sweep with early termination would: every third trial is
 * stopped after 2 of 9 reports, one of each pair is still running (with reports) when the next
 * pair is asked for. Returns the history.
 */
function runWithStops(sampler: Sampler, n: number): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  while (history.length < n) {
    const { proposals } = sampler.propose(history, 2);
    if (proposals.length === 0) break;
    for (const previous of history.filter((e) => e.state === 'running')) {
      history[history.indexOf(previous)] = { ...previous, state: 'completed' };
    }
    for (const [i, proposal] of proposals.entries()) {
      const full = curve(scoreOf(proposal.params), 9);
      const stopped = (history.length + 1) % 3 === 0;
      const state: HistoryEntry['state'] = stopped ? 'canceled' : i === 1 ? 'running' : 'completed';
      history.push({ sequence: proposal.sequence, params: proposal.params, state, primary: stopped ? full.slice(0, 2) : full });
    }
  }
  return history;
}

describe('the Bayesian sampler with stopped trials in its history', () => {
  test('the same seed and history give the same proposals; a fresh sampler (a resumed sweep) too', () => {
    const a = runWithStops(createBayesianSampler({ space: mixedSpace, seed: 21, goal: 'minimize' }), 16);
    const b = runWithStops(createBayesianSampler({ space: mixedSpace, seed: 21, goal: 'minimize' }), 16);
    assert.deepEqual(a, b);
    assert.ok(estimateStoppedFinals(a, 'minimize').size > 0, 'some stopped trials are estimated from their curves');
    const next = createBayesianSampler({ space: mixedSpace, seed: 21, goal: 'minimize' }).propose(a, 3);
    const again = createBayesianSampler({ space: mixedSpace, seed: 21, goal: 'minimize' }).propose(a, 3);
    assert.deepEqual(next, again);
  });

  for (const [name, space] of [['every distribution and a nested choice', everySpace], ['discrete space with a nested choice', discreteSpace]] as const) {
    test(`proposes valid, new configurations: ${name}`, () => {
      for (const seed of [1, 2]) {
        const sampler = createBayesianSampler({ space, seed, goal: 'maximize' });
        const history = runWithStops(sampler, 18);
        assert.ok(history.some((e) => e.state === 'canceled'));
        const { proposals } = sampler.propose(history, 3);
        assert.ok(proposals.length > 0);
        for (const proposal of proposals) {
          const back = decode(space, encode(space, proposal.params).u);
          assert.equal(paramsKey(back), paramsKey(proposal.params));
          assert.ok(!history.some((e) => paramsKey(e.params) === paramsKey(proposal.params)));
        }
      }
    });
  }
});
