/**
 * Curve-aware values for early-stopped trials that depend on the configuration: how much a trial
 * stopped after s reports would still have improved is read from a Gaussian process, over the
 * configuration, of how much the trials that went beyond s improved after s.
 *
 * For each distinct stopping step s (from the last to the first, as in curveAware.ts), the
 * references are the trials that reported beyond s; each gives (its features, its best so far at
 * s minus its final), where a final is a completed trial's best and a later-stopped trial's own
 * estimate. The GP (the sampler's Matérn ARD GP, gp.ts, on standardised improvements) predicts the
 * improvement at a stopped trial's configuration; its estimate is its best so far minus that,
 * never worse than its best so far. Why: quantile mapping (curveAware.ts) applies the correction of
 * the reference of the same rank, whatever its configuration, so when how fast a curve falls
 * depends on the configuration (a large learning rate leads early and ends worse) it reads every
 * slow learner as if it learned like the fast ones that were promoted.
 *
 * Cost: one small posterior per distinct stopping step, and a hyperparameter fit only when the
 * fitting references change: the fit sees the first S references of the earliest stopping step in
 * sequence order (the latest MODEL_ROWS of them), S on a schedule (`scheduledReferences`, every
 * count up to SCHEDULE_EVERY_UNTIL, then every 10 % more), and is remembered by exactly those rows
 * (`CorrectionFits`). Refitting on every call was about 17 ms of every proposal at 100 trials
 * stopped by ASHA; like the sampler's own refit schedule (refitSchedule.ts), the rows are a
 * function of the history alone, so a fresh sampler (a resumed sweep) fits the very same.
 *
 * Deterministic: a function of the history and the features (references in sequence order, no
 * random draws).
 */
import type { Goal } from '../../spec/model';
import type { HistoryEntry } from '../sampler';
import { curveOf as bestSoFarCurve, lastOf, type Curve as BaseCurve } from './curveAware';
import type { FeatureLayout } from './features';
import { fitHyperparameters, GpPosterior, type GpHyperparameters } from './gp';
import { FitMemo, schedulePoint } from './amortisedFits';

/** Least number of references before a stopped trial is estimated (as curveAware.ts). */
export const MIN_CORRECTION_REFERENCES = 3;
/**
 * Most references the GP conditions on (the latest). Improvements are a smooth, secondary signal:
 * 64 rows resolve them, and keep a posterior per stopping step cheap (median stopping stops
 * trials at dozens of different steps).
 */
const MODEL_ROWS = 64;

/** Up to this many fitting references the fit sees every new one; past it, every 10 % more. */
const SCHEDULE_EVERY_UNTIL = 10;
const SCHEDULE_GROWTH = 0.1;
/** Fits remembered (one sweep needs one; a few for callers that alternate histories). */
const MEMO_SIZE = 8;

/** The largest scheduled reference count ≤ `count`: every count to 10, then 11, 12, …, 19, 20, 22, 24, … */
export function scheduledReferences(count: number): number {
  return schedulePoint(count, SCHEDULE_EVERY_UNTIL, SCHEDULE_GROWTH);
}

/**
 * Correction hyperparameters remembered by exactly the rows they were fitted on (features and
 * standardised targets, bit for bit), so the memo can only save work, never change an estimate.
 */
export class CorrectionFits {
  private readonly memo = new FitMemo(MEMO_SIZE);

  /** Fits actually run (not answered from the memo). */
  get fitsComputed(): number {
    return this.memo.fitsComputed;
  }

  /** MAP hyperparameters for rows `x` (n × layout.width) and targets `y`. */
  fit(layout: FeatureLayout, x: Float64Array, y: Float64Array, n: number): GpHyperparameters {
    // Exact decimal forms: two rows that differ in the last bit are two keys.
    return this.memo.remember(`${n}|${x.join(',')}|${y.join(',')}`, () => fitHyperparameters(layout, x, y, n));
  }
}

/** How the model sees a configuration: the sampler's feature layout and features. */
export interface ConfigurationFeatures {
  readonly layout: FeatureLayout;
  /** The configuration's features, or undefined when it no longer fits the space. */
  readonly featuresOf: (entry: HistoryEntry) => Float64Array | undefined;
  /** Where fits are remembered across calls (the sampler keeps one); without it every call fits. */
  readonly fits?: CorrectionFits;
}

