/**
 * The messages between the dashboard's host (the extension, or a test's fake host) and its webview.
 * Declared once here and imported by both sides, so a change of shape is a type error on both.
 *
 * Everything is plain JSON: VS Code serialises webview messages, so NaN/Infinity cannot travel.
 * Non-finite metric values are therefore left out of curves and sent as `null` where a value is
 * optional. Curves are flat arrays `[x0, y0, x1, y1, ...]` (half the objects, far less to parse).
 *
 * This file must stay free of Node and VS Code imports: the browser bundle includes it.
 */

/** A parameter value as shown in a table cell (nested choices arrive as their JSON text). */
export type CellValue = number | string | boolean;

/** Trial statuses as the journal knows them. */
export type TrialStatusView = 'Queued' | 'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Interrupted';

/** How a parameter is spaced on a chart axis. */
export type ParamScale = 'log' | 'linear' | 'categorical';

/** The header: what the sweep is and how far it got. */
export interface SweepHeaderView {
  readonly name: string;
  /** `NotStarted`, `Running`, `Completed`, `Failed`, `Canceled`. */
  readonly status: string;
  /** Why it ended, in words, when it ended. */
  readonly endReason?: string;
  readonly goal: 'maximize' | 'minimize';
  readonly primaryMetric: string;
  /** e.g. `random (sobol), seed 42`. */
  readonly sampler: string;
  /** e.g. `bandit: slack factor 0.3, every 1 interval after 5`, or `none`. */
  readonly policy: string;
  /** Trials the sweep sampled that are in a terminal state (re-runs are counted in `reruns`). */
  readonly done: number;
  /** Re-runs (user-requested, or after a lost host): how many, and how many have ended. */
  readonly reruns?: { readonly count: number; readonly done: number };
  readonly running: number;
  /** `max_total_trials`. */
  readonly total: number;
  readonly counts: Readonly<Record<TrialStatusView, number>>;
  /** Epoch ms of the first runner start; elapsed runs to `endedAt`, or to now while running. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** The best finished trial (decisions.md): best-ever primary value among finished trials. */
  readonly bestValue?: number;
  readonly bestTrialId?: string;
  /** An unfinished trial whose value beats the best (or leads while none finished); never called best. */
  readonly leading?: { readonly trialId: string; readonly value: number; readonly status: string };
  /**
   * The status as shown: `status`, or e.g. `Completed, no primary metric reported` with
   * `statusWarning` set when the sweep ended without a single primary value.
   */
  readonly statusLabel?: string;
  readonly statusWarning?: boolean;
  /** The journal's warnings (sweep-warning events), each once, oldest first. */
  readonly warnings?: readonly string[];
  /** Whether Stop makes sense (a runner is at work) and whether Resume does (it stopped). */
  readonly canStop: boolean;
  readonly canResume: boolean;
  /** Whether Extend does (the sweep ended Completed or Canceled: `hypersweep extend`). */
  readonly canExtend?: boolean;
  /**
   * One line each for prior trials (warm start), enqueued configurations and every extension
   * (its earlier outcome as it was), as `hypersweep status` prints them.
   */
  readonly origins?: readonly string[];
  /** ASHA and Hyperband only: the rungs of every bracket, lowest first. */
  readonly rungs?: readonly RungView[];
  /** Every parameter name (table columns, parallel-coordinate axes) in first-seen order. */
  readonly paramNames: readonly string[];
  /** Every metric name reported by any trial, primary first. */
  readonly metricNames: readonly string[];
  /**
   * How each parameter column is spaced on a chart axis, from its distribution in the spec as run
   * (`log` for loguniform, qloguniform, lognormal, qlognormal); absent when the spec is unknown.
   */
  readonly paramScales?: Readonly<Record<string, ParamScale>>;
  /**
   * Set while the host is still reading a long journal (the view shows what is read so far);
   * absent once it caught up.
   */
  readonly loading?: JournalLoadingView;
}

