/**
 * `npm run bench:policies`: how much each early-termination policy saves, and what it costs in
 * the final result, on synthetic learning curves with known asymptotes (bench/policiesCurves.ts)
 * and random sampling: no stopping, Azure's three policies, ASHA and Hyperband, 10 seeds each,
 * one table. No processes: the policies are driven over simulated sweeps (bench/policiesSim.ts).
 *
 * Options: --trials N (default 64), --epochs N (81), --workers N (4), --seeds N (10), --json;
 * --bayesian: the Bayesian sampler, plain and curve-aware, instead (bench/policiesBayesian.ts);
 * --no-optuna: leave out Optuna's pruners (run on the same curves when python3-optuna is installed);
 * --only TEXT: only the policies whose name contains TEXT, beside no stopping; --curves
 * independent|crossing: one family of curves.
 *
 * Columns: epochs run (median over seeds) and the share saved against no stopping; the final
 * value (the noise-free fully-trained loss of the configuration the sweep ranks best, median over
 * seeds) and its regret (final value - the best final value of the whole space). The goal: at least 85% of
 * the epochs saved with a median final value no more than 1% worse than no stopping's.
 */
import type { EarlyTermination } from '../src/core/spec/model';
import { bayesianRows, bayesianTable } from './policiesBayesian';
import { bestFinal, drawTrials, type CurveFamily } from './policiesCurves';
import { optunaVersion, simulateOptunaSweeps, type OptunaPruner } from './policiesOptuna';
import { simulateSweep, type SimulatedSweep } from './policiesSim';

interface Options {
  readonly trials: number;
  readonly epochs: number;
  readonly workers: number;
  readonly seeds: number;
  readonly json: boolean;
  /** Optuna's pruners beside HyperSweep's policies when python3-optuna is installed (--no-optuna: never). */
  readonly optuna: boolean;
  /** --only TEXT: just the policies whose name contains TEXT (and no stopping, the reference). */
  readonly only: string | undefined;
  /** --curves FAMILY: one curve family instead of both. */
  readonly curves: readonly CurveFamily[];
}

