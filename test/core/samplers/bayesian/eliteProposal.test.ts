/**
 * Elite draws of the Bayesian sampler in 8+ dimensions: the distribution over the best points,
 * perturbations of the best point, that past the design one proposal in three is each, and that a
 * rugged 10-D search gains from them while staying deterministic and resumable.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBayesianSampler } from '../../../../src/core/samplers/bayesian';
import { perturbBest, PERTURBED_COORDINATES } from '../../../../src/core/samplers/bayesian/bestPerturbation';
import { eliteDistribution, eliteDraw, ELITE_SPREAD_FLOOR, eliteTurn } from '../../../../src/core/samplers/bayesian/eliteProposal';
import { FastRandom } from '../../../../src/core/samplers/bayesian/fastRandom';
import { featureLayout } from '../../../../src/core/samplers/bayesian/features';
import type { HistoryEntry } from '../../../../src/core/samplers/sampler';
import { decode, dimensions, encode, paramsKey } from '../../../../src/core/space/encoding';
import type { Params } from '../../../../src/core/spec/model';
import { spaceOf } from '../helpers';

const names = Array.from({ length: 10 }, (_, i) => `x${i}`);
const space10 = spaceOf(Object.fromEntries(names.map((n) => [n, { type: 'uniform', min_value: -10, max_value: 10 }])));
/** Levy's function with its minimum moved off-centre (as the benchmark's levy10-shifted): rugged, with a global bowl. */
const OPTIMUM = [-4.43, -5.42, 4.34, -8.64, -3.39, -5.18, 3.13, -4.4, 3.59, 8.75];
function shiftedLevy(p: Params): number {
  const w = names.map((n, i) => 1 + (Number(p[n]) - (OPTIMUM[i] ?? 0)) / 4);
  let sum = Math.sin(Math.PI * (w[0] ?? 1)) ** 2;
  for (let i = 0; i < w.length - 1; i++) sum += ((w[i] ?? 1) - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * (w[i] ?? 1) + 1) ** 2);
  const last = w[w.length - 1] ?? 1;
  return sum + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
}

function run(trials: number, seed: number, start: HistoryEntry[] = []): HistoryEntry[] {
  const sampler = createBayesianSampler({ space: space10, seed, goal: 'minimize' });
  const history = [...start];
  while (history.length < trials) {
    const [p] = sampler.propose(history, 1).proposals;
    assert.ok(p !== undefined);
    history.push({ sequence: p.sequence, params: p.params, state: 'completed', primary: [shiftedLevy(p.params)] });
  }
  return history;
}

