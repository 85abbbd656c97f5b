/**
 * Proposal latency of the Bayesian sampler for `npm run bench:samplers`, measured two ways,
 * because its hyperparameters are refitted on a schedule (refitSchedule.ts) and one number would
 * flatter or slander it:
 * - cold: a fresh sampler (a resumed sweep's first proposal) after n completed random trials on
 *   Hartmann-6, so the fit always runs: median of 7;
 * - running: the mean over the next max(10, n/10) proposals (at least one whole refit period), each
 *   evaluated and fed back before the next, from a sampler that proposed the one before them: what
 *   a sweep pays per trial on average; the median of RUNNING_ROUNDS such windows, each from a fresh
 *   sampler (the same proposals every round), because one window's CPU time moved by half from
 *   one run to the next on an idle 2-core machine (12.9 to 19.6 ms at 100 trials, same code).
 * CPU time of this process (process.cpuUsage), not wall time: the machine is shared and loaded.
 * optuna_bench.py measures multivariate TPE both ways too.
 */
import { createSampler, type HistoryEntry } from '../../src/core/samplers';
import { functionNamed } from './run';
import { quantile } from './table';

/** One history size's latencies, CPU ms. */
export interface Latency {
  readonly size: number;
  /** Median CPU ms of a fresh sampler's proposal. */
  readonly ms: number;
  /** Mean CPU ms per proposal over `window` proposals fed back one by one. */
  readonly runningMs: number;
  readonly window: number;
}

/** Windows of running proposals measured per history size; the table shows their median. */
export const RUNNING_ROUNDS = 5;

/** Proposals averaged after `size` trials: one refit period (10 % of the history) or 10. */
export function runningWindow(size: number): number {
  return Math.max(10, Math.ceil(size / 10));
}

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Cold and running latency of the Bayesian sampler at each of `sizes` completed trials. */
export function bayesianLatency(sizes: readonly number[]): Latency[] {
  const fn = functionNamed('hartmann6');
  const context = { space: fn.space, seed: 1, goal: 'minimize' } as const;
  const random = createSampler({ type: 'random', rule: 'random', form: 'string' }, context);
  const history: HistoryEntry[] = random.propose([], Math.max(...sizes)).proposals
    .map((p) => ({ sequence: p.sequence, params: p.params, state: 'completed', primary: [fn.evaluate(p.params)] }));
  const bayesian = (): ReturnType<typeof createSampler> => createSampler({ type: 'bayesian', form: 'string' }, context);
  return sizes.map((size) => {
    const cold: number[] = [];
    for (let run = 0; run < 8; run++) {
      const fresh = bayesian();
      const seen = history.slice(0, size);
      const ms = cpuMs(() => fresh.propose(seen, 1));
      if (run > 0) cold.push(ms); // run 0 warms the JIT up
    }
    const window = runningWindow(size);
    const rounds: number[] = [];
    for (let round = 0; round < RUNNING_ROUNDS; round++) {
      const sampler = bayesian();
      const growing = history.slice(0, size - 1);
      const feed = (): void => {
        const [proposal] = sampler.propose(growing, 1).proposals;
        if (proposal === undefined) throw new Error(`the Bayesian sampler stopped proposing after ${growing.length} trials`);
        growing.push({ sequence: proposal.sequence, params: proposal.params, state: 'completed', primary: [fn.evaluate(proposal.params)] });
      };
      // The sampler's own trial number `size` is not timed: in a running sweep it made it already.
      feed();
      let total = 0;
      for (let i = 0; i < window; i++) total += cpuMs(feed);
      rounds.push(total / window);
    }
    return { size, ms: quantile(cold, 0.5), runningMs: quantile(rounds, 0.5), window };
  });
}

/** Multivariate TPE's latencies from optuna_bench.py, measured the same two ways. */
export interface TpeLatency {
  readonly size: number;
  readonly ms: number;
  readonly running_ms?: number;
}

/** The share of a sweep's wall time spent proposing for a trial of `trialMs`: p / (p + trial). */
function share(ms: number, trialMs: number): string {
  return `${((100 * ms) / (ms + trialMs)).toFixed(0)}%`;
}

/** The Markdown table of the report. */
export function latencyTable(ours: readonly Latency[], tpe: readonly TpeLatency[], trialMs: number): string {
  const lines = [
    'Proposal CPU time on Hartmann-6 after n completed random trials, ms. Cold: a fresh sampler\'s ' +
      'first proposal (a resumed sweep; the hyperparameter fit always runs), median of 7 (5 for Optuna). Running: ' +
      `mean over the next max(10, n/10) proposals, each evaluated and fed back, from a sampler that made the one before, median of ${RUNNING_ROUNDS} such windows ` +
      '(what a sweep pays per trial; our hyperparameters are refitted every 10 % ' +
      `more trials, so this window holds at least one refit). Both samplers are timed after the regret runs, one after the other, with nothing else running. Share: the running proposal's share of a sweep's wall time for a ${trialMs / 1000} s trial.`,
    '',
    '| trials | bayesian cold | optuna-tpe-mv cold | bayesian running | optuna-tpe-mv running | bayesian share of a 0.1 s trial |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const t of ours) {
    const theirs = tpe.find((x) => x.size === t.size);
    const fixed = (v: number | undefined): string => (v === undefined ? 'n/a' : v.toFixed(1));
    lines.push(`| ${t.size} | ${fixed(t.ms)} | ${fixed(theirs?.ms)} | ${fixed(t.runningMs)} | ${fixed(theirs?.running_ms)} | ${share(t.runningMs, trialMs)} |`);
  }
  return lines.join('\n');
}
