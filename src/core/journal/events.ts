/**
 * The sweep journal's event vocabulary. A journal (`journal.jsonl`) is an append-only file where
 * each line is one of these events as a JSON object `{"v":1,"type":...,"t":<epoch ms>,...}`.
 * Every view of a sweep (CLI status, VS Code tree, dashboard, resume) is derived by replaying
 * these events in order, so each event carries everything needed to rebuild the state it changes.
 *
 * Non-finite numbers (NaN, ±Infinity) have no JSON form; the codec (`codec.ts`) writes them as the
 * strings "NaN", "Infinity", "-Infinity" and reads them back as numbers wherever a field is
 * numeric.
 */
import type { Placement, TrialHandle } from '../launchers/launcher';
import type { PolicyExplanation } from '../policies/explanation';
import type { EarlyTermination, Goal, Limits, Params } from '../spec/model';
import type { TargetDefinition } from '../targets/model';

/** Version of the line format; a reader refuses lines with a version it does not know. */
export const JOURNAL_FORMAT_VERSION = 1;

/** Fields every event line carries. */
export interface EventBase {
  readonly v: typeof JOURNAL_FORMAT_VERSION;
  /** When the event happened, epoch milliseconds. */
  readonly t: number;
}

/** First event of a journal: what was run and with which settings. */
export interface SweepCreatedEvent extends EventBase {
  readonly type: 'sweep-created';
  readonly name: string;
  /** Path of the spec file the user ran (a copy as run is `spec.yaml` in the sweep folder). */
  readonly specPath: string;
  /** Hex SHA-256 of the spec text as run, so a resume can tell whether the file changed. */
  readonly specHash: string;
  /** `grid`, `random`, `sobol`, `bayesian`. */
  readonly sampler: string;
  /** The seed actually used (chosen and recorded when the spec gives none). */
  readonly seed: number;
  readonly goal: Goal;
  readonly primaryMetric: string;
  readonly limits: Limits;
  /** The early-termination policy, or null when the spec has none. */
  readonly policy: EarlyTermination | null;
  readonly hypersweepVersion: string;
  /**
   * The execution target as resolved when the sweep was created (absent in journals written before
   * targets existed: those ran locally). `resume` runs on this definition even if the targets file
   * changed since.
   */
  readonly target?: TargetDefinition;
}

/** A runner process took charge of the sweep (first run, or a resume after a crash or stop). */
export interface RunnerStartedEvent extends EventBase {
  readonly type: 'runner-started';
  readonly pid: number;
  readonly host: string;
  readonly resume: boolean;
}

/** The sampler proposed a configuration and the runner made it a trial. */
export interface TrialCreatedEvent extends EventBase {
  readonly type: 'trial-created';
  /** `<sweep name>_<index>`. */
  readonly trialId: string;
  /** 0-based, in creation order. */
  readonly index: number;
  /** The sampler's `sequence` for this proposal. */
  readonly sequence: number;
  readonly params: Params;
  /**
   * Set when the user asked to run an earlier trial's parameters again as a new trial. (A trial
   * interrupted by a runner crash is not a new trial: it gets a new attempt of the same id.)
   */
  readonly rerunOf?: string;
  /**
   * Why the re-run was made: absent for a user's request; `host_failure` when the runner re-ran
   * the parameters of a trial whose host was lost (such a re-run is never re-run again).
   */
  readonly rerunReason?: RerunReason;
  /**
   * `enqueued`: the configuration came from `run --enqueue` (its `sequence` is its position in that
   * list), not from the sampler, so the sampler's own sequence does not move on.
   */
  readonly origin?: TrialOrigin;
}

/** Where a trial's configuration came from when not from the sampler (re-runs have `rerunOf`). */
export type TrialOrigin = 'enqueued';
export const TRIAL_ORIGINS: readonly TrialOrigin[] = ['enqueued'];

export type RerunReason = 'host_failure';
export const RERUN_REASONS: readonly RerunReason[] = ['host_failure'];

/** The sampler proposed a configuration the runner chose not to run. */
export interface ProposalSkippedEvent extends EventBase {
  readonly type: 'proposal-skipped';
  readonly sequence: number;
  readonly params: Params;
  readonly reason: 'duplicate';
  /** The trial that already has these parameters. */
  readonly duplicateOf: string;
}

