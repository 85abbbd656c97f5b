/**
 * What the model learns from the history, and the documented rules for every trial state:
 * - completed with at least one finite primary value: observed at its BEST finite value (lowest
 *   when minimising, highest when maximising), as Azure ML uses each trial's best value;
 * - canceled (an early-terminated trial is canceled by its policy) with at least one finite
 *   value: observed at the value it would have reached fully trained, estimated from its partial
 *   curve and how much the trials around it that went further improved after its last step
 *   (configCorrection.ts; a caller without the configurations' features gets the rank rule of
 *   curveAware.ts instead); when fewer than 3 trials went further, at its best value so far
 *   (which understates how good the configuration would have become, the conservative direction);
 * - failed: imputed as the WORST observed value (a configuration that crashes, diverges or runs
 *   out of memory is one to steer away from, not one to retry nearby); the same for a trial whose
 *   reports are all NaN or ±Infinity (a diverged loss);
 * - completed or canceled without any report (never reported: a script that does not log the
 *   metric, or a trial canceled before its first report): excluded from the model;
 * - pending and running (even with intermediate reports, which are biased towards early epochs):
 *   pending, fantasised at the model's mean (the Kriging believer) so that concurrent proposals
 *   spread out;
 * - skipped (the runner did not run it): only kept so it is never proposed again.
 * Observations are then oriented to minimisation and put on a log scale (`logTargets`).
 */
import type { Goal } from '../../spec/model';
import type { HistoryEntry } from '../sampler';
import { estimateStoppedFinals } from './curveAware';
import { estimateByConfiguration, type ConfigurationFeatures } from './configCorrection';

/** The history split the way the model needs it. */
export interface Observations {
  /** Entries with a value for the model, and that value oriented to minimisation (raw scale). */
  readonly observed: { readonly entry: HistoryEntry; readonly value: number }[];
  /** Entries still running or queued. */
  readonly pending: HistoryEntry[];
}

function bestFinite(values: readonly number[], goal: Goal): number | undefined {
  let best: number | undefined;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    const oriented = goal === 'minimize' ? value : -value;
    if (best === undefined || oriented < best) best = oriented;
  }
  return best;
}

/**
 * Splits `history` into observed and pending entries by the rules at the top of this file;
 * `configuration` (the sampler's features of a configuration) lets stopped trials be read from
 * the trials around them.
 */
export function readObservations(history: readonly HistoryEntry[], goal: Goal, configuration?: ConfigurationFeatures): Observations {
  const observed: { entry: HistoryEntry; value: number }[] = [];
  const pending: HistoryEntry[] = [];
  const penalised: HistoryEntry[] = [];
  // Stopped trials at their estimated fully-trained value, where enough trials went further
  // (configCorrection.ts, or curveAware.ts without features); any trial absent from this map is
  // observed at its best value so far.
  const stoppedFinals = configuration !== undefined ? estimateByConfiguration(history, goal, configuration) : estimateStoppedFinals(history, goal);
  for (const entry of history) {
    switch (entry.state) {
      case 'pending':
      case 'running':
        pending.push(entry);
        break;
      case 'completed':
      case 'canceled': {
        const best = stoppedFinals.get(entry) ?? bestFinite(entry.primary, goal);
        if (best !== undefined) observed.push({ entry, value: best });
        else if (entry.primary.length > 0) penalised.push(entry);
        break;
      }
      case 'failed':
        penalised.push(entry);
        break;
      case 'skipped':
        break;
    }
  }
  if (observed.length > 0) {
    let worst = -Infinity;
    for (const o of observed) worst = Math.max(worst, o.value);
    for (const entry of penalised) observed.push({ entry, value: worst });
  }
  return { observed, pending };
}

/**
 * Model targets for values oriented to minimisation: z-scores of log(v − min + δ), with δ the
 * distance from the best to the median value (1e-12 at least). Metrics are often heavy-tailed
 * (a diverged run, a Rosenbrock valley wall): on the raw scale a few huge values would set the
 * whole model, while the log scale keeps the good region resolved. δ keeps the best point from
 * becoming an outlier at log(0), and scales with the data, so the transform is unit-free.
 * Monotone increasing, so minimising the target minimises the metric.
 */
export function logTargets(values: readonly number[]): Float64Array {
  const n = values.length;
  if (n === 0) return new Float64Array(0);
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0] ?? 0;
  const median = sorted[Math.floor(n / 2)] ?? min;
  const delta = Math.max(median - min, 1e-12 * Math.max(1, Math.abs(min)));
  const logs = values.map((v) => Math.log(v - min + delta));
  let mean = 0;
  for (const v of logs) mean += v / n;
  let variance = 0;
  for (const v of logs) variance += (v - mean) ** 2 / n;
  // Values equal up to rounding carry no ranking: a near-zero sd would only amplify the noise.
  const sd = Math.sqrt(variance) > 1e-7 * Math.max(1, Math.abs(mean)) ? Math.sqrt(variance) : 1;
  return Float64Array.from(logs, (v) => (v - mean) / sd);
}
