/**
 * Sampler throughput over a realistic 20-dimension space (uniform, loguniform, normal, quniform,
 * choice in rotation), for `rule: random` and `rule: sobol`, through `createSampler(...).propose`.
 *
 * Three views, because samplers are pure functions of (space, seed, history) and so re-read the
 * whole history on every call:
 * - raw: one call proposing many points on an empty history (the sampler's own speed);
 * - at history H: a runner's call for 8 new points (concurrency 8) when H trials already exist;
 * - loop: a sweep's whole life, history growing as proposals are added, 8 per call.
 */
import { createSampler, type HistoryEntry, type Sampler } from '../src/core/samplers';
import { grouped, median, perSecond, resultsFor, timeSync, type BenchGroup, type BenchResult } from './harness';
import { loadValidSpec, mixedSpaceYaml } from './specs';

const DIMENSIONS = 20;
const RAW_BATCH = 10_000;
const RAW_RUNS = 3;
const SLOT_BATCH = 8;
const HISTORY_SIZES = [0, 1_000, 10_000] as const;
const LOOP_TRIALS = 2_000;

function samplerFor(rule: 'random' | 'sobol'): Sampler {
  const spec = loadValidSpec(mixedSpaceYaml(DIMENSIONS, rule));
  return createSampler(spec.sampling, { space: spec.search_space, seed: 7, goal: spec.objective.goal });
}

/** A history of `size` completed trials made of the sampler's own first proposals. */
function historyOf(sampler: Sampler, size: number): HistoryEntry[] {
  const { proposals } = sampler.propose([], size);
  return proposals.map((p, i) => ({ sequence: p.sequence, params: p.params, state: 'completed', primary: [1 / (i + 1)] }));
}

/** Checks the sampler really produced what was asked; a short answer would inflate the rate. */
function expectCount(got: number, wanted: number, what: string): void {
  if (got !== wanted) throw new Error(`${what}: the sampler returned ${got} proposals, expected ${wanted}`);
}

function benchRule(rule: 'random' | 'sobol'): BenchResult[] {
  const result = resultsFor('samplers');
  const sampler = samplerFor(rule);
  const results: BenchResult[] = [];

  const rawTimes: number[] = [];
  for (let run = 0; run <= RAW_RUNS; run++) {
    let count = 0;
    const ms = timeSync(() => {
      count = sampler.propose([], RAW_BATCH).proposals.length;
    });
    expectCount(count, RAW_BATCH, `${rule} raw`);
    if (run > 0) rawTimes.push(ms); // run 0 warms the JIT up
  }
  results.push(result(`${rule}: raw propose`, perSecond(RAW_BATCH, median(rawTimes)), 'samples/s',
    `one propose([], ${grouped(RAW_BATCH)}), ${DIMENSIONS} dims, median of ${RAW_RUNS}`));

  const fullHistory = historyOf(sampler, Math.max(...HISTORY_SIZES));
  for (const size of HISTORY_SIZES) {
    const history = fullHistory.slice(0, size);
    const runs = size >= 10_000 ? 5 : 20;
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      times.push(timeSync(() => expectCount(sampler.propose(history, SLOT_BATCH).proposals.length, SLOT_BATCH, `${rule} @${size}`)));
    }
    const ms = median(times);
    results.push(result(`${rule}: propose ${SLOT_BATCH} @ history ${grouped(size)}`, perSecond(SLOT_BATCH, ms), 'samples/s',
      `${ms.toFixed(2)} ms per call, median of ${runs}`));
  }

  const growing: HistoryEntry[] = [];
  const loopMs = timeSync(() => {
    while (growing.length < LOOP_TRIALS) {
      const { proposals } = sampler.propose(growing, SLOT_BATCH);
      expectCount(proposals.length, SLOT_BATCH, `${rule} loop`);
      for (const p of proposals) growing.push({ sequence: p.sequence, params: p.params, state: 'completed', primary: [growing.length] });
    }
  });
  results.push(result(`${rule}: sweep loop 0 -> ${grouped(LOOP_TRIALS)}`, perSecond(LOOP_TRIALS, loopMs), 'samples/s',
    `${SLOT_BATCH} per call, history grows; total ${(loopMs / 1000).toFixed(2)} s`));
  return results;
}

/** The `samplers` benchmark group. */
export const samplersGroup: BenchGroup = {
  name: 'samplers',
  description: `random and Sobol proposals over a ${DIMENSIONS}-dimension mixed space`,
  run: () => Promise.resolve([...benchRule('random'), ...benchRule('sobol')]),
};