/** A trial's process was launched (attempt 1, or a later attempt after an interruption). */
export interface TrialStartedEvent extends EventBase {
  readonly type: 'trial-started';
  readonly trialId: string;
  /** 1-based. */
  readonly attempt: number;
  readonly pid: number;
  /**
   * The process's start time (epoch ms) as the operating system reports it, so a resume can tell
   * a live trial from an unrelated process that reused the pid; null where it cannot be read.
   */
  readonly processStartTime: number | null;
  /** Name of the execution target (`local` or a configured target). */
  readonly target: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Where this attempt runs (host, GPUs, snapshot), as the launcher reported it. */
  readonly placement?: Placement;
  /** How a later runner finds this attempt again (remote targets), as the launcher reported it. */
  readonly handle?: TrialHandle;
}

export type MetricSource = 'stdout' | 'mlflow';

/** One metric value reported by a trial. */
export interface MetricEvent extends EventBase {
  readonly type: 'metric';
  readonly trialId: string;
  readonly name: string;
  /** May be NaN or ±Infinity: recorded as reported, never chosen as best. */
  readonly value: number;
  readonly step: number;
  /** When the trial says it measured the value (epoch ms); `t` is when it was journaled. */
  readonly timestamp: number;
  readonly source: MetricSource;
  /**
   * Set on a value the trial reported after the runner decided to stop it (policy, user, limit):
   * kept, shown greyed, but counted nowhere (best value, policy populations, leaderboard,
   * sampler). Absent in older journals, where replay still treats values after a journaled stop
   * decision (policy-decision `stop`, cancel-requested) as after-stop.
   */
  readonly afterStop?: true;
}

/** A parameter logged by the trial itself (e.g. `mlflow.log_param`). */
export interface ParamEvent extends EventBase {
  readonly type: 'param';
  readonly trialId: string;
  readonly key: string;
  readonly value: string;
}

/** A tag set by the trial itself (e.g. `mlflow.set_tag`). */
export interface TagEvent extends EventBase {
  readonly type: 'tag';
  readonly trialId: string;
  readonly key: string;
  readonly value: string;
}

/** An early-termination policy checked a trial; written before the trial is stopped. */
export interface PolicyDecisionEvent extends EventBase {
  readonly type: 'policy-decision';
  readonly explanation: PolicyExplanation;
}

export type TerminalStatus = 'Completed' | 'Failed' | 'Canceled';

/** Why a trial was canceled (decisions.md, Early termination). */
export type CancelReason = 'early_termination' | 'trial_timeout' | 'sweep_timeout' | 'user' | 'max_total_trials';

export const TERMINAL_STATUSES: readonly TerminalStatus[] = ['Completed', 'Failed', 'Canceled'];
export const CANCEL_REASONS: readonly CancelReason[] = [
  'early_termination', 'trial_timeout', 'sweep_timeout', 'user', 'max_total_trials',
];

/** A trial's attempt finished. */
export interface TrialEndedEvent extends EventBase {
  readonly type: 'trial-ended';
  readonly trialId: string;
  readonly attempt: number;
  readonly status: TerminalStatus;
  /** Set when `status` is `Canceled`. */
  readonly reason?: CancelReason;
  /** Null when the process was ended by a signal or its code is unknown. */
  readonly exitCode: number | null;
  /** e.g. `SIGTERM`; null when the process exited by itself. */
  readonly signal: string | null;
  /** A remark for people, e.g. "primary metric never reported". */
  readonly note?: string;
}

/**
 * Where a started attempt runs changed (a Slurm job left the queue for a node, or why it waits
 * changed): the attempt's placement from now on, whole.
 */
export interface TrialPlacementEvent extends EventBase {
  readonly type: 'trial-placement';
  readonly trialId: string;
  readonly attempt: number;
  readonly placement: Placement;
}

/** The runner died while this attempt ran; a resume runs the trial again with the same params. */
export interface TrialInterruptedEvent extends EventBase {
  readonly type: 'trial-interrupted';
  readonly trialId: string;
  readonly attempt: number;
}

export type CancelRequester = 'signal' | 'cli' | 'vscode';
export const CANCEL_REQUESTERS: readonly CancelRequester[] = ['signal', 'cli', 'vscode'];

/** Someone asked the sweep to stop; trials are canceled with reason `user` after this. */
export interface CancelRequestedEvent extends EventBase {
  readonly type: 'cancel-requested';
  readonly by: CancelRequester;
}

