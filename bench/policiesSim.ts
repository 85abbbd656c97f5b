/**
 * Drives an early-termination policy over a simulated sweep, the way the runner does, without
 * processes: `workers` trials run at once, each reports one epoch per tick (in slot order), every
 * report of a running trial is checked by the policy with the whole sweep as `others`, a stop ends
 * the trial at once (nothing after it counts), and a free slot takes the next configuration.
 */
import { createPolicy, type TrialSeries } from '../src/core/policies';
import type { EarlyTermination } from '../src/core/spec/model';
import type { SyntheticTrial } from './policiesCurves';

export interface SimulatedSweep {
  /** Epochs run over all trials (reports that count). */
  readonly epochs: number;
  /** The final value (noise-free, fully trained) of the trial with the best reported value. */
  readonly pickedFinal: number;
  readonly stopped: number;
}

interface Running {
  readonly index: number;
  readonly values: number[];
}

/** One sweep of `trials` with `policy` (none: every trial runs all its epochs). */
export function simulateSweep(trials: readonly SyntheticTrial[], policy: EarlyTermination | undefined, workers: number): SimulatedSweep {
  const decide = policy ? createPolicy(policy) : undefined;
  const series: number[][] = trials.map(() => []);
  const active: Running[] = [];
  let next = 0;
  let stopped = 0;
  const fill = (): void => {
    while (active.length < workers && next < trials.length) {
      active.push({ index: next, values: series[next] ?? [] });
      next += 1;
    }
  };
  fill();
  while (active.length > 0) {
    for (const running of [...active]) {
      const trial = trials[running.index];
      if (!trial) continue;
      running.values.push(trial.curve[running.values.length] ?? Number.NaN);
      const done = running.values.length >= trial.curve.length;
      let stop = false;
      if (decide && !done) {
        const others: TrialSeries[] = [];
        for (let i = 0; i < next; i++) {
          const values = series[i];
          if (i !== running.index && values && values.length > 0) others.push({ id: `sim_${i}`, index: i, primary: values });
        }
        const explanation = decide.evaluate({ trial: { id: `sim_${running.index}`, index: running.index, primary: running.values }, others, goal: 'minimize' });
        stop = explanation?.outcome === 'stop';
      }
      if (stop) stopped += 1;
      if (stop || done) active.splice(active.indexOf(running), 1);
    }
    fill();
  }
  let epochs = 0;
  let best = Number.POSITIVE_INFINITY;
  let pickedFinal = Number.NaN;
  for (const [i, values] of series.entries()) {
    epochs += values.length;
    for (const value of values) {
      if (value < best) {
        best = value;
        pickedFinal = trials[i]?.final ?? Number.NaN;
      }
    }
  }
  return { epochs, pickedFinal, stopped };
}
