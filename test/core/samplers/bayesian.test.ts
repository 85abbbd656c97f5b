/**
 * The Bayesian sampler: determinism, resume equivalence, no (near-)duplicates under concurrency,
 * validity of every proposal for all ten distributions and nested choice, and the documented
 * treatment of stopped, failed, silent and running trials.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createBayesianSampler, initialDesignSize, MIN_PENDING_DISTANCE } from '../../../src/core/samplers/bayesian';
import { readObservations } from '../../../src/core/samplers/bayesian/observations';
import { createSampler } from '../../../src/core/samplers';
import type { HistoryEntry, Proposal, Sampler } from '../../../src/core/samplers/sampler';
import { decode, encode, paramsKey } from '../../../src/core/space/encoding';
import type { Params } from '../../../src/core/spec/model';
import { discreteSpace, everySpace, mixedSpace, spaceOf } from './helpers';

const square = spaceOf({
  x: { type: 'uniform', min_value: -2, max_value: 2 },
  y: { type: 'uniform', min_value: -2, max_value: 2 },
});
/** A bowl with its minimum 0 at (0.5, −0.3). */
const bowl = (p: Params): number => (Number(p.x) - 0.5) ** 2 + (Number(p.y) + 0.3) ** 2;

/** Runs `n` sequential trials of `sampler`, evaluating `f`; returns the history. */
function runSequential(sampler: Sampler, n: number, f: (p: Params) => number, start: HistoryEntry[] = []): HistoryEntry[] {
  const history = [...start];
  for (let i = 0; i < n; i++) {
    const [proposal] = sampler.propose(history, 1).proposals;
    if (proposal === undefined) break;
    history.push({ sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [f(proposal.params)] });
  }
  return history;
}

const keys = (proposals: readonly Proposal[]): string[] => proposals.map((p) => paramsKey(p.params));

describe('bayesian sampler', () => {
  test('is chosen by createSampler for sampling_algorithm: bayesian', () => {
    const sampler = createSampler({ type: 'bayesian', form: 'string' }, { space: square, seed: 1, goal: 'minimize' });
    assert.equal(sampler.name, 'bayesian');
    assert.equal(sampler.propose([], 3).proposals.length, 3);
  });

  test('the same seed and results give the same proposals; another seed other ones', () => {
    const a = runSequential(createBayesianSampler({ space: square, seed: 5, goal: 'minimize' }), 14, bowl);
    const b = runSequential(createBayesianSampler({ space: square, seed: 5, goal: 'minimize' }), 14, bowl);
    const c = runSequential(createBayesianSampler({ space: square, seed: 6, goal: 'minimize' }), 14, bowl);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.map((e) => e.params), c.map((e) => e.params));
  });

  test('finds the bowl minimum much better than its space-filling start', () => {
    const history = runSequential(createBayesianSampler({ space: square, seed: 3, goal: 'minimize' }), 25, bowl);
    const values = history.map((e) => e.primary[0] ?? Infinity);
    const initial = Math.min(...values.slice(0, initialDesignSize(2)));
    const best = Math.min(...values);
    assert.ok(best < 1e-3, `best ${best}`);
    assert.ok(best < initial / 20, `best ${best} vs initial ${initial}`);
  });

  test('maximize is the mirror of minimize', () => {
    const minimised = runSequential(createBayesianSampler({ space: square, seed: 2, goal: 'minimize' }), 12, bowl);
    const maximised = runSequential(createBayesianSampler({ space: square, seed: 2, goal: 'maximize' }), 12, (p) => -bowl(p));
    assert.deepEqual(minimised.map((e) => e.params), maximised.map((e) => e.params));
  });

  test('resume: a fresh sampler on the replayed history proposes what the running one would', () => {
    const history = runSequential(createBayesianSampler({ space: mixedSpace, seed: 9, goal: 'minimize' }), 16, (p) => Number(p.momentum) + Number(p.layers) / 10);
    const running = createBayesianSampler({ space: mixedSpace, seed: 9, goal: 'minimize' });
    const resumed = createBayesianSampler({ space: mixedSpace, seed: 9, goal: 'minimize' });
    const replayed = JSON.parse(JSON.stringify(history)) as HistoryEntry[];
    assert.deepEqual(resumed.propose(replayed, 2), running.propose(history, 2));
  });

  test('a running sampler, whose posteriors extend the last one\'s kernel factor, proposes what fresh samplers do', () => {
    const running = createBayesianSampler({ space: square, seed: 12, goal: 'minimize' });
    const history: HistoryEntry[] = [];
    for (let i = 0; i < 24; i++) {
      const [proposal] = running.propose(history, 1).proposals;
      assert.ok(proposal !== undefined);
      const fresh = createBayesianSampler({ space: square, seed: 12, goal: 'minimize' });
      assert.deepEqual(fresh.propose(JSON.parse(JSON.stringify(history)) as HistoryEntry[], 1).proposals, [proposal]);
      // Every third trial stays running, so later models carry fantasies on top of the observations.
      history.push(i % 3 === 2
        ? { sequence: proposal.sequence, params: proposal.params, state: 'running', primary: [] }
        : { sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [bowl(proposal.params)] });
    }
    const batch = running.propose(history, 3);
    assert.deepEqual(createBayesianSampler({ space: square, seed: 12, goal: 'minimize' }).propose(history, 3), batch);
  });

  test('a batch of k equals k single proposals that each see the earlier ones as pending', () => {
    const sampler = createBayesianSampler({ space: square, seed: 4, goal: 'minimize' });
    const history = runSequential(sampler, 10, bowl);
    const batch = sampler.propose(history, 4).proposals;
    const oneByOne: Proposal[] = [];
    const growing = [...history];
    for (let i = 0; i < 4; i++) {
      const [proposal] = sampler.propose(growing, 1).proposals;
      assert.ok(proposal !== undefined);
      oneByOne.push(proposal);
      growing.push({ sequence: proposal.sequence, params: proposal.params, state: 'pending', primary: [] });
    }
    assert.deepEqual(batch, oneByOne);
  });

  test('20 concurrent proposals are distinct and never near each other', () => {
    const sampler = createBayesianSampler({ space: square, seed: 8, goal: 'minimize' });
    const history = runSequential(sampler, 12, bowl);
    const { proposals } = sampler.propose(history, 20);
    assert.equal(proposals.length, 20);
    assert.equal(new Set(keys(proposals)).size, 20);
    const points = proposals.map((p) => encode(square, p.params).u);
    for (let i = 0; i < points.length; i++) {
      for (let j = 0; j < i; j++) {
        const distance = Math.hypot(...(points[i] ?? []).map((u, k) => u - (points[j]?.[k] ?? 0)));
        assert.ok(distance >= MIN_PENDING_DISTANCE - 1e-12, `proposals ${i} and ${j} are ${distance} apart`);
      }
    }
    for (const p of proposals) assert.ok(!history.some((e) => paramsKey(e.params) === paramsKey(p.params)));
  });

  test('in a small discrete space with nested choice: every configuration once, then exhausted', () => {
    const sampler = createBayesianSampler({ space: discreteSpace, seed: 1, goal: 'minimize' });
    const history = runSequential(sampler, 40, (p) => paramsKey(p).length);
    assert.equal(history.length, 36);
    assert.equal(new Set(history.map((e) => paramsKey(e.params))).size, 36);
    const last = sampler.propose(history, 1);
    assert.equal(last.proposals.length, 0);
    assert.equal(last.exhausted, true);
  });


  test('every proposal is a valid configuration of every distribution and of the nested choice', () => {
    fc.assert(fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 30, maxLength: 30 }), (seed, scores) => {
      const sampler = createBayesianSampler({ space: everySpace, seed, goal: 'maximize' });
      const history: HistoryEntry[] = [];
      for (let i = 0; i < 14; i++) {
        const { proposals } = sampler.propose(history, i % 5 === 0 ? 2 : 1);
        for (const proposal of proposals) {
          // encode throws for a value the space cannot produce; decode(encode) must give it back.
          const back = decode(everySpace, encode(everySpace, proposal.params).u);
          assert.equal(paramsKey(back), paramsKey(proposal.params));
          assert.ok(!history.some((e) => paramsKey(e.params) === paramsKey(proposal.params)));
          history.push({ sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [scores[history.length % 30] ?? 0] });
        }
      }
    }), { numRuns: 4 });
  });
});

