/**
 * The refit schedule of the GP's hyperparameters: fitted only at scheduled observation counts, on
 * a data set derived from the history alone, and remembered by exactly that data. So proposals stay
 * a pure function of (space, seed, history): a fresh sampler (a resumed sweep) proposes what a
 * long-running one does across schedule points, and what a sampler was asked before never matters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSampler } from '../../../../src/core/samplers';
import { createBayesianSampler } from '../../../../src/core/samplers/bayesian';
import { featureLayout, featuresOf } from '../../../../src/core/samplers/bayesian/features';
import { HyperparameterMemo, REFIT_EVERY_UNTIL, refitPoint, type FitObservation } from '../../../../src/core/samplers/bayesian/refitSchedule';
import type { HistoryEntry, Sampler } from '../../../../src/core/samplers/sampler';
import { decode, dimensions, encode, paramsKey } from '../../../../src/core/space/encoding';
import type { Params, SearchSpace } from '../../../../src/core/spec/model';
import { everySpace, spaceOf } from '../helpers';

const square = spaceOf({
  x: { type: 'uniform', min_value: -2, max_value: 2 },
  y: { type: 'uniform', min_value: -2, max_value: 2 },
});
const bowl = (p: Params): number => (Number(p.x) - 0.5) ** 2 + (Number(p.y) + 0.3) ** 2;
const ridge = (p: Params): number => Math.abs(Number(p.x) + Number(p.y)) + 0.01 * Number(p.x) ** 2;


/** A number for any configuration of everySpace, so the model has something to learn. */
function everyScore(p: Params): number {
  let s = 0;
  for (const [name, value] of Object.entries(p)) s += typeof value === 'number' ? Math.sin(value + name.length) : String(value).length / 10;
  return s;
}

/** `n` trials of the random sampler evaluated by `f`: a long history without the cost of proposing it. */
function randomHistory(space: SearchSpace, seed: number, n: number, f: (p: Params) => number): HistoryEntry[] {
  const random = createSampler({ type: 'random', rule: 'random', form: 'string' }, { space, seed, goal: 'minimize' });
  return random.propose([], n).proposals.map((p) => ({ sequence: p.sequence, params: p.params, state: 'completed', primary: [f(p.params)] }));
}

function sequentialHistory(sampler: Sampler, n: number, f: (p: Params) => number): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  for (let i = 0; i < n; i++) {
    const [proposal] = sampler.propose(history, 1).proposals;
    assert.ok(proposal !== undefined);
    history.push({ sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [f(proposal.params)] });
  }
  return history;
}