/** How far the host got reading the journal, in bytes. */
export interface JournalLoadingView {
  readonly readBytes: number;
  readonly totalBytes: number;
}

/** One leaderboard row. */
export interface TrialRowView {
  readonly id: string;
  readonly index: number;
  readonly status: TrialStatusView;
  /** Why it was canceled (`early_termination`, `user`, ...) or the runner's note on a failure. */
  readonly reason?: string;
  /** Best finite primary value; null when none was reported. */
  readonly best: number | null;
  readonly params: Readonly<Record<string, CellValue>>;
  /** Epoch ms; a running trial's duration is computed against now. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** Primary-metric reports so far (the trial's interval count). */
  readonly intervals: number;
}

/**
 * One rung of an ASHA or Hyperband bracket: how many trials reached it (made its number of
 * primary-metric reports), how many of them the policy stopped there, and which went on.
 */
export interface RungView {
  /** 0-based bracket and how many there are (1 for plain ASHA). */
  readonly bracket: number;
  readonly brackets: number;
  /** The rung, in primary-metric reports. */
  readonly resource: number;
  readonly reached: number;
  readonly stopped: number;
  /** reached - stopped: trials that passed the rung (or were first there, with nobody to compare). */
  readonly promoted: number;
  /** The promoted trials, best value at the rung first (at most 10). */
  readonly promotedIds: readonly string[];
}

/** One early-termination stop, told in words with its numbers. */
export interface TerminationView {
  readonly trialId: string;
  readonly interval: number;
  readonly policy: string;
  /** e.g. `trial_7 stopped at interval 5: best 0.61 < 0.8 / (1 + 0.2) = 0.667 (bandit, ...)`. */
  readonly sentence: string;
  /** Position among all policy checks (orders the timeline). */
  readonly order: number;
  /** When the stopped trial ended (epoch ms), if it has. */
  readonly time?: number;
}

/** One trial's curve: flat `[interval, value, ...]` (the n-th report at n), downsampled to the chart's width. */
export interface CurveSeries {
  readonly trialId: string;
  readonly points: readonly number[];
  /** `best`: among the top trials; `selected`: the trial the user picked; else `normal`. */
  readonly emphasis: 'best' | 'selected' | 'normal';
  /** Set when early termination stopped the trial: `[interval, value]` where the policy stopped it. */
  readonly stoppedAt?: readonly [number, number];
  /**
   * Set when the trial went on reporting after its stop decision: the first interval whose value
   * came after it. Those points are drawn greyed: they are kept but count nowhere.
   */
  readonly afterStopFrom?: number;
}

/** The curves chart data for one metric. */
export interface CurvesView {
  readonly metric: string;
  /** The chart width (px) the host downsampled for. */
  readonly width: number;
  readonly series: readonly CurveSeries[];
  /**
   * Min and max over ALL trials per interval bucket (flat `[interval, min, max, ...]`), so trials that are
   * not drawn as lines still show as a band; empty when every trial is drawn.
   */
  readonly envelope: readonly number[];
  readonly trialsWithData: number;
  /** The emphasised best trials, best first (one of them may be drawn as `selected` instead). */
  readonly bestTrialIds: readonly string[];
  /** Best primary value so far against trial number (1-based), flat, downsampled. */
  readonly bestSoFar: readonly number[];
}

/** Trials picked for comparison: one metric's curves of each, overlaid. */
export interface CompareView {
  readonly metric: string;
  readonly series: readonly { readonly trialId: string; readonly points: readonly number[] }[];
}

/** The Importance tab: each parameter's fANOVA share and what to do about it (src/core/analysis). */
export interface AnalysisView {
  /** Completed and early-stopped trials with a value (the ones importance learns from). */
  readonly trials: number;
  /** Why the shares are unknown (too few trials, an objective that never varied). */
  readonly undetermined?: string;
  /** Share of the variance the parameters explain one at a time (the rest: interactions). */
  readonly mainEffects: number;
  /** Most important first; `share` null when undetermined. */
  readonly parameters: readonly { readonly name: string; readonly share: number | null; readonly sentence: string }[];
}

