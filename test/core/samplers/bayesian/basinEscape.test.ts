/**
 * Basin escape of the Bayesian sampler: when a search counts as stalled, which area escape
 * proposals avoid, when an escape turn refines the incumbent instead, that a stalled sweep stays
 * deterministic, resumable and batch-equivalent, that Branin keeps refining, and that Hartmann-6
 * seeds 0, 3 and 13 (which sat in the second-best basin for 1,000, 300 and 300 trials) leave it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { branin, hartmann6 } from '../../../../bench/samplers/functions';
import { createBayesianSampler } from '../../../../src/core/samplers/bayesian';
import { ESCAPE_MIN_LOG_EI, ESCAPE_RADIUS, escapesAt, HOPELESS_LOG_EI, incumbentBasin, MAX_BASIN_COVERAGE, isStalled, stallAge, stalledProposal, stallTrials } from '../../../../src/core/samplers/bayesian/basinEscape';
import type { HistoryEntry, Proposal, Sampler } from '../../../../src/core/samplers/sampler';
import type { Params } from '../../../../src/core/spec/model';
import { spaceOf } from '../helpers';

function runSequential(sampler: Sampler, n: number, f: (p: Params) => number, start: HistoryEntry[] = []): HistoryEntry[] {
  const history = [...start];
  for (let i = 0; i < n; i++) {
    const [proposal] = sampler.propose(history, 1).proposals;
    if (proposal === undefined) break;
    history.push({ sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [f(proposal.params)] });
  }
  return history;
}

describe('stall detection', () => {
  test('a search that keeps improving by 0.1 % of the best is not stalled; one that stops is, after stallTrials(d)', () => {
    const d = 6;
    const improving = Array.from({ length: 60 }, (_, i) => 10 * 0.99 ** i);
    assert.equal(isStalled(improving, 7, d), false);
    const flat = [...improving.slice(0, 20), ...Array.from({ length: stallTrials(d) - 1 }, () => 50)];
    assert.equal(isStalled(flat, 7, d), false);
    assert.equal(isStalled([...flat, 50], 7, d), true);
    // Improvements smaller than 0.1 % of the best do not count.
    const creeping = [...flat, ...Array.from({ length: 5 }, (_, i) => improving[19]! * (1 - 1e-5 * (i + 1)))];
    assert.equal(isStalled(creeping, 7, d), true);
  });

  test('too few observations past the initial design never count as stalled', () => {
    assert.equal(isStalled([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 7, 2), false);
  });

  test('right after a stall two proposals in three escape, after 2·stallTrials(d) one in two; none before', () => {
    const d = 6;
    const at = (age: number | undefined): boolean[] => [0, 1, 2, 3, 4, 5].map((sequence) => escapesAt(sequence, age, d));
    assert.deepEqual(at(0), [true, true, false, true, true, false]);
    assert.deepEqual(at(2 * stallTrials(d) - 1), [true, true, false, true, true, false]);
    assert.deepEqual(at(2 * stallTrials(d)), [false, true, false, true, false, true]);
    assert.deepEqual(at(undefined), [false, false, false, false, false, false]);
    const flat = Array.from({ length: 7 + stallTrials(d) + 3 }, () => 1);
    assert.equal(stallAge(flat, 7, d), 3);
    assert.equal(stallAge(flat.slice(0, -4), 7, d), undefined);
  });
});

describe('an escape turn', () => {
  /** A proposer whose escape and in-basin candidates have these log EIs; it records its calls. */
  function proposer(escapeScore: number | undefined, inBasinScore: number | undefined) {
    const calls: boolean[] = [];
    const propose = (escape: boolean): { escape: boolean; score: number } | undefined => {
      calls.push(escape);
      const score = escape ? escapeScore : inBasinScore;
      return score === undefined ? undefined : { escape, score };
    };
    return { calls, propose };
  }

  test('escapes while the escape search expects something, asking nothing else', () => {
    const { calls, propose } = proposer(ESCAPE_MIN_LOG_EI, -3);
    assert.equal(stalledProposal(true, propose)?.escape, true);
    assert.deepEqual(calls, [true]);
  });

  test('refines the incumbent when the escape search has nothing left to find, or found no candidate', () => {
    const nothingLeft = proposer(ESCAPE_MIN_LOG_EI - 1, -9);
    assert.equal(stalledProposal(true, nothingLeft.propose)?.escape, false);
    assert.deepEqual(nothingLeft.calls, [true, false]);
    assert.equal(stalledProposal(true, proposer(undefined, -9).propose)?.escape, false);
  });

  test('keeps the escape (or the random draw) when the in-basin candidate is hopeless too', () => {
    assert.equal(stalledProposal(true, proposer(-20, HOPELESS_LOG_EI - 1).propose)?.escape, true);
    assert.equal(stalledProposal(true, proposer(undefined, HOPELESS_LOG_EI - 1).propose), undefined);
  });

  test('a turn that does not escape asks the in-basin search only', () => {
    const { calls, propose } = proposer(0, -50);
    assert.equal(stalledProposal(false, propose)?.escape, false);
    assert.deepEqual(calls, [false]);
  });
});

