/**
 * The state of a sweep as derived from its journal. Every view (CLI status, VS Code tree,
 * dashboard, export) and the resuming runner read this, never the journal lines directly.
 * Plain data only (no Maps or classes), so it can be sent to a webview or printed as JSON;
 * note that JSON turns NaN/Infinity metric values into null.
 */
import type { Placement, TrialHandle } from '../launchers/launcher';
import type { PolicyExplanation } from '../policies/explanation';
import type { Params } from '../spec/model';
import type { CancelReason, CancelRequester, MetricSource, PriorTrial, RerunReason, SweepCreatedEvent, SweepEndReason, TerminalStatus, TrialOrigin } from './events';

/** `Interrupted`: the runner died while the trial ran; a resume runs it again. */
export type TrialStatus = 'Queued' | 'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Interrupted';

/** One reported metric value. */
export interface MetricPoint {
  readonly step: number;
  /** As reported; may be NaN or ±Infinity. */
  readonly value: number;
  /** When the trial measured it, epoch ms. */
  readonly time: number;
  readonly source: MetricSource;
  /** Reported after the stop decision for its attempt: shown, never counted (see MetricEvent.afterStop). */
  readonly afterStop?: true;
}

/** Everything known about one trial. */
export interface TrialRecord {
  readonly id: string;
  readonly index: number;
  readonly sequence: number;
  readonly params: Params;
  /** The trial whose parameters this one repeats (a user-requested re-run). */
  readonly rerunOf?: string;
  /** Set when the runner made this re-run itself (its source's host was lost). */
  readonly rerunReason?: RerunReason;
  /** `enqueued`: one of the configurations given with `run --enqueue`. */
  readonly origin?: TrialOrigin;
  status: TrialStatus;
  /** Why it was canceled. */
  reason?: CancelReason;
  /** Attempts started (a trial interrupted by a runner crash is attempted again). */
  attempts: number;
  /**
   * Metric series by name, in report order, for the current attempt: a re-run after an
   * interruption starts from scratch, so its intervals are counted afresh.
   */
  metrics: Record<string, MetricPoint[]>;
  /** The primary metric's series (also in `metrics`); its length is the trial's interval count. */
  primary: MetricPoint[];
  /**
   * Best finite primary value reported before the stop decision, goal aware; undefined when there
   * is none (NaN/Inf and after-stop values never count).
   */
  bestPrimary?: number;
  /**
   * Set once a stop of the current attempt was decided (by the policy, the user or a limit): every
   * value it reports from then on is after-stop.
   */
  stopDecided?: true;
  /** Params and tags the trial logged itself (MLflow). */
  loggedParams: Record<string, string>;
  tags: Record<string, string>;
  exitCode: number | null;
  signal: string | null;
  pid?: number;
  /**
   * How the current attempt was launched (from its trial-started event): what to show as its
   * command, and the process start time that tells its process from a recycled pid on resume.
   */
  launch?: { readonly argv: readonly string[]; readonly cwd: string; readonly processStartTime: number | null };
  target?: string;
  /** Where the current attempt runs or ran (host, GPUs, snapshot); from its trial-started event. */
  placement?: Placement;
  /** How a later runner finds the current attempt again (remote targets); from its trial-started event. */
  handle?: TrialHandle;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  /** The latest early-termination check of this trial. */
  lastPolicy?: PolicyExplanation;
  note?: string;
}

/** A proposal the runner did not run. */
export interface SkippedProposal {
  readonly sequence: number;
  readonly params: Params;
  readonly reason: 'duplicate';
  readonly duplicateOf: string;
  readonly time: number;
}

/** What the `sweep-created` event fixed for the sweep's lifetime: its fields, without the line's own. */
export type SweepInfo = Omit<SweepCreatedEvent, 'v' | 't' | 'type'>;

/** `NotStarted`: created but no runner has started; `Running`: the last runner has not ended it. */
export type SweepStatus = 'NotStarted' | 'Running' | TerminalStatus;

/** A runner process that took charge of the sweep. */
export interface RunnerRecord {
  readonly pid: number;
  readonly host: string;
  readonly resume: boolean;
  readonly time: number;
}

/** A journal event that does not fit the state (e.g. a metric for an unknown trial): skipped. */
export interface ReplayProblem {
  /** 0-based position of the event in the replayed sequence. */
  readonly eventIndex: number;
  readonly message: string;
}

/** One `hypersweep extend`: what the sweep was before it, and what it got. */
export interface SweepExtension {
  readonly addTrials: number;
  readonly maxTotalTrials: number;
  readonly previousMaxTotalTrials: number;
  /** Seconds of the fresh timeout window, when one applies. */
  readonly timeout?: number;
  /** The outcome the sweep had when it was extended (kept: the extension does not rewrite it). */
  readonly previousStatus: SweepStatus;
  readonly previousReason?: SweepEndReason;
  /** Trials (re-runs included) the sweep had when it was extended. */
  readonly trialsBefore: number;
  readonly time: number;
}

/** The whole sweep. */
export interface SweepState {
  /** Undefined until the `sweep-created` event (a journal cut before it). */
  info?: SweepInfo;
  status: SweepStatus;
  endReason?: SweepEndReason;
  endMessage?: string;
  createdAt?: number;
  startedAt?: number;
  endedAt?: number;
  runners: RunnerRecord[];
  cancelRequested?: { readonly by: CancelRequester; readonly time: number };
  /** In index order. */
  trials: TrialRecord[];
  skipped: SkippedProposal[];
  policyDecisions: PolicyExplanation[];
  warnings: { readonly message: string; readonly trialId?: string; readonly time: number }[];
  /** Configurations given with `run --enqueue`, in order (the first ones become trials first). */
  enqueued?: { readonly source: string; readonly configs: readonly Params[] };
  /** Another sweep's trials the sampler starts from (`run --warm-start`): prior, not trials of this sweep. */
  priors?: { readonly source: string; readonly summary: string; readonly trials: readonly PriorTrial[]; readonly time: number };
  /** `hypersweep extend` calls, in order. */
  extensions?: SweepExtension[];
  /** Best trial per decisions.md; undefined when no eligible trial has a finite primary value. */
  bestTrialId?: string;
  problems: ReplayProblem[];
  /** Number of events applied (for problem positions and followers). */
  eventCount: number;
}

/** A state with nothing applied yet. */
export function emptySweepState(): SweepState {
  return {
    status: 'NotStarted',
    runners: [],
    trials: [],
    skipped: [],
    policyDecisions: [],
    warnings: [],
    problems: [],
    eventCount: 0,
  };
}