/** The Sweeps tab: this sweep and its sibling folders of the same objective (src/core/analysis/sweepComparison.ts). */
export interface SweepComparisonView {
  readonly metric: string;
  readonly goal: 'minimize' | 'maximize';
  readonly sweeps: readonly {
    readonly name: string;
    readonly current: boolean;
    /** e.g. `random, seed 42`. */
    readonly sampler: string;
    readonly trials: number;
    readonly best: number | null;
    readonly bestTrialId: string | null;
    /** Flat `[trial number, best so far, ...]`, downsampled. */
    readonly bestSoFar: readonly number[];
  }[];
  /** `name: why` for each sibling sweep folder left out (another objective, unreadable). */
  readonly skipped: readonly string[];
}

/** How many trials can be compared at once (more lines than this are no longer told apart). */
export const MAX_COMPARED = 12;

/** Everything the detail pane shows for one trial. */
export interface TrialDetailView {
  readonly row: TrialRowView;
  /** Every metric the trial reported, flat `[interval, value, ...]`, downsampled. */
  readonly metrics: Readonly<Record<string, readonly number[]>>;
  /** The command as launched, shell-quoted; undefined before it started. */
  readonly command?: string;
  readonly cwd?: string;
  /** The latest early-termination check of this trial, in words. */
  readonly policySentence?: string;
  /**
   * Where the current attempt runs, in words: `on box1, GPU 0,1`, `Slurm job 123 on node n1
   * (gpu:1)`, `pending: Priority, job 123`; absent on this machine without GPUs.
   */
  readonly placement?: string;
  readonly loggedParams: Readonly<Record<string, string>>;
  /** Tags the trial set itself (MLflow `set_tag`). */
  readonly tags: Readonly<Record<string, string>>;
  readonly stdoutTail: string;
  readonly stderrTail: string;
}

/** Host -> webview. */
export type HostToWebview =
  | {
      readonly type: 'snapshot';
      readonly header: SweepHeaderView;
      readonly trials: readonly TrialRowView[];
      readonly terminations: readonly TerminationView[];
      /** Policy checks done so far (stops and passes). */
      readonly checks: number;
    }
  | {
      readonly type: 'update';
      readonly header: SweepHeaderView;
      /** Only rows that are new or changed since the previous message. */
      readonly trials: readonly TrialRowView[];
      /** Only stops that are new since the previous message. */
      readonly terminations: readonly TerminationView[];
      readonly checks: number;
    }
  | { readonly type: 'curves'; readonly curves: CurvesView }
  | { readonly type: 'compare'; readonly compare: CompareView }
  | { readonly type: 'analysis'; readonly analysis: AnalysisView }
  | { readonly type: 'sweepComparison'; readonly comparison: SweepComparisonView }
  | { readonly type: 'trialDetail'; readonly detail: TrialDetailView }
  | { readonly type: 'notice'; readonly level: 'info' | 'error'; readonly message: string };

/** Commands a dashboard button runs (the sweeps area implements them). */
export type DashboardCommand = 'stopSweep' | 'resumeSweep' | 'extendSweep' | 'rerunTrial' | 'showTrialOutput' | 'copyTrialCommand';

export const DASHBOARD_COMMANDS: readonly DashboardCommand[] = ['stopSweep', 'resumeSweep', 'extendSweep', 'rerunTrial', 'showTrialOutput', 'copyTrialCommand'];

/** Charts that can be exported as PNG. */
export type ChartName = 'curves' | 'bestSoFar' | 'scatter' | 'parallel';

const CHART_NAMES: readonly ChartName[] = ['curves', 'bestSoFar', 'scatter', 'parallel'];