interface Curve extends BaseCurve {
  readonly features: Float64Array;
}

function curveOf(entry: HistoryEntry, goal: Goal, model: ConfigurationFeatures): Curve | undefined {
  const curve = bestSoFarCurve(entry, goal);
  if (curve === undefined) return undefined;
  const features = model.featuresOf(entry);
  return features === undefined ? undefined : { ...curve, features };
}

/** Rows standardised for the GP: features, z-scored values, and the scale to read predictions back. */
interface Standardised {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/** The latest MODEL_ROWS of `rows` (they come in sequence order), standardised. */
function standardised(width: number, rows: readonly { features: Float64Array; value: number }[]): Standardised {
  const used = rows.slice(-MODEL_ROWS);
  const n = used.length;
  let mean = 0;
  for (const row of used) mean += row.value / n;
  let variance = 0;
  for (const row of used) variance += (row.value - mean) ** 2 / n;
  const sd = variance > 1e-14 ? Math.sqrt(variance) : 1;
  const x = new Float64Array(n * width);
  const y = new Float64Array(n);
  used.forEach((row, i) => {
    x.set(row.features, i * width);
    y[i] = (row.value - mean) / sd;
  });
  return { x, y, n, mean, sd };
}

/**
 * Estimated full-training values (oriented to minimisation) of the stopped trials in `history`
 * with at least MIN_CORRECTION_REFERENCES references; others are absent from the map.
 */
export function estimateByConfiguration(history: readonly HistoryEntry[], goal: Goal, model: ConfigurationFeatures): Map<HistoryEntry, number> {
  const estimates = new Map<HistoryEntry, number>();
  // Encoding every configuration is most of a fresh sampler's first call at 1,000 trials: done only
  // when some trial was stopped, which a sweep without early termination never has.
  if (!history.some((entry) => entry.state === 'canceled' && entry.origin !== 'prior' && entry.primary.some(Number.isFinite))) return estimates;
  const curves = history.flatMap((entry) => curveOf(entry, goal, model) ?? []).sort((a, b) => a.entry.sequence - b.entry.sequence);
  const stoppedSteps = [...new Set(curves.filter((c) => c.stopped).map((c) => c.bestSoFar.length))].sort((a, b) => b - a);
  const finalOf = (curve: Curve): number => (curve.stopped ? estimates.get(curve.entry) : undefined) ?? lastOf(curve.bestSoFar);
  const referencesAt = (step: number): { features: Float64Array; value: number }[] => curves.flatMap((curve) => {
    const atStep = curve.bestSoFar[step - 1] ?? Number.NaN;
    return curve.bestSoFar.length > step && !Number.isNaN(atStep) ? [{ features: curve.features, value: atStep - finalOf(curve) }] : [];
  });
  // One hyperparameter fit, on the earliest stopping step's references (the most, and the
  // broadest view; later-stopped trials count there at their best so far, as nothing is estimated
  // yet), the first of them on the schedule; every step then only conditions on its own references.
  const earliest = stoppedSteps[stoppedSteps.length - 1];
  const widestReferences = earliest === undefined ? [] : referencesAt(earliest);
  if (widestReferences.length < MIN_CORRECTION_REFERENCES) return estimates;
  const fitting = standardised(model.layout.width, widestReferences.slice(0, scheduledReferences(widestReferences.length)));
  const hyperparameters = (model.fits ?? new CorrectionFits()).fit(model.layout, fitting.x, fitting.y, fitting.n);
  for (const step of stoppedSteps) {
    const references = standardised(model.layout.width, referencesAt(step));
    if (references.n < MIN_CORRECTION_REFERENCES) continue;
    const posterior = new GpPosterior(model.layout, references.x, references.n, references.y, hyperparameters);
    for (const curve of curves) {
      if (!curve.stopped || curve.bestSoFar.length !== step) continue;
      const reached = lastOf(curve.bestSoFar);
      const improvement = references.mean + references.sd * posterior.predict(curve.features).mean;
      const estimate = reached - Math.max(0, improvement);
      if (Number.isFinite(estimate)) estimates.set(curve.entry, estimate);
    }
  }
  return estimates;
}