describe('the avoided basin', () => {
  const inside = (basin: ReturnType<typeof incumbentBasin>, u: number[]): boolean => {
    assert.ok(basin !== undefined);
    const r2 = basin.radius ** 2;
    return basin.centers.some((c) => c.reduce((s, v, i) => s + ((u[i]! - v) * basin.inverseLengthscales[i]!) ** 2, 0) < r2);
  };

  test('holds the best points near the incumbent, not good points of another basin', () => {
    const best = [Float64Array.of(0.4, 0.9), Float64Array.of(0.45, 0.85), Float64Array.of(0.1, 0.1)];
    const basin = incumbentBasin(best, Float64Array.of(0.2, 0.2));
    assert.ok(basin !== undefined);
    assert.equal(basin.centers.length, 2);
    assert.ok(inside(basin, [0.42, 0.88]));
    assert.ok(!inside(basin, [0.1, 0.1]));
  });

  test('stretches along a direction the model finds irrelevant (long lengthscale)', () => {
    const best = [Float64Array.of(0.5, 0.5)];
    const flatInX = incumbentBasin(best, Float64Array.of(5, 0.1));
    assert.ok(inside(flatInX, [0.0, 0.52]));
    assert.ok(!inside(flatInX, [0.5, 0.7]));
  });

  /** Share of a 41^d grid of the unit cube inside `basin` (d = 2 or 3). */
  const covered = (basin: ReturnType<typeof incumbentBasin>, d: number): number => {
    const ticks = Array.from({ length: 41 }, (_, i) => i / 40);
    let grid: number[][] = [[]];
    for (let k = 0; k < d; k++) grid = grid.flatMap((u) => ticks.map((t) => [...u, t]));
    return grid.filter((u) => inside(basin, u)).length / grid.length;
  };

  test('keeps its radius while it covers little of the cube', () => {
    const basin = incumbentBasin([Float64Array.of(0.3, 0.6, 0.5), Float64Array.of(0.32, 0.58, 0.5)], Float64Array.of(0.1, 0.2, 0.15));
    assert.equal(basin?.radius, ESCAPE_RADIUS);
    assert.equal(basin?.centers.length, 2);
  });

  test('shrinks to cover at most MAX_BASIN_COVERAGE of the cube when the lengthscales are long, keeping the incumbent', () => {
    // Rosenbrock-4-like lengthscales: balls of radius 1 would cover nearly all of the cube.
    const best = [Float64Array.of(0.35, 0.35, 0.35), Float64Array.of(0.4, 0.3, 0.35), Float64Array.of(0.9, 0.9, 0.9)];
    const lengthscales = Float64Array.of(0.8, 0.6, 0.55);
    const wide = { centers: best.slice(0, 2), inverseLengthscales: lengthscales.map((l) => 1 / l), radius: ESCAPE_RADIUS };
    assert.ok(covered(wide, 3) > 0.6, `covers ${covered(wide, 3)}`);
    const basin = incumbentBasin(best, lengthscales);
    assert.ok(basin !== undefined && basin.radius < ESCAPE_RADIUS);
    assert.ok(covered(basin, 3) <= MAX_BASIN_COVERAGE + 0.03, `covers ${covered(basin, 3)}`);
    assert.ok(covered(basin, 3) > MAX_BASIN_COVERAGE / 2);
    assert.ok(inside(basin, [0.35, 0.35, 0.35]));
    assert.ok(!inside(basin, [0.9, 0.9, 0.9]));
    // A function of the points and lengthscales alone.
    assert.deepEqual(incumbentBasin(best, lengthscales), basin);
  });

  test('an empty list of points has no basin', () => {
    assert.equal(incumbentBasin([], Float64Array.of(1)), undefined);
  });
});

