/**
 * What an early-termination policy decided for one trial at one interval, with every number it
 * used, so the CLI, the journal and the dashboard can say exactly why a trial stopped (or why a
 * check was skipped). Shared by the policies (which produce it) and the journal (which stores it).
 */
import type { Goal } from '../spec/model';

export type PolicyType = 'bandit' | 'median_stopping' | 'truncation_selection' | 'asha' | 'hyperband';

export interface PolicyExplanation {
  readonly policy: PolicyType;
  readonly trialId: string;
  /** The trial's interval (1-based count of primary-metric reports) at which it was checked. */
  readonly interval: number;
  readonly goal: Goal;
  /** `stop`: the trial is canceled; `continue`: it passed; `skip`: the rule could not apply. */
  readonly outcome: 'stop' | 'continue' | 'skip';
  /** The trial's compared value: its best-so-far primary value at `interval`. */
  readonly value: number;
  /**
   * The reference value(s): bandit's best B, median stopping's median M, truncation's cut-off
   * value (the worst value kept). Named so the sentence can say what each is.
   */
  readonly reference: Readonly<Record<string, number>>;
  /** The value past which the trial stops (bandit: B/(1+s) or B-a; median: M; truncation: cut value). */
  readonly threshold: number;
  /** Number of other trials compared with (the population at `interval`). */
  readonly populationSize: number;
  /**
   * Truncation selection only: the trial's worst-first rank (ties count in its favour) among
   * `count` trials (the population plus itself), and how many of the worst are cut.
   */
  readonly ranking?: { readonly rank: number; readonly count: number; readonly cut: number };
  /**
   * ASHA and Hyperband only: the rung the trial was judged at (in primary-metric reports), the
   * rungs of its bracket, its best-first rank (ties count in its favour) among `count` trials of
   * the bracket that reached the rung (itself included), and how many of them are promoted.
   */
  readonly rung?: RungDecision;
  /** One readable sentence with the numbers, e.g. `trial_7 stopped at interval 5: best 0.61 < 0.8 / (1 + 0.2) = 0.667 (bandit, compared with 6 trials)`. */
  readonly summary: string;
}

/** Where an ASHA or Hyperband decision was taken and how the trial ranked there. */
export interface RungDecision {
  /** The rung's resource: the number of primary-metric reports it stands for. */
  readonly resource: number;
  /** 0-based bracket; bracket b's first rung is min_resource * eta^b. */
  readonly bracket: number;
  readonly brackets: number;
  /** The bracket's rungs below max_resource, in increasing order. */
  readonly rungs: readonly number[];
  readonly rank: number;
  readonly count: number;
  /** max(1, floor(count / reduction_factor)): the trials of the rung that go on. */
  readonly promoted: number;
}
