/**
 * `npm run bench:policies -- --bayesian`: the Bayesian sampler with early termination, plain (a
 * stopped trial observed at its best value so far) against curve-aware (observed at its best so
 * far minus the improvement the trials around it made after its last step:
 * src/core/samplers/bayesian/configCorrection.ts), on the synthetic learning curves of
 * bench/policiesCurves.ts, 10 seeds per row (--seeds N; --only TEXT and --curves FAMILY narrow
 * the rows while iterating).
 *
 * Columns: epochs run (median over seeds) and the share saved against the Bayesian sampler
 * without stopping; final value and regret as in bench/policies.ts (the noise-free final of the
 * trial the sweep ranks best; regret against the best of the space); "regret at E epochs": the
 * same after the first E epochs of the sweep, E = the plain sampler's median epochs for that
 * policy, so both samplers are compared at equal epochs; and in how many seeds the curve-aware
 * sampler is ahead / tied / behind the plain one at those E epochs.
 */
import type { EarlyTermination } from '../src/core/spec/model';
import { bestFinal, type CurveFamily } from './policiesCurves';
import { simulateSampledSweep, type SampledSweep } from './policiesBayesianSim';

export interface BayesianBenchOptions {
  readonly trials: number;
  readonly epochs: number;
  readonly workers: number;
  readonly seeds: number;
  /** Only the policies whose name contains this (no stopping always runs: savings are against it). */
  readonly only?: string | undefined;
}

export interface BayesianRow {
  readonly curves: CurveFamily;
  readonly policy: string;
  readonly sampler: 'bayesian' | 'bayesian, curve-aware';
  readonly medianEpochs: number;
  readonly saved: number;
  readonly medianFinal: number;
  readonly medianRegret: number;
  /** E: the plain sampler's median epochs for this policy. */
  readonly budget: number;
  readonly medianRegretAtBudget: number;
  /** Curve-aware rows: seeds where it is ahead of, tied with, behind the plain sampler at E. */
  readonly versusPlain?: { readonly ahead: number; readonly tied: number; readonly behind: number };
}

function policies(epochs: number): readonly { readonly name: string; readonly policy: EarlyTermination | undefined }[] {
  const ladder = { min_resource: 1, max_resource: epochs, reduction_factor: 3, evaluation_interval: 1, delay_evaluation: 0 };
  return [
    { name: 'no stopping', policy: undefined },
    { name: 'median stopping (delay 5)', policy: { type: 'median_stopping', evaluation_interval: 1, delay_evaluation: 5 } },
    { name: `asha (3..${epochs}, eta 3)`, policy: { type: 'asha', brackets: 1, ...ladder, min_resource: 3 } },
    { name: `asha (1..${epochs}, eta 3)`, policy: { type: 'asha', brackets: 1, ...ladder } },
  ];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The picked trial's final after `budget` epochs (the sweep's last pick when it ran fewer). */
function finalAt(sweep: SampledSweep, budget: number): number {
  return sweep.trace[Math.min(budget, sweep.trace.length) - 1] ?? Number.NaN;
}

/** Every row for one curve family. */
export function bayesianRows(options: BayesianBenchOptions, curves: CurveFamily): BayesianRow[] {
  const optimum = bestFinal(options.epochs, curves);
  const seeds = Array.from({ length: options.seeds }, (_, seed) => 1000 + seed);
  const rows: BayesianRow[] = [];
  let noStopping: number | undefined;
  const only = options.only;
  for (const { name, policy } of policies(options.epochs).filter((p) => only === undefined || p.policy === undefined || p.name.includes(only))) {
    const run = (curveAware: boolean): SampledSweep[] => seeds.map((seed) => simulateSampledSweep({
      seed, family: curves, policy, trials: options.trials, epochs: options.epochs, workers: options.workers, curveAware,
    }));
    const plain = run(false);
    // Without stopping nothing is stopped, so the curve-aware sampler is the plain one.
    const variants: readonly (readonly ['bayesian' | 'bayesian, curve-aware', SampledSweep[]])[] = policy === undefined
      ? [['bayesian', plain]]
      : [['bayesian', plain], ['bayesian, curve-aware', run(true)]];
    const budget = Math.round(median(plain.map((s) => s.epochs)));
    noStopping ??= budget;
    for (const [sampler, sweeps] of variants) {
      const epochs = median(sweeps.map((s) => s.epochs));
      const versusPlain = sampler === 'bayesian' ? undefined : sweeps.reduce((count, sweep, i) => {
        const mine = finalAt(sweep, budget);
        const theirs = finalAt(plain[i] ?? sweep, budget);
        return mine < theirs ? { ...count, ahead: count.ahead + 1 } : mine > theirs ? { ...count, behind: count.behind + 1 } : { ...count, tied: count.tied + 1 };
      }, { ahead: 0, tied: 0, behind: 0 });
      rows.push({
        curves, policy: name, sampler, medianEpochs: epochs, saved: 1 - epochs / noStopping,
        medianFinal: median(sweeps.map((s) => s.pickedFinal)), medianRegret: median(sweeps.map((s) => s.pickedFinal - optimum)),
        budget, medianRegretAtBudget: median(sweeps.map((s) => finalAt(s, budget) - optimum)),
        ...(versusPlain ? { versusPlain } : {}),
      });
    }
  }
  return rows;
}

export function bayesianTable(rows: readonly BayesianRow[], options: BayesianBenchOptions): string {
  const lines = [
    `${options.trials} Bayesian trials of up to ${options.epochs} epochs, ${options.workers} at a time, ${options.seeds} seeds (medians over seeds)`,
    '',
    '| curves | policy | sampler | epochs run | saved | final value | regret | regret at E epochs (E) | curve-aware vs plain at E (ahead/tied/behind) |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const versus = r.versusPlain ? `${r.versusPlain.ahead}/${r.versusPlain.tied}/${r.versusPlain.behind}` : '';
    lines.push(
      `| ${r.curves} | ${r.policy} | ${r.sampler} | ${r.medianEpochs} | ${(100 * r.saved).toFixed(1)}% | ${r.medianFinal.toFixed(4)} | ${r.medianRegret.toFixed(4)} | ${r.medianRegretAtBudget.toFixed(4)} (${r.budget}) | ${versus} |`,
    );
  }
  return lines.join('\n');
}
