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
 * Cost: one hyperparameter fit per call (on at most MODEL_ROWS references) and one small
 * posterior per distinct stopping step.
 *
 * Deterministic: a function of the history and the features (references in sequence order, no
 * random draws).
 */
import type { Goal } from '../../spec/model';
import type { HistoryEntry } from '../sampler';
import { curveOf as bestSoFarCurve, lastOf, type Curve as BaseCurve } from './curveAware';
import type { FeatureLayout } from './features';
import { fitHyperparameters, GpPosterior } from './gp';

/** Least number of references before a stopped trial is estimated (as curveAware.ts). */
export const MIN_CORRECTION_REFERENCES = 3;
/**
 * Most references the GP conditions on (the latest). Improvements are a smooth, secondary signal:
 * 64 rows resolve them, and keep a posterior per stopping step cheap (median stopping stops
 * trials at dozens of different steps).
 */
const MODEL_ROWS = 64;

/** How the model sees a configuration: the sampler's feature layout and features. */
export interface ConfigurationFeatures {
  readonly layout: FeatureLayout;
  /** The configuration's features, or undefined when it no longer fits the space. */
  readonly featuresOf: (entry: HistoryEntry) => Float64Array | undefined;
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
  // One hyperparameter fit per call, on the earliest stopping step's references (the most, and
  // the broadest view; later-stopped trials count there at their best so far, as nothing is
  // estimated yet); every step then only conditions on its own references.
  const earliest = stoppedSteps[stoppedSteps.length - 1];
  const widest = earliest === undefined ? undefined : standardised(model.layout.width, referencesAt(earliest));
  if (widest === undefined || widest.n < MIN_CORRECTION_REFERENCES) return estimates;
  const hyperparameters = fitHyperparameters(model.layout, widest.x, widest.y, widest.n);
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