function parseOptions(argv: readonly string[]): Options {
  const number = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number >= 1, got ${String(argv[at + 1])}`);
    return value;
  };
  const text = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const value = argv[at + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    return value;
  };
  const family = text('curves');
  if (family !== undefined && family !== 'independent' && family !== 'crossing') throw new Error(`--curves is independent or crossing, got ${family}`);
  return {
    trials: number('trials', 64), epochs: number('epochs', 81), workers: number('workers', 4), seeds: number('seeds', 10), json: argv.includes('--json'),
    optuna: !argv.includes('--no-optuna'), only: text('only'), curves: family === undefined ? ['independent', 'crossing'] : [family],
  };
}

const SCHEDULE = { evaluation_interval: 1, delay_evaluation: 5 };

const OPTUNA_PRUNERS: readonly { readonly name: string; readonly pruner: OptunaPruner }[] = [
  { name: 'optuna MedianPruner (defaults)', pruner: { type: 'median' } },
  { name: 'optuna SuccessiveHalvingPruner (min_resource 1, eta 3)', pruner: { type: 'successive_halving', min_resource: 1, reduction_factor: 3 } },
  { name: 'optuna SuccessiveHalvingPruner (min_resource 3, eta 3)', pruner: { type: 'successive_halving', min_resource: 3, reduction_factor: 3 } },
];

function policies(epochs: number): readonly { readonly name: string; readonly policy: EarlyTermination | undefined }[] {
  const ladder = { min_resource: 1, max_resource: epochs, reduction_factor: 3, evaluation_interval: 1, delay_evaluation: 0 };
  return [
    { name: 'no stopping', policy: undefined },
    { name: 'bandit (slack_factor 0.1, delay 5)', policy: { type: 'bandit', slack_factor: 0.1, ...SCHEDULE } },
    { name: 'median stopping (delay 5)', policy: { type: 'median_stopping', ...SCHEDULE } },
    { name: 'truncation selection (20%, delay 5)', policy: { type: 'truncation_selection', truncation_percentage: 20, ...SCHEDULE } },
    { name: 'asha (1..81, eta 3)', policy: { type: 'asha', brackets: 1, ...ladder } },
    { name: 'asha (1..81, eta 3, 2 brackets)', policy: { type: 'asha', brackets: 2, ...ladder } },
    { name: 'asha (3..81, eta 3)', policy: { type: 'asha', brackets: 1, ...ladder, min_resource: 3 } },
    { name: 'hyperband (1..81, eta 3)', policy: { type: 'hyperband', ...ladder } },
  ];
}

/** Whether a policy row runs under `--only` (no stopping always does: the others are measured against it). */
export function kept(name: string, only: string | undefined): boolean {
  return only === undefined || name === 'no stopping' || name.includes(only);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

interface Row {
  readonly curves: CurveFamily;
  readonly policy: string;
  readonly medianEpochs: number;
  readonly saved: number;
  readonly medianFinal: number;
  readonly medianRegret: number;
  readonly finalVsNone: number;
  readonly goalMet: boolean;
}

function run(options: Options, curves: CurveFamily): Row[] {
  const sweeps = Array.from({ length: options.seeds }, (_, seed) => drawTrials(1000 + seed, options.trials, options.epochs, curves));
  const optimum = bestFinal(options.epochs, curves);
  const rows: Row[] = [];
  let none: { epochs: number; final: number } | undefined;
  const optuna = options.optuna ? optunaVersion() : undefined;
  const contenders = [
    ...policies(options.epochs).filter(({ name }) => kept(name, options.only)).map(({ name, policy }) => ({ name, results: (): SimulatedSweep[] => sweeps.map((trials) => simulateSweep(trials, policy, options.workers)) })),
    // Optuna's pruners on the same curves, with the same workers and pick (bench/policiesOptuna.ts).
    ...(optuna === undefined ? [] : OPTUNA_PRUNERS.filter(({ name }) => kept(name, options.only)).map(({ name, pruner }) => ({ name, results: (): SimulatedSweep[] => simulateOptunaSweeps(sweeps, pruner, options.workers) }))),
  ];
  for (const { name, results: simulate } of contenders) {
    const results = simulate();
    const epochs = median(results.map((r) => r.epochs));
    const final = median(results.map((r) => r.pickedFinal));
    none ??= { epochs, final };
    const saved = 1 - epochs / none.epochs;
    const finalVsNone = final / none.final - 1;
    rows.push({
      curves, policy: name, medianEpochs: epochs, saved, medianFinal: final, medianRegret: median(results.map((r) => r.pickedFinal - optimum)), finalVsNone,
      goalMet: saved >= 0.85 && finalVsNone <= 0.01,
    });
  }
  return rows;
}

function table(rows: readonly Row[], options: Options): string {
  const optuna = options.optuna ? optunaVersion() : undefined;
  const optunaNote = optuna !== undefined ? `; Optuna ${optuna}'s pruners on the same curves` : options.optuna ? '; no Optuna rows: /usr/bin/python3 cannot import optuna' : '';
  const lines = [
    `${options.trials} random trials of up to ${options.epochs} epochs, ${options.workers} at a time, ${options.seeds} seeds (medians over seeds)${optunaNote}`,
    '',
    '| curves | policy | epochs run | saved | final value | regret | final vs no stopping | goal (>= 85% saved, <= 1% worse) |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const sign = r.finalVsNone >= 0 ? '+' : '';
    lines.push(
      `| ${r.curves} | ${r.policy} | ${r.medianEpochs} | ${(100 * r.saved).toFixed(1)}% | ${r.medianFinal.toFixed(4)} | ${r.medianRegret.toFixed(4)} | ${sign}${(100 * r.finalVsNone).toFixed(1)}% | ${r.policy === 'no stopping' ? '' : r.goalMet ? 'met' : 'not met'} |`,
    );
  }
  return lines.join('\n');
}

try {
  const options = parseOptions(process.argv.slice(2));
  if (process.argv.includes('--bayesian')) {
    // The Bayesian sampler, plain and curve-aware, under the same policies (bench/policiesBayesian.ts).
    const rows = options.curves.flatMap((curves) => bayesianRows(options, curves));
    process.stdout.write(options.json ? `${JSON.stringify({ options, rows }, null, 2)}\n` : `${bayesianTable(rows, options)}\n`);
  } else {
    const rows = options.curves.flatMap((curves) => run(options, curves));
    process.stdout.write(options.json ? `${JSON.stringify({ options, rows }, null, 2)}\n` : `${table(rows, options)}\n`);
  }
} catch (error) {
  process.stderr.write(`bench:policies: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
