/**
 * What a running sweep tells its audience (CLI progress, VS Code tree, dashboard): every journal
 * event, after it is durable, with the state it produced; plus the policy checks that let a trial
 * continue, which are shown live but not journaled (only stops and skipped checks are).
 */
import type { JournalEvent } from '../journal/events';
import type { SweepState } from '../journal/state';
import type { PolicyExplanation } from '../policies/explanation';

export interface SweepRunnerListener {
  /** A journal event was written and applied; `state` is the live state (do not mutate). */
  event?(event: JournalEvent, state: SweepState): void;
  /** A policy checked a trial and let it continue. */
  policyContinue?(explanation: PolicyExplanation): void;
  /** Something went wrong that the runner handled (e.g. a trial output callback failed). */
  problem?(message: string): void;
}
