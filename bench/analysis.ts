/**
 * Parameter importance (fANOVA over a 16-tree random forest, src/core/analysis) and the whole
 * `analyze` computation (importance, top 10% regions, sentences) on a replayed sweep of 10,000
 * completed trials over five parameters: uniform, log-uniform, randint, a choice and a dummy.
 * Target (issue 14): importance on 10,000 trials under 1 s.
 */
import { analyzeSweep } from '../src/core/analysis/analysis';
import { parameterImportance } from '../src/core/analysis/importance';
import { makeEvent, type EventBody, type JournalEvent } from '../src/core/journal/events';
import { replay } from '../src/core/journal/replay';
import type { SweepState } from '../src/core/journal/state';
import type { SearchSpace } from '../src/core/spec/model';
import { grouped, medianTimeSync, resultsFor, type BenchGroup, type BenchResult } from './harness';

const TRIALS = 10_000;
const RUNS = 3;

const SPACE: SearchSpace = {
  parameters: [
    { name: 'x', distribution: { type: 'uniform', min_value: 0, max_value: 1 } },
    { name: 'lr', distribution: { type: 'loguniform', min_value: Math.log(1e-5), max_value: Math.log(1e-1) } },
    { name: 'layers', distribution: { type: 'randint', upper: 8 } },
    { name: 'opt', distribution: { type: 'choice', values: ['adam', 'sgd', 'rmsprop'] } },
    { name: 'dummy', distribution: { type: 'uniform', min_value: 0, max_value: 1 } },
  ],
};

/** xorshift32: fixed inputs for every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** A replayed sweep of `count` completed trials with a known objective. */
export function syntheticSweep(count: number): SweepState {
  const random = generator(42);
  const bodies: EventBody[] = [{
    type: 'sweep-created', name: 'bench', specPath: '/bench.yaml', specHash: '0'.repeat(64), sampler: 'random', seed: 1,
    goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: count, max_concurrent_trials: 8 }, policy: null, hypersweepVersion: 'bench',
  }];
  for (let index = 0; index < count; index++) {
    const trialId = `bench_${index}`;
    const params = { x: random(), lr: 10 ** (-5 + 4 * random()), layers: Math.floor(random() * 8), opt: ['adam', 'sgd', 'rmsprop'][Math.floor(random() * 3)] ?? 'adam', dummy: random() };
    const loss = 3 * params.x + Math.abs(Math.log10(params.lr) + 3) + 0.1 * params.layers + (params.opt === 'sgd' ? 1 : 0);
    bodies.push(
      { type: 'trial-created', trialId, index, sequence: index, params },
      { type: 'trial-started', trialId, attempt: 1, pid: 1, processStartTime: 1, target: 'local', argv: ['train'], cwd: '/' },
      { type: 'metric', trialId, name: 'loss', value: loss, step: 0, timestamp: 1, source: 'stdout' },
      { type: 'trial-ended', trialId, attempt: 1, status: 'Completed', exitCode: 0, signal: null },
    );
  }
  return replay(bodies.map((body) => makeEvent(body, 1) as JournalEvent));
}

export const analysisGroup: BenchGroup = {
  name: 'analysis',
  description: `parameter importance (fANOVA) and analyze on ${grouped(TRIALS)} trials`,
  async run(): Promise<BenchResult[]> {
    const result = resultsFor('analysis');
    const state = syntheticSweep(TRIALS);
    let shares = 0;
    const importanceMs = medianTimeSync(RUNS, () => {
      shares = Object.keys(parameterImportance(state, SPACE).importance).length;
    });
    if (shares !== SPACE.parameters.length) throw new Error(`importance covered ${shares} parameters, expected ${SPACE.parameters.length}`);
    const analyzeMs = medianTimeSync(RUNS, () => {
      analyzeSweep(state, SPACE);
    });
    return [
      result(`importance @ ${grouped(TRIALS)} trials`, importanceMs, 'ms', `fANOVA, 16 trees, 5 parameters (uniform, loguniform, randint, choice, dummy), median of ${RUNS} after a warm-up; target < 1,000 ms`),
      result(`analyze @ ${grouped(TRIALS)} trials`, analyzeMs, 'ms', `importance + top 10% regions + sentences, median of ${RUNS}`),
    ];
  },
};