describe('a stalled sweep', () => {
  const square = spaceOf({
    x: { type: 'uniform', min_value: -2, max_value: 2 },
    y: { type: 'uniform', min_value: -2, max_value: 2 },
  });
  /** A plateau with one good point that only the first trial hit: the search stalls at once. */
  function stalledHistory(): HistoryEntry[] {
    const sampler = createBayesianSampler({ space: square, seed: 3, goal: 'minimize' });
    let first = true;
    return runSequential(sampler, 30, (p) => {
      if (first) {
        first = false;
        return 0;
      }
      return 1 + 0.001 * Number(p.x);
    });
  }

  test('is deterministic for a seed, resumes to the same proposals, and a batch equals single proposals', () => {
    const history = stalledHistory();
    assert.deepEqual(stalledHistory(), history);
    const values = history.map((e) => e.primary[0] ?? NaN);
    assert.ok(isStalled(values, 5, 2));
    const running = createBayesianSampler({ space: square, seed: 3, goal: 'minimize' });
    const resumed = createBayesianSampler({ space: square, seed: 3, goal: 'minimize' });
    const batch = running.propose(history, 3);
    assert.deepEqual(resumed.propose(JSON.parse(JSON.stringify(history)) as HistoryEntry[], 3), batch);
    const oneByOne: Proposal[] = [];
    const growing = [...history];
    for (let i = 0; i < 3; i++) {
      const [proposal] = createBayesianSampler({ space: square, seed: 3, goal: 'minimize' }).propose(growing, 1).proposals;
      assert.ok(proposal !== undefined);
      oneByOne.push(proposal);
      growing.push({ sequence: proposal.sequence, params: proposal.params, state: 'pending', primary: [] });
    }
    assert.deepEqual(batch.proposals, oneByOne);
  });

  test('a running sampler, whose escape turns reuse the last escape model\'s kernel factor, proposes what fresh samplers do', () => {
    const history = stalledHistory();
    const values = history.map((e) => e.primary[0] ?? NaN);
    // From trial 16 on the plateau has stalled the search, so escape turns come up.
    assert.ok(isStalled(values.slice(0, 16), 5, 2));
    for (let i = 16; i < history.length; i++) {
      const fresh = createBayesianSampler({ space: square, seed: 3, goal: 'minimize' });
      const [proposal] = fresh.propose(JSON.parse(JSON.stringify(history.slice(0, i))) as HistoryEntry[], 1).proposals;
      assert.deepEqual(proposal?.params, history[i]?.params, `trial ${i}`);
    }
  });
});

describe('Branin', () => {
  test('seed 9 keeps refining after the stall: regret below 1e-6 at 100 trials', () => {
    // Branin has three equal optima: the escape search refines another one, which can never beat
    // the incumbent. Escaping anyway every other trial left 1.4e-5 at 100 trials.
    const sampler = createBayesianSampler({ space: branin.space, seed: 9, goal: 'minimize' });
    const history = runSequential(sampler, 100, (p) => branin.evaluate(p));
    const best = Math.min(...history.map((e) => e.primary[0] ?? Infinity));
    assert.ok(best - branin.optimum < 1e-6, `regret ${best - branin.optimum} after 100 trials`);
  });
});

describe('Hartmann-6', () => {
  test('seed 3 leaves the second-best basin (regret 0.119) within 100 trials', () => {
    // With one escape proposal in two it was still there at 300 trials.
    const sampler = createBayesianSampler({ space: hartmann6.space, seed: 3, goal: 'minimize' });
    const history = runSequential(sampler, 100, (p) => hartmann6.evaluate(p));
    const best = Math.min(...history.map((e) => e.primary[0] ?? Infinity));
    assert.ok(best - hartmann6.optimum < 0.1, `regret ${best - hartmann6.optimum} after 100 trials`);
  });

  test('seed 13 leaves the second-best basin within 300 trials (escapes scored with capped lengthscales)', () => {
    // Its fits called x3 irrelevant (lengthscale 50-100) from the stuck basin's data, and escapes
    // scored with them never tried the x3 of the global basin: 0.119 for all 300 trials.
    const sampler = createBayesianSampler({ space: hartmann6.space, seed: 13, goal: 'minimize' });
    const history = runSequential(sampler, 300, (p) => hartmann6.evaluate(p));
    const best = Math.min(...history.map((e) => e.primary[0] ?? Infinity));
    assert.ok(best - hartmann6.optimum < 0.1, `regret ${best - hartmann6.optimum} after 300 trials`);
  });

  test('seed 0 leaves the second-best basin (regret 0.119) within 300 trials', () => {
    const sampler = createBayesianSampler({ space: hartmann6.space, seed: 0, goal: 'minimize' });
    const history = runSequential(sampler, 300, (p) => hartmann6.evaluate(p));
    const best = Math.min(...history.map((e) => e.primary[0] ?? Infinity));
    assert.ok(best - hartmann6.optimum < 0.1, `regret ${best - hartmann6.optimum} after 300 trials`);
  });
});