describe('refit schedule', () => {
  test('refits at every count up to REFIT_EVERY_UNTIL, then every 10 % more observations', () => {
    for (let m = 0; m <= REFIT_EVERY_UNTIL; m++) assert.equal(refitPoint(m), m);
    assert.deepEqual([65, 69, 70, 76, 77, 100, 101, 121, 122].map(refitPoint), [64, 64, 70, 70, 77, 92, 101, 111, 122]);
    let previous = 0;
    for (let m = 1; m <= 5000; m++) {
      const point = refitPoint(m);
      assert.ok(point <= m && point >= previous, `refitPoint(${m}) = ${point}`);
      assert.ok(m - point <= Math.max(0, Math.floor(m * 0.1)), `refitPoint(${m}) = ${point} lags too far`);
      previous = point;
    }
  });

  test('between schedule points the fit is reused; a fresh memo computes the very same one', () => {
    const layout = featureLayout(dimensions(square));
    const place = (params: Params): Float64Array => featuresOf(layout, Float64Array.from(encode(square, params).u));
    const history = randomHistory(square, 3, 77, bowl);
    const observed: FitObservation[] = history.map((entry) => ({ entry, value: bowl(entry.params) }));
    const memo = new HyperparameterMemo(layout, 3, place);
    const at70 = memo.hyperparameters(observed.slice(0, 70));
    assert.ok(at70 !== undefined);
    // 76 observations: still the fit of the first 70 (the same object: no second fit), in any order.
    assert.equal(memo.hyperparameters([...observed.slice(0, 76)].reverse()), at70);
    assert.notEqual(memo.hyperparameters(observed.slice(0, 77)), at70);
    assert.deepEqual(new HyperparameterMemo(layout, 3, place).hyperparameters(observed.slice(0, 73)), at70);
  });

  test('the memo never answers for other data: same configurations with other values refit', () => {
    const layout = featureLayout(dimensions(square));
    const place = (params: Params): Float64Array => featuresOf(layout, Float64Array.from(encode(square, params).u));
    const history = sequentialHistory(createBayesianSampler({ space: square, seed: 5, goal: 'minimize' }), 22, bowl);
    const memo = new HyperparameterMemo(layout, 5, place);
    const onBowl = memo.hyperparameters(history.map((entry) => ({ entry, value: bowl(entry.params) })));
    const onRidge = memo.hyperparameters(history.map((entry) => ({ entry, value: ridge(entry.params) })));
    assert.notDeepEqual(onRidge, onBowl);
    assert.deepEqual(onRidge, new HyperparameterMemo(layout, 5, place).hyperparameters(history.map((entry) => ({ entry, value: ridge(entry.params) }))));
  });

  test('what a sampler was asked before never changes its proposal (same trials, other results)', () => {
    // One sampler sees the bowl's results first, then the ridge's for the same 26 configurations;
    // it must propose for the ridge exactly what a fresh sampler does.
    const configurations = sequentialHistory(createBayesianSampler({ space: square, seed: 8, goal: 'minimize' }), 26, bowl);
    const withValues = (f: (p: Params) => number): HistoryEntry[] => configurations.map((e) => ({ ...e, primary: [f(e.params)] }));
    const used = createBayesianSampler({ space: square, seed: 8, goal: 'minimize' });
    for (let n = 20; n <= 26; n++) used.propose(withValues(bowl).slice(0, n), 1);
    for (let n = 20; n <= 26; n++) {
      const fresh = createBayesianSampler({ space: square, seed: 8, goal: 'minimize' });
      assert.deepEqual(used.propose(withValues(ridge).slice(0, n), 1), fresh.propose(withValues(ridge).slice(0, n), 1), `at ${n} trials`);
    }
  });

  test('every distribution: a resumed sampler proposes what the running one does, across refit points', () => {
    const running = createBayesianSampler({ space: everySpace, seed: 11, goal: 'maximize' });
    // 60 random trials, then the sampler's own across the refit points 64 and 70.
    const history: HistoryEntry[] = randomHistory(everySpace, 11, 60, everyScore);
    while (history.length < 72) {
      // Pairs of concurrent proposals now and then, a failed and a stopped trial: every path.
      const count = history.length % 7 === 0 ? 2 : 1;
      const resumed = createBayesianSampler({ space: everySpace, seed: 11, goal: 'maximize' });
      const replayed = JSON.parse(JSON.stringify(history)) as HistoryEntry[];
      const proposed = running.propose(history, count);
      assert.deepEqual(resumed.propose(replayed, count), proposed, `after ${history.length} trials`);
      for (const proposal of proposed.proposals) {
        const back = decode(everySpace, encode(everySpace, proposal.params).u);
        assert.equal(paramsKey(back), paramsKey(proposal.params));
        assert.ok(!history.some((e) => paramsKey(e.params) === paramsKey(proposal.params)));
        const failed = history.length % 11 === 5;
        const stopped = history.length % 11 === 8;
        history.push({
          sequence: proposal.sequence, params: proposal.params,
          state: failed ? 'failed' : stopped ? 'canceled' : 'completed',
          primary: failed ? [] : stopped ? [everyScore(proposal.params) - 1] : [everyScore(proposal.params) - 1, everyScore(proposal.params)],
        });
      }
    }
  });
});
