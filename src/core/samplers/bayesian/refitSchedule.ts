/**
 * Amortised hyperparameter fitting that keeps the sampler a pure function of (space, seed, history).
 *
 * Fitting the GP's hyperparameters was half of a proposal's CPU time, and they change little from
 * one trial to the next once there are a few dozen. So they are fitted only at scheduled
 * observation counts: every count up to REFIT_EVERY_UNTIL, then each REFIT_GROWTH further (…, 63,
 * 64, 70, 77, 84, 92, 101, 111, 122, …). With m observations the hyperparameters are those
 * fitted on the scheduled data set of S = refitPoint(m): the first S observations by proposal
 * order, on their own log-target scale, through a FIT_POINTS subset drawn from stream (seed, S).
 * That set is a function of the current history alone, so a fresh sampler (a resumed sweep)
 * computes the very same hyperparameters. The posterior itself still conditions on every
 * observation (surrogate.ts); only the hyperparameters lag by at most one schedule step.
 *
 * The memo is keyed by exactly the rows the fit sees (configuration and target), so it can only
 * save work, never change a result: a history whose scheduled rows differ in anything misses it.
 */
import { paramsKey } from '../../space/encoding';
import type { Params } from '../../spec/model';
import type { HistoryEntry } from '../sampler';
import type { FeatureLayout } from './features';
import { FastRandom } from './fastRandom';
import { fitHyperparameters, type GpHyperparameters } from './gp';
import { logTargets } from './observations';
import { FitMemo, schedulePoint } from './amortisedFits';
import { chooseSubset, FIT_POINTS, standardise } from './surrogate';

/**
 * Up to this many observations the hyperparameters are refitted on every new one: FIT_POINTS,
 * while the fit still sees every observation. Refitting only every 10 % from 20 on cost Hartmann-6
 * (10 seeds) 0.159 instead of 0.129 median regret at 50 trials and 3 seeds stuck at 300 instead of 1.
 */
export const REFIT_EVERY_UNTIL = FIT_POINTS;
/** Past it, the next refit comes after this fraction more observations. */
export const REFIT_GROWTH = 0.1;
/** Random streams at and above this number draw fitting subsets (bayesian.ts uses 2^48 + m). */
const FIT_STREAM_BASE = 2 ** 49;
/** Fits remembered: the current schedule point's and a few others (concurrent sweeps' histories). */
const MEMO_SIZE = 8;

/** The largest scheduled observation count ≤ `count`. */
export function refitPoint(count: number): number {
  return schedulePoint(count, REFIT_EVERY_UNTIL, REFIT_GROWTH);
}

/** An observation as readObservations gives it. */
export interface FitObservation {
  readonly entry: HistoryEntry;
  readonly value: number;
}

/** Proposal order: prior trials (another sweep's) first, then by sequence; ties by configuration. */
function proposalOrder(a: FitObservation, b: FitObservation): number {
  const priorA = a.entry.origin === 'prior' ? 0 : 1;
  const priorB = b.entry.origin === 'prior' ? 0 : 1;
  if (priorA !== priorB) return priorA - priorB;
  if (a.entry.sequence !== b.entry.sequence) return a.entry.sequence - b.entry.sequence;
  // Rare (prior trials share sequences with the sweep's): keys only here, they cost.
  const keyA = paramsKey(a.entry.params);
  const keyB = paramsKey(b.entry.params);
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  return a.value - b.value;
}

/** Hyperparameters on the refit schedule, remembered by the exact data they were fitted on. */
export class HyperparameterMemo {
  private readonly fits = new FitMemo(MEMO_SIZE);

  /**
   * `featuresOf` encodes a configuration, undefined when it no longer fits the space; `keyOf` is
   * `paramsKey` or a cache of it (configurationKeys.ts).
   */
  constructor(
    private readonly layout: FeatureLayout,
    private readonly seed: number,
    private readonly featuresOf: (params: Params) => Float64Array | undefined,
    private readonly keyOf: (params: Params) => string = paramsKey,
  ) {}

  /** The hyperparameters for the observations `observed` (undefined with fewer than 2 usable). */
  hyperparameters(observed: readonly FitObservation[]): GpHyperparameters | undefined {
    const scheduled = refitPoint(observed.length);
    const rows = [...observed].sort(proposalOrder).slice(0, scheduled);
    const targets = logTargets(rows.map((r) => r.value));
    // Only the chosen rows are encoded (encoding 1,000 configurations costs tens of ms); one that
    // no longer fits the space (an edited spec) is left out of the fit.
    const chosen = chooseSubset(targets, FIT_POINTS, new FastRandom(this.seed, FIT_STREAM_BASE + scheduled)).flatMap((i) => {
      const row = rows[i];
      const features = row === undefined ? undefined : this.featuresOf(row.entry.params);
      return row === undefined || features === undefined ? [] : [{ key: this.keyOf(row.entry.params), features, target: targets[i] ?? 0 }];
    });
    if (chosen.length < 2) return undefined;
    // Exact decimal forms: two targets that differ in the last bit are two keys.
    const memoKey = chosen.map((row) => `${row.key}\u0000${row.target}`).join('\u0001');
    return this.fits.remember(memoKey, () => {
      const width = this.layout.width;
      const features = new Float64Array(chosen.length * width);
      chosen.forEach((row, i) => features.set(row.features, i * width));
      // Re-standardised: a best-heavy subset has a lower mean than the whole.
      return fitHyperparameters(this.layout, features, standardise(Float64Array.from(chosen, (row) => row.target)), chosen.length);
    });
  }
}
