/** One benchmark run: a sampler minimising a test function, one proposal at a time. */
import { createSampler, type HistoryEntry } from '../../src/core/samplers';
import type { Sampling } from '../../src/core/spec/model';
import { TEST_FUNCTIONS, type TestFunction } from './functions';

/** Our samplers in the benchmark. */
export const OUR_SAMPLERS = ['random', 'sobol', 'bayesian'] as const;
export type OurSampler = (typeof OUR_SAMPLERS)[number];

/** One (function, sampler, seed) job and its simple regret at each budget. */
export interface RunResult {
  readonly function: string;
  readonly sampler: string;
  readonly seed: number;
  readonly regret: Readonly<Record<string, number>>;
}

function samplingOf(sampler: OurSampler): Sampling {
  if (sampler === 'bayesian') return { type: 'bayesian', form: 'string' };
  return { type: 'random', rule: sampler === 'sobol' ? 'sobol' : 'random', form: 'object' };
}

/** The test function called `name`. */
export function functionNamed(name: string): TestFunction {
  const found = TEST_FUNCTIONS.find((f) => f.name === name);
  if (found === undefined) throw new Error(`Unknown benchmark function '${name}'; known: ${TEST_FUNCTIONS.map((f) => f.name).join(', ')}`);
  return found;
}

/**
 * Runs `sampler` on `fn` for max(budgets) trials (each proposal sees every earlier result, as a
 * sweep with one concurrent trial) and records best − optimum after each budget. One run serves
 * every budget: our samplers do not know the budget, so the first 50 trials of a 100-trial run
 * are exactly a 50-trial run.
 */
export function runOne(fn: TestFunction, sampler: OurSampler, seed: number, budgets: readonly number[]): RunResult {
  const instance = createSampler(samplingOf(sampler), { space: fn.space, seed, goal: 'minimize' });
  const history: HistoryEntry[] = [];
  const regret: Record<string, number> = {};
  let best = Infinity;
  const last = Math.max(...budgets);
  for (let trial = 1; trial <= last; trial++) {
    const [proposal] = instance.propose(history, 1).proposals;
    if (proposal === undefined) throw new Error(`${sampler} stopped proposing on ${fn.name} after ${trial - 1} trials`);
    const value = fn.evaluate(proposal.params);
    best = Math.min(best, value);
    history.push({ sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [value] });
    if (budgets.includes(trial)) regret[String(trial)] = best - fn.optimum;
  }
  return { function: fn.name, sampler, seed, regret };
}