describe('what the model learns from each trial state', () => {
  const entry = (sequence: number, state: HistoryEntry['state'], primary: number[]): HistoryEntry => ({ sequence, params: { x: sequence }, state, primary });

  test('a stopped (canceled) trial counts with the best value it reached', () => {
    const { observed } = readObservations([entry(0, 'canceled', [5, 3, 4]), entry(1, 'completed', [2, 1.5])], 'minimize');
    assert.deepEqual(observed.map((o) => o.value), [3, 1.5]);
    const maximised = readObservations([entry(0, 'canceled', [5, 3, 4])], 'maximize');
    assert.deepEqual(maximised.observed.map((o) => o.value), [-5]);
  });

  test('failed and diverged (non-finite) trials are imputed as the worst observed value', () => {
    const { observed } = readObservations([
      entry(0, 'completed', [1]), entry(1, 'failed', [0.1]), entry(2, 'completed', [7]), entry(3, 'completed', [NaN, Infinity]),
    ], 'minimize');
    assert.deepEqual(observed.map((o) => [o.entry.sequence, o.value]), [[0, 1], [2, 7], [1, 7], [3, 7]]);
  });

  test('trials that never reported are left out; running ones are pending even with reports', () => {
    const { observed, pending } = readObservations([
      entry(0, 'completed', []), entry(1, 'canceled', []), entry(2, 'running', [0.5]), entry(3, 'pending', []), entry(4, 'skipped', []),
      entry(5, 'completed', [2]),
    ], 'minimize');
    assert.deepEqual(observed.map((o) => o.entry.sequence), [5]);
    assert.deepEqual(pending.map((e) => e.sequence), [2, 3]);
  });

  test('the sampler runs on a history mixing every state', () => {
    const sampler = createBayesianSampler({ space: square, seed: 11, goal: 'minimize' });
    const history = runSequential(sampler, 8, bowl);
    const states: HistoryEntry['state'][] = ['failed', 'canceled', 'running', 'pending', 'skipped'];
    states.forEach((state, i) => {
      const [proposal] = sampler.propose(history, 1).proposals;
      assert.ok(proposal !== undefined);
      history.push({ sequence: proposal.sequence, params: proposal.params, state, primary: i % 2 === 0 ? [] : [bowl(proposal.params)] });
    });
    const { proposals } = sampler.propose(history, 3);
    assert.equal(proposals.length, 3);
    assert.equal(new Set([...history.map((e) => paramsKey(e.params)), ...keys(proposals)]).size, history.length + 3);
  });
});