describe('elite draws', () => {
  test('the distribution sits nearest the best point and never narrows below the floor', () => {
    const best = [Float64Array.of(0.2, 0.5), Float64Array.of(0.4, 0.5), Float64Array.of(0.9, 0.5)];
    const dist = eliteDistribution(best);
    assert.ok(dist !== undefined);
    const mean = dist.mean[0] ?? NaN;
    assert.ok(mean > 0.2 && mean < (0.2 + 0.4 + 0.9) / 3, `log-rank weights favour the best: ${mean}`);
    assert.equal(dist.spread[1], ELITE_SPREAD_FLOOR);
    assert.equal(eliteDistribution(best.slice(0, 1)), undefined);
  });

  test('a choice mostly takes an elite\'s option, sometimes any option; numbers stay in the unit cube', () => {
    const space = spaceOf({
      c: { type: 'choice', values: ['a', 'b', 'c', 'd'] },
      x: { type: 'uniform', min_value: 0, max_value: 1 },
    });
    const layout = featureLayout(dimensions(space));
    const dist = eliteDistribution([Float64Array.of(0.125, 0.99), Float64Array.of(0.625, 0.98)]);
    assert.ok(dist !== undefined);
    const rng = new FastRandom(3, 0);
    const draws = 2000;
    const counts = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const u = eliteDraw(dist, layout, rng);
      counts.set(u[0] ?? NaN, (counts.get(u[0] ?? NaN) ?? 0) + 1);
      assert.ok((u[1] ?? -1) >= 0 && (u[1] ?? 2) < 1);
    }
    // Only the middles of the four options' cells; the two options no elite has come back at
    // CHOICE_EXPLORATION × 2/4 = 10 % (an option lost early is not lost for good).
    assert.deepEqual([...counts.keys()].sort(), [0.125, 0.375, 0.625, 0.875]);
    const others = ((counts.get(0.375) ?? 0) + (counts.get(0.875) ?? 0)) / draws;
    assert.ok(others > 0.07 && others < 0.13, `options outside the elites drawn ${others}`);
  });

  test('a perturbation redraws a few coordinates of the best point and keeps the rest', () => {
    const best = Float64Array.from({ length: 10 }, (_, i) => 0.05 + 0.09 * i);
    const rng = new FastRandom(11, 3);
    const draws = 4000;
    let changed = 0;
    for (let i = 0; i < draws; i++) {
      const u = perturbBest(best, rng);
      const moved = Array.from(u).filter((x, j) => x !== best[j]);
      assert.ok(moved.length >= 1, 'at least one coordinate moves');
      assert.ok(moved.every((x) => x >= 0 && x < 1));
      changed += moved.length;
    }
    // Each coordinate with chance 2/10, at least one: about 2.2 on average.
    const mean = changed / draws;
    assert.ok(mean > PERTURBED_COORDINATES && mean < PERTURBED_COORDINATES + 0.4, `mean coordinates moved ${mean}`);
  });

  test('past the design in 10-D, one proposal in three is an elite draw and one a perturbation of the best point so far', () => {
    const seed = 7;
    const history = run(40, seed);
    const layout = featureLayout(dimensions(space10));
    const checked = { elite: 0, perturbation: 0 };
    for (let i = 12; i < history.length; i++) {
      const entry = history[i];
      if (entry === undefined) continue;
      const turn = eliteTurn(entry.sequence);
      if (turn === 'model') continue;
      const earlier = history.slice(0, i).map((e) => ({ u: Float64Array.from(encode(space10, e.params).u), value: e.primary[0] ?? Infinity }));
      const ranked = [...earlier].sort((a, b) => a.value - b.value).map((e) => e.u);
      const dist = eliteDistribution(ranked);
      const best = ranked[0];
      assert.ok(dist !== undefined && best !== undefined);
      const rng = new FastRandom(seed, entry.sequence);
      const u = turn === 'elite' ? eliteDraw(dist, layout, rng) : perturbBest(best, rng);
      assert.equal(paramsKey(entry.params), paramsKey(decode(space10, Array.from(u))), `proposal ${entry.sequence} (${turn})`);
      checked[turn] += 1;
    }
    assert.ok(checked.elite >= 8 && checked.perturbation >= 8, `only ${checked.elite} elite and ${checked.perturbation} perturbation turns checked`);
  });

  test('on a rugged, off-centre 10-D function the best after 60 trials is far lower', () => {
    // Before elite draws, the GP's expected improvement spent trials on its uncertainty far from
    // the data: the best of 60 trials on seeds 0-4 was 56.4, 96.0, 9.0, 28.0 and 32.4 (median
    // 32.4); with them 61.9, 22.1, 10.7, 1.9 and 7.8 (median 10.7).
    const bests = [0, 1, 2, 3, 4].map((seed) => Math.min(...run(60, seed).map((e) => e.primary[0] ?? Infinity)));
    const median = [...bests].sort((a, b) => a - b)[2] ?? NaN;
    assert.ok(median < 20, `median best of 60 trials over seeds 0-4: ${median.toFixed(1)} (${bests.map((b) => b.toFixed(1)).join(', ')})`);
  });

  test('a 10-D sweep with elite draws is deterministic and resumable', () => {
    const full = run(30, 4);
    assert.deepEqual(run(30, 4, full.slice(0, 17)), full);
    assert.deepEqual(run(30, 4), full);
  });
});