/** Webview -> host. */
export type WebviewToHost =
  /** The page is loaded and listening; `chartWidth` is the curves chart's width in pixels. */
  | { readonly type: 'ready'; readonly chartWidth: number }
  /** Send curves for `metric` downsampled to `chartWidth`, emphasising `selectedTrialId`. */
  | { readonly type: 'requestCurves'; readonly metric: string; readonly chartWidth: number; readonly selectedTrialId?: string }
  /** Send the curves of `trialIds` (at most MAX_COMPARED) for `metric`, and again as they grow; empty stops. */
  | { readonly type: 'requestCompare'; readonly trialIds: readonly string[]; readonly metric: string; readonly chartWidth: number }
  /** Send the parameter importance of the sweep as it is now (the Importance tab asks again as trials end). */
  | { readonly type: 'requestAnalysis' }
  /** Send this sweep and its sibling sweeps of the same objective, best-so-far curves at `chartWidth`. */
  | { readonly type: 'requestSweepComparison'; readonly chartWidth: number }
  /** Send the detail of a trial (also used to refresh its log tail). */
  | { readonly type: 'selectTrial'; readonly trialId: string }
  | { readonly type: 'runCommand'; readonly command: DashboardCommand; readonly trialId?: string }
  | { readonly type: 'exportCsv' }
  /** `dataUrl` is `data:image/png;base64,...` from `canvas.toDataURL()`. */
  | { readonly type: 'exportPng'; readonly chart: ChartName; readonly dataUrl: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWidth(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 100_000;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 1000;
}

/**
 * The message if `value` is a well-formed webview message, else undefined. The host checks
 * every message: a webview is a web page, and a malformed message must be ignored, not trusted.
 */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isRecord(value)) return undefined;
  switch (value['type']) {
    case 'ready':
      return isWidth(value['chartWidth']) ? { type: 'ready', chartWidth: value['chartWidth'] } : undefined;
    case 'requestCurves': {
      const { metric, chartWidth, selectedTrialId } = value;
      if (!isId(metric) || !isWidth(chartWidth)) return undefined;
      if (selectedTrialId !== undefined && !isId(selectedTrialId)) return undefined;
      return { type: 'requestCurves', metric, chartWidth, ...(selectedTrialId !== undefined ? { selectedTrialId } : {}) };
    }
    case 'requestCompare': {
      const { trialIds, metric, chartWidth } = value;
      if (!Array.isArray(trialIds) || trialIds.length > MAX_COMPARED || !trialIds.every(isId) || !isId(metric) || !isWidth(chartWidth)) return undefined;
      return { type: 'requestCompare', trialIds: trialIds as string[], metric, chartWidth };
    }
    case 'requestAnalysis':
      return { type: 'requestAnalysis' };
    case 'requestSweepComparison':
      return isWidth(value['chartWidth']) ? { type: 'requestSweepComparison', chartWidth: value['chartWidth'] } : undefined;
    case 'selectTrial':
      return isId(value['trialId']) ? { type: 'selectTrial', trialId: value['trialId'] } : undefined;
    case 'runCommand': {
      const { command, trialId } = value;
      if (!DASHBOARD_COMMANDS.includes(command as DashboardCommand)) return undefined;
      if (trialId !== undefined && !isId(trialId)) return undefined;
      return { type: 'runCommand', command: command as DashboardCommand, ...(trialId !== undefined ? { trialId } : {}) };
    }
    case 'exportCsv':
      return { type: 'exportCsv' };
    case 'exportPng': {
      const { chart, dataUrl } = value;
      if (!CHART_NAMES.includes(chart as ChartName)) return undefined;
      if (typeof dataUrl !== 'string' || !dataUrl.startsWith('data:image/png;base64,')) return undefined;
      return { type: 'exportPng', chart: chart as ChartName, dataUrl };
    }
    default:
      return undefined;
  }
}
