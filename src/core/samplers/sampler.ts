/**
 * The one interface every sampler implements (grid, random, Sobol, and the Bayesian sampler to
 * come). A sampler is a pure function of (space, seed, history): it keeps no state between calls
 * that the history does not also carry, so a sweep resumed from a replayed journal proposes
 * exactly what the uninterrupted sweep would have.
 */
import type { Goal, Params, SearchSpace } from '../spec/model';

/** Where a trial stands, as far as a sampler cares. */
export type TrialState = 'pending' | 'running' | 'completed' | 'failed' | 'canceled' | 'skipped';

/** One earlier proposal and what became of it, in proposal order. */
export interface HistoryEntry {
  /** The `sequence` the sampler gave this proposal. */
  readonly sequence: number;
  readonly params: Params;
  /** `skipped`: the runner did not run it (e.g. a duplicate of an earlier trial). */
  readonly state: TrialState;
  /** Primary-metric values in report order (may be empty). NaN/Infinity possible. */
  readonly primary: readonly number[];
  /**
   * Set when the sampler did not propose this configuration: `enqueued` (given with `run
   * --enqueue`, a trial of this sweep) or `prior` (another sweep's trial, `run --warm-start`).
   * Such entries are observations and are never proposed again, but their `sequence` is not the
   * sampler's: the sampler's own sequence continues from its own proposals only.
   */
  readonly origin?: 'enqueued' | 'prior';
}

export interface Proposal {
  /**
   * Position of this proposal in the sampler's own sequence (grid index, Sobol index, random
   * draw number). Strictly increasing across calls; the runner journals it with the trial.
   */
  readonly sequence: number;
  readonly params: Params;
}

export interface ProposeResult {
  /** Up to `count` proposals; fewer only when the space is exhausted. */
  readonly proposals: readonly Proposal[];
  /** True when no proposal will ever follow these ones. */
  readonly exhausted: boolean;
}

export interface SamplerContext {
  readonly space: SearchSpace;
  /** Unsigned 32-bit seed; the runner chooses and records one when the spec has none. */
  readonly seed: number;
  readonly goal: Goal;
}

export interface Sampler {
  /** `grid`, `random`, `sobol`, `bayesian`. */
  readonly name: string;
  /**
   * Propose up to `count` new configurations (several at once for concurrent slots). `history`
   * holds every earlier proposal of this sweep in sequence order, including pending ones, so a
   * sampler never proposes the same point twice for slots it is asked to fill together.
   */
  propose(history: readonly HistoryEntry[], count: number): ProposeResult;
}