/** Something the user should know that does not stop the sweep. */
export interface SweepWarningEvent extends EventBase {
  readonly type: 'sweep-warning';
  readonly message: string;
  /** The trial the warning is about, if any. */
  readonly trialId?: string;
}

/** Why the sweep stopped creating trials. */
export type SweepEndReason =
  | 'max_total_trials'
  | 'space_exhausted'
  | 'user'
  | 'sweep_timeout'
  | 'all_trials_failed'
  | 'error';

export const SWEEP_END_REASONS: readonly SweepEndReason[] = [
  'max_total_trials', 'space_exhausted', 'user', 'sweep_timeout', 'all_trials_failed', 'error',
];

/** The sweep reached a final status. A later resume may start it again. */
export interface SweepEndedEvent extends EventBase {
  readonly type: 'sweep-ended';
  readonly status: TerminalStatus;
  readonly reason: SweepEndReason;
  /** Details for people (e.g. the configuration error). */
  readonly message?: string;
}

/**
 * Configurations given with `run --enqueue`, validated against the space, journaled before any
 * trial: they become the sweep's first trials, exactly and in this order (each `trial-created`
 * with `origin: enqueued`), so a resume creates only those not created yet.
 */
export interface ConfigsEnqueuedEvent extends EventBase {
  readonly type: 'configs-enqueued';
  /** The file they came from, as given. */
  readonly source: string;
  readonly configs: readonly Params[];
}

export type PriorStatus = 'Completed' | 'Canceled' | 'Failed';
export const PRIOR_STATUSES: readonly PriorStatus[] = ['Completed', 'Canceled', 'Failed'];

/** One trial of another sweep, as this sweep's sampler sees it (`run --warm-start`). */
export interface PriorTrial {
  /** The trial's id in its own sweep. */
  readonly id: string;
  /** Its configuration projected onto this sweep's space (see warmstart/projectPriors.ts). */
  readonly params: Params;
  readonly status: PriorStatus;
  /** Its best counted primary value; null when it has none (a failed trial). */
  readonly value: number | null;
  /** Parameters this space has and the source had not: given this space's centre value. */
  readonly imputed?: readonly string[];
}

/**
 * Trials of another sweep given to the sampler as prior observations (`run --warm-start`):
 * journaled before any trial. They are not trials of this sweep: never run, never counted in
 * max_total_trials, never its best.
 */
export interface PriorsLoadedEvent extends EventBase {
  readonly type: 'priors-loaded';
  /** The sweep folder or results file they came from, as given. */
  readonly source: string;
  /** What was kept and dropped, and why (one line, as printed). */
  readonly summary: string;
  readonly trials: readonly PriorTrial[];
}

/**
 * `hypersweep extend`: an ended sweep gets `addTrials` more trials. From here on the sweep's
 * max_total_trials is `maxTotalTrials` and its timeout window starts at this event (with `timeout`
 * when given, else the spec's). Written before the runner starts again; the earlier outcome stays
 * in the journal as it was.
 */
export interface SweepExtendedEvent extends EventBase {
  readonly type: 'sweep-extended';
  readonly addTrials: number;
  readonly maxTotalTrials: number;
  /** Seconds; absent: the spec's `limits.timeout` (if any) applies again, from this event. */
  readonly timeout?: number;
}

/** Every event a journal line can hold. */
export type JournalEvent =
  | SweepCreatedEvent
  | RunnerStartedEvent
  | TrialCreatedEvent
  | ProposalSkippedEvent
  | TrialStartedEvent
  | TrialPlacementEvent
  | MetricEvent
  | ParamEvent
  | TagEvent
  | PolicyDecisionEvent
  | TrialEndedEvent
  | TrialInterruptedEvent
  | CancelRequestedEvent
  | SweepWarningEvent
  | SweepEndedEvent
  | ConfigsEnqueuedEvent
  | PriorsLoadedEvent
  | SweepExtendedEvent;

export type JournalEventType = JournalEvent['type'];

/** An event before the common fields are stamped on it (what callers build). */
export type EventBody<E extends JournalEvent = JournalEvent> = E extends JournalEvent ? Omit<E, 'v' | 't'> : never;

/**
 * Stamp the format version and the time on an event body.
 * @param now epoch ms; defaults to the current time.
 */
export function makeEvent<B extends EventBody>(body: B, now: number = Date.now()): B & EventBase {
  return { v: JOURNAL_FORMAT_VERSION, t: now, ...body };
}
