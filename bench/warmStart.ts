/**
 * Warm start (`run --warm-start`): regret after 20 new trials with and without the 50 trials of an
 * earlier sweep of the same objective as prior observations. The earlier sweep is a seeded random
 * sweep (a first, exploratory sweep); its trials reach the sampler exactly as `historyForSampler`
 * hands them over (`origin: 'prior'`, completed, best value). Regret counts the 20 new trials
 * only: what the sampler found, not what the prior sweep had already found (that figure is given
 * too). Median over 10 seeds.
 */
import { createSampler, type HistoryEntry } from '../src/core/samplers';
import type { Sampling } from '../src/core/spec/model';
import { median, resultsFor, type BenchGroup, type BenchResult } from './harness';
import { branin, hartmann6, rosenbrock4, type TestFunction } from './samplers/functions';

const PRIOR_TRIALS = 50;
const NEW_TRIALS = 20;
const SEEDS = 10;
const FUNCTIONS: readonly TestFunction[] = [branin, hartmann6, rosenbrock4];

const RANDOM: Sampling = { type: 'random', rule: 'random', form: 'object' };
const BAYESIAN: Sampling = { type: 'bayesian', form: 'string' };

/** The 50 trials of the earlier sweep, as prior history entries. */
function priorHistory(fn: TestFunction, seed: number): HistoryEntry[] {
  const sampler = createSampler(RANDOM, { space: fn.space, seed: seed + 10_000, goal: 'minimize' });
  return sampler.propose([], PRIOR_TRIALS).proposals.map((p, i) => ({
    sequence: i, params: p.params, state: 'completed', primary: [fn.evaluate(p.params)], origin: 'prior',
  }));
}

/** Best regret of `NEW_TRIALS` sequential trials (one at a time) after `priors`. */
function newTrialsRegret(fn: TestFunction, sampling: Sampling, seed: number, priors: readonly HistoryEntry[]): number {
  const sampler = createSampler(sampling, { space: fn.space, seed, goal: 'minimize' });
  const own: HistoryEntry[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < NEW_TRIALS; i++) {
    const proposal = sampler.propose([...priors, ...own], 1).proposals[0];
    if (proposal === undefined) break;
    const value = fn.evaluate(proposal.params);
    best = Math.min(best, value);
    own.push({ sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [value] });
  }
  return best - fn.optimum;
}

function fmt(x: number): string {
  return x === 0 ? '0' : Math.abs(x) >= 1000 || Math.abs(x) < 0.01 ? x.toExponential(2) : x.toPrecision(3);
}

/** The `warmstart` benchmark group. */
export const warmStartGroup: BenchGroup = {
  name: 'warmstart',
  description: `regret after ${NEW_TRIALS} new trials, cold and warm-started from a ${PRIOR_TRIALS}-trial sweep (${SEEDS} seeds)`,
  run: () => {
    const result = resultsFor('warmstart');
    const out: BenchResult[] = [];
    for (const fn of FUNCTIONS) {
      const rows = { priorBest: [] as number[], bayesCold: [] as number[], bayesWarm: [] as number[], randomCold: [] as number[], randomWarm: [] as number[] };
      for (let seed = 0; seed < SEEDS; seed++) {
        const priors = priorHistory(fn, seed);
        rows.priorBest.push(Math.min(...priors.map((p) => p.primary[0] ?? Number.POSITIVE_INFINITY)) - fn.optimum);
        rows.bayesCold.push(newTrialsRegret(fn, BAYESIAN, seed, []));
        rows.bayesWarm.push(newTrialsRegret(fn, BAYESIAN, seed, priors));
        rows.randomCold.push(newTrialsRegret(fn, RANDOM, seed, []));
        rows.randomWarm.push(newTrialsRegret(fn, RANDOM, seed, priors));
      }
      const notes = `median of ${SEEDS} seeds; regret of the best of the ${NEW_TRIALS} new trials`;
      out.push(
        result(`${fn.name}: best of the ${PRIOR_TRIALS} prior trials`, median(rows.priorBest), 'regret', `random sweep; ${notes.split(';')[0] ?? ''}`),
        result(`${fn.name}: bayesian, cold`, median(rows.bayesCold), 'regret', notes),
        result(`${fn.name}: bayesian, warm start`, median(rows.bayesWarm), 'regret', notes),
        result(`${fn.name}: random, cold`, median(rows.randomCold), 'regret', notes),
        result(`${fn.name}: random, warm start`, median(rows.randomWarm), 'regret', `${notes} (random ignores priors: same draws)`),
      );
      process.stderr.write(`  ${fn.name}: prior best ${fmt(median(rows.priorBest))}, bayesian cold ${fmt(median(rows.bayesCold))} / warm ${fmt(median(rows.bayesWarm))}, random ${fmt(median(rows.randomCold))} / ${fmt(median(rows.randomWarm))}\n`);
    }
    return Promise.resolve(out);
  },
};
