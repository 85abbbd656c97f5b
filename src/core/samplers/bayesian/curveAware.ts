/**
 * Curve-aware values for early-stopped trials: what a stopped trial would have reached had it run
 * as far as the trials that went on, estimated from its partial curve and theirs, by rank alone.
 * The Bayesian sampler reads stopped trials with configCorrection.ts, which also uses where each
 * trial sits in the space (ahead of this rule at equal epochs under ASHA, README "ASHA and
 * Hyperband"); this rule serves callers of readObservations without the configurations' features.
 *
 * Method: empirical quantile mapping across fidelities. A trial stopped after s reports (its
 * best-so-far x at step s) is ranked among the trials that reported beyond s, by their
 * best-so-far at the same step s; it is given the final value that holds the same rank among
 * those trials' finals. This is the rank-preservation assumption successive halving rests on (a
 * configuration's rank at a rung predicts its rank at the end: Jamieson & Talwalkar 2016, Li et
 * al. 2018; BOHB fits per-budget models for the same reason), applied with the quantile-mapping
 * estimator (map the value to its quantile in one distribution, read the other distribution at
 * that quantile; beyond the observed range the correction of the nearest end is kept, as in
 * Boé et al. 2007). It is cheap (a sort per distinct stopping step), deterministic (a function of
 * the history alone) and needs no extra model: the Gaussian process then sees every trial on the
 * scale of full training instead of stopped trials looking as bad as their early epochs.
 *
 * Rules:
 * - Steps are report indices (rung r is a trial's r-th report, as for the policies); values are
 *   the counted ones the runner passes (reported before a stop decision).
 * - A stopped trial is a canceled one with at least one finite value. Trials that went beyond its
 *   step are its references: completed trials at their best value, and trials stopped later at
 *   their own estimate (stopping steps are processed from the last to the first).
 * - Fewer than MIN_REFERENCES references: no estimate; the caller keeps the best-so-far rule.
 * - An estimate is never worse than the trial's best so far (a longer run only adds values).
 * - Prior trials (another sweep's, `run --warm-start`) carry one summary value, not a curve:
 *   they are neither estimated nor references.
 */
import type { Goal } from '../../spec/model';
import type { HistoryEntry } from '../sampler';

/** Least number of trials that went further before a stopped trial's rank is trusted. */
export const MIN_REFERENCES = 3;

/** A trial with a curve, oriented to minimisation, best-so-far per step. */
export interface Curve {
  readonly entry: HistoryEntry;
  /** bestSoFar[i]: best finite oriented value among reports 0..i; NaN before the first finite one. */
  readonly bestSoFar: Float64Array;
  readonly stopped: boolean;
}

/** The curve of a completed or stopped trial with a finite value; undefined for any other entry (prior trials too). */
export function curveOf(entry: HistoryEntry, goal: Goal): Curve | undefined {
  if (entry.origin === 'prior' || (entry.state !== 'completed' && entry.state !== 'canceled')) return undefined;
  const bestSoFar = new Float64Array(entry.primary.length);
  let best = Number.NaN;
  let anyFinite = false;
  entry.primary.forEach((value, i) => {
    if (Number.isFinite(value)) {
      const oriented = goal === 'minimize' ? value : -value;
      if (!anyFinite || oriented < best) best = oriented;
      anyFinite = true;
    }
    bestSoFar[i] = best;
  });
  return anyFinite ? { entry, bestSoFar, stopped: entry.state === 'canceled' } : undefined;
}

/** The last entry of a best-so-far curve (its best value). */
export function lastOf(values: Float64Array): number {
  return values[values.length - 1] ?? Number.NaN;
}

/**
 * The quantile map from values at one step to final values, built from paired samples
 * (each reference's value at the step and its final). Both sides are sorted on their own; a value
 * is placed among the step values by linear interpolation of ranks (tied values share their
 * mean rank) and read off the finals at that rank.
 */
export function quantileMap(atStep: readonly number[], finals: readonly number[]): (value: number) => number {
  const steps = [...atStep].sort((a, b) => a - b);
  const ends = [...finals].sort((a, b) => a - b);
  // Knots: each distinct step value with the mean rank of its copies.
  const knotValues: number[] = [];
  const knotRanks: number[] = [];
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j + 1 < steps.length && steps[j + 1] === steps[i]) j++;
    knotValues.push(steps[i] ?? 0);
    knotRanks.push((i + j) / 2);
    i = j + 1;
  }
  const finalAt = (rank: number): number => {
    const low = Math.floor(rank);
    const high = Math.min(ends.length - 1, low + 1);
    const lowValue = ends[low] ?? 0;
    return lowValue + (rank - low) * ((ends[high] ?? lowValue) - lowValue);
  };
  const first = 0;
  const last = knotValues.length - 1;
  return (value) => {
    const firstValue = knotValues[first] ?? 0;
    const lastValue = knotValues[last] ?? 0;
    // Outside the references' range: keep the correction (final - step value) of the nearest end.
    if (value < firstValue) return value + (finalAt(knotRanks[first] ?? 0) - firstValue);
    if (value > lastValue) return value + (finalAt(knotRanks[last] ?? 0) - lastValue);
    if (value === lastValue) return finalAt(knotRanks[last] ?? 0);
    let lo = first;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((knotValues[mid] ?? 0) <= value) lo = mid;
      else hi = mid;
    }
    const v0 = knotValues[lo] ?? 0;
    if (value === v0) return finalAt(knotRanks[lo] ?? 0);
    const v1 = knotValues[hi] ?? 0;
    const r0 = knotRanks[lo] ?? 0;
    const r1 = knotRanks[hi] ?? 0;
    return finalAt(r0 + ((value - v0) / (v1 - v0)) * (r1 - r0));
  };
}

/**
 * Estimated full-training values (oriented to minimisation: lower is better) of the stopped
 * trials in `history` that have enough references, by the rules at the top of this file. Trials
 * without an estimate are absent from the map.
 */
export function estimateStoppedFinals(history: readonly HistoryEntry[], goal: Goal): Map<HistoryEntry, number> {
  const estimates = new Map<HistoryEntry, number>();
  const curves = history.flatMap((entry) => curveOf(entry, goal) ?? []);
  const stoppedSteps = [...new Set(curves.filter((c) => c.stopped).map((c) => c.bestSoFar.length))].sort((a, b) => b - a);
  if (stoppedSteps.length === 0) return estimates;
  /** A reference's final: a completed trial's best; a stopped one's estimate, or its best so far. */
  const finalOf = (curve: Curve): number => (curve.stopped ? estimates.get(curve.entry) : undefined) ?? lastOf(curve.bestSoFar);
  for (const step of stoppedSteps) {
    const atStep: number[] = [];
    const finals: number[] = [];
    for (const curve of curves) {
      const value = curve.bestSoFar[step - 1];
      if (curve.bestSoFar.length <= step || value === undefined || Number.isNaN(value)) continue;
      atStep.push(value);
      finals.push(finalOf(curve));
    }
    if (atStep.length < MIN_REFERENCES) continue;
    const toFinal = quantileMap(atStep, finals);
    for (const curve of curves) {
      if (!curve.stopped || curve.bestSoFar.length !== step) continue;
      const reached = lastOf(curve.bestSoFar);
      estimates.set(curve.entry, Math.min(reached, toFinal(reached)));
    }
  }
  return estimates;
}
