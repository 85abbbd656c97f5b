/**
 * Optuna's MedianPruner and SuccessiveHalvingPruner on the very curves the policies of
 * `npm run bench:policies` see (bench/policies_optuna.py drives them), when Debian's
 * python3-optuna is installed; otherwise no rows, and the table says so.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { SyntheticTrial } from './policiesCurves';
import type { SimulatedSweep } from './policiesSim';

const PYTHON = '/usr/bin/python3';

export type OptunaPruner =
  | { readonly type: 'median' }
  | { readonly type: 'successive_halving'; readonly min_resource: number; readonly reduction_factor: number };

/** Optuna's version, or undefined when `import optuna` fails. */
export function optunaVersion(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** One simulated sweep per entry of `sweeps`, pruned by Optuna's `pruner`. */
export function simulateOptunaSweeps(sweeps: readonly (readonly SyntheticTrial[])[], pruner: OptunaPruner, workers: number): SimulatedSweep[] {
  const request = { workers, pruner, sweeps: sweeps.map((trials) => trials.map((t) => t.curve)) };
  const script = path.join(__dirname, 'policies_optuna.py');
  const run = spawnSync(PYTHON, [script], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${script} exited with ${String(run.status)}: ${run.stderr.slice(-2000)}`);
  const { lengths } = JSON.parse(run.stdout) as { lengths: number[][] };
  return sweeps.map((trials, s) => {
    const counts = lengths[s] ?? [];
    let epochs = 0;
    let stopped = 0;
    let best = Number.POSITIVE_INFINITY;
    let pickedFinal = Number.NaN;
    // The pick is the one bench/policiesSim.ts makes: the trial with the best reported value.
    for (const [i, trial] of trials.entries()) {
      const count = counts[i] ?? 0;
      epochs += count;
      if (count < trial.curve.length) stopped += 1;
      for (const value of trial.curve.slice(0, count)) {
        if (value < best) {
          best = value;
          pickedFinal = trial.final;
        }
      }
    }
    return { epochs, pickedFinal, stopped };
  });
}
