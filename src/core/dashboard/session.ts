/**
 * The host side of one dashboard: follows a sweep's journal, keeps the replayed state and talks
 * to the webview through the protocol in src/shared/dashboardProtocol.ts. Free of VS Code, so the
 * extension and the browser tests run the same host: VS Code only supplies `post` and the actions.
 *
 * The webview gets one snapshot, then updates holding only the rows that changed, batched every
 * `batchMs`; a sweep reporting hundreds of metrics per second costs a few small messages a
 * second, never a re-render per event. Curves are recomputed at most every `curvesIntervalMs`.
 *
 * A long journal is read in chunks of `maxBatchBytes`: the first snapshot goes out after the
 * first chunk (its header says how far reading got), the rest arrives as updates, and the last
 * update's header has no `loading` any more. Opening a finished 10,000-trial sweep thus paints
 * its first view long before the whole journal is parsed.
 */
import { readFile } from 'node:fs/promises';
import { sweepPaths, trialPaths } from '../journal/layout';
import type { SearchSpace } from '../spec/model';
import { loadSpec } from '../spec/validate';
import { JournalFollower, type FollowBatch } from '../journal/reader';
import { warnJournalProblems } from '../journal/damageReport';
import { applyEvent } from '../journal/replay';
import { emptySweepState, type SweepState } from '../journal/state';
import { resultsCsv } from '../results/exportResults';
import { downsampleMinMax, STEP_VALUE } from '../results/downsample';
import { byInterval, compareView, curvesView } from './curves';
import { commandText, readLogTail } from './logTail';
import { analysisView } from './analysisView';
import { compareSweeps } from '../analysis/sweepComparison';
import { headerView, terminationsSince, trialRowView } from './views';
import { placementLine } from '../launchers/placementLine';
import {
  parseWebviewMessage,
  type DashboardCommand,
  type HostToWebview,
  type JournalLoadingView,
  type SweepHeaderView,
  type TrialDetailView,
  type WebviewToHost,
} from '../../shared/dashboardProtocol';
import { setOwn } from '../../shared/nameRecords';

/** What the host environment does for the dashboard (VS Code commands and dialogs, or a test). */
export interface DashboardActions {
  /** Runs a sweeps-area command with `{ sweepDir }` or `{ sweepDir, trialId }`. */
  runCommand(command: DashboardCommand, ref: { readonly sweepDir: string; readonly trialId?: string }): Promise<void>;
  /** Asks where to save `data` and writes it; the path, or undefined when the user cancelled. */
  save(kind: 'csv' | 'png', suggestedName: string, data: Uint8Array): Promise<string | undefined>;
}

export interface DashboardSessionOptions {
  /** Batch window for updates (ms, default 150). */
  readonly batchMs?: number;
  /**
   * Batch window while a long journal is still being read (ms, default 1000): nearly every row
   * changes in every chunk, so fewer, larger updates cost less; progress shows about once a second.
   */
  readonly loadingBatchMs?: number;
  /** Least time between two curve recomputations while metrics arrive (ms, default 1000). */
  readonly curvesIntervalMs?: number;
  /** Journal re-check interval (ms, default 500). */
  readonly pollIntervalMs?: number;
  /** Bytes of journal read per chunk while catching up (default {@link DEFAULT_MAX_BATCH_BYTES}). */
  readonly maxBatchBytes?: number;
  /** Unexpected errors (reading the journal, a failing action) for the log. */
  readonly onError?: (error: Error) => void;
  /** Called with each header sent (e.g. to show progress in the panel title). */
  readonly onHeader?: (header: SweepHeaderView) => void;
}

/**
 * Chunk size for reading a journal. Parsing and replaying 4 MiB (about 25,000 metric lines) takes
 * a few tens of milliseconds, short enough for the first snapshot to go out early and for the
 * webview's messages to be answered between chunks, and large enough that the per-chunk cost
 * (opening the file, one update message) stays small.
 */
export const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * The search space of the spec copy in the sweep folder. Only for display: a missing or no longer
 * valid copy costs the log axes and branch names, never the dashboard.
 */
async function readSearchSpace(specPath: string): Promise<SearchSpace | undefined> {
  try {
    return loadSpec(await readFile(specPath, 'utf8')).spec?.search_space;
  } catch {
    return undefined;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** One dashboard's host. `start()` begins following; `dispose()` ends it. */
export class DashboardSession {
  private state: SweepState = emptySweepState();
  /** The search space of the spec as run (axis scales, nested-choice branches); undefined if unreadable. */
  private space: SearchSpace | undefined;
  private readonly dirty = new Set<string>();
  private decisionsSent = 0;
  private needSnapshot = true;
  private loading: JournalLoadingView | undefined;
  /** The journal was read once (to its end, or found missing): an empty state is then real. */
  private firstReadDone = false;
  private changed = false;
  private ready = false;
  private chartWidth = 600;
  private curvesMetric: string | undefined;
  private selectedTrialId: string | undefined;
  /** The trials being compared and the metric shown for them (resent with each curves update). */
  private compare: { trialIds: readonly string[]; metric: string } | undefined;
  private curvesDirty = true;
  private detailDirty = false;
  private lastCurvesAt = -Infinity;
  private flushTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly follower: JournalFollower;

  constructor(
    readonly sweepDir: string,
    private readonly post: (message: HostToWebview) => void,
    private readonly actions: DashboardActions,
    private readonly options: DashboardSessionOptions = {},
  ) {
    this.follower = new JournalFollower(sweepPaths(sweepDir).journal, (batch) => this.applyBatch(batch), {
      pollIntervalMs: options.pollIntervalMs ?? 500,
      onError: (err) => options.onError?.(err),
      maxBatchBytes: options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    });
  }

  /** The replayed state (read only). */
  get current(): SweepState {
    return this.state;
  }

  /** Reads the journal as it is now, then keeps following it. */
  async start(): Promise<void> {
    try {
      this.space = await readSearchSpace(sweepPaths(this.sweepDir).spec);
      await this.follower.start();
    } finally {
      this.firstReadDone = true;
      // A webview that became ready before anything was read is still waiting for its snapshot.
      if (this.needSnapshot) this.flush();
    }
  }

  /** Reads anything new in the journal now (besides the watcher and the poll timer). */
  async refresh(): Promise<void> {
    await this.follower.poll();
  }

  dispose(): void {
    this.disposed = true;
    this.follower.close();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private applyBatch(batch: FollowBatch): void {
    if (batch.reset) {
      this.state = emptySweepState();
      this.dirty.clear();
      this.decisionsSent = 0;
      this.needSnapshot = true;
    }
    for (const event of batch.events) {
      applyEvent(this.state, event);
      this.changed = true;
      const trialId = 'trialId' in event ? event.trialId : event.type === 'policy-decision' ? event.explanation.trialId : undefined;
      if (trialId !== undefined) {
        this.dirty.add(trialId);
        if (trialId === this.selectedTrialId) this.detailDirty = true;
      }
      if (event.type === 'metric' || event.type === 'trial-ended') this.curvesDirty = true;
    }
    if (batch.problems.length > 0) {
      warnJournalProblems(this.state, batch.problems);
      this.changed = true;
    }
    const wasLoading = this.loading !== undefined;
    this.loading = batch.remainingBytes > 0 ? { readBytes: batch.readBytes, totalBytes: batch.readBytes + batch.remainingBytes } : undefined;
    // Catching up is itself news: the header must stop saying "reading".
    if (wasLoading || this.loading) this.changed = true;
    // The first view should not wait a batch window (nor for the next chunks, which a timer
    // would): the snapshot goes out as soon as this chunk is in.
    if (this.needSnapshot && this.ready) {
      this.flush();
      return;
    }
    this.scheduleFlush(this.loading ? this.options.loadingBatchMs ?? 1000 : this.options.batchMs ?? 150);
  }

  /** The header as sent: the sweep's, plus how far reading got while it is not done. */
  private header(): SweepHeaderView {
    const header = headerView(this.state, this.space);
    return this.loading ? { ...header, loading: this.loading } : header;
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer || this.disposed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, delayMs);
  }

  /** Sends what changed since the last message (a snapshot the first time). */
  private flush(): void {
    if (!this.ready || this.disposed) return;
    const state = this.state;
    if (this.needSnapshot) {
      const header = this.header();
      this.options.onHeader?.(header);
      this.post({
        type: 'snapshot',
        header,
        trials: state.trials.map((t) => trialRowView(t, this.space)),
        terminations: terminationsSince(state, 0),
        checks: state.policyDecisions.length,
      });
      this.needSnapshot = false;
      this.curvesDirty = true;
    } else if (this.changed && this.loading) {
      // While a long journal is read, nearly every row changes in every chunk: only the progress
      // goes out; the changed rows and stops are kept and sent once, when reading is done.
      const header = this.header();
      this.options.onHeader?.(header);
      this.post({ type: 'update', header, trials: [], terminations: [], checks: this.decisionsSent });
      this.changed = false;
      return;
    } else if (this.changed) {
      const rows = state.trials.filter((t) => this.dirty.has(t.id)).map((t) => trialRowView(t, this.space));
      const header = this.header();
      this.options.onHeader?.(header);
      this.post({
        type: 'update',
        header,
        trials: rows,
        terminations: terminationsSince(state, this.decisionsSent),
        checks: state.policyDecisions.length,
      });
    }
    this.decisionsSent = state.policyDecisions.length;
    this.dirty.clear();
    this.changed = false;
    // Curves over a half-read journal would be redrawn many times for nothing: they wait for the end.
    if ((this.curvesDirty || this.detailDirty) && !this.loading) {
      const wait = this.lastCurvesAt + (this.options.curvesIntervalMs ?? 1000) - Date.now();
      if (wait > 0) {
        this.scheduleFlush(wait);
        return;
      }
      if (this.curvesDirty) this.sendCurves();
      if (this.detailDirty && this.selectedTrialId !== undefined) this.sendDetailSoon(this.selectedTrialId);
      this.detailDirty = false;
    }
  }

  private sendCurves(): void {
    const metric = this.curvesMetric ?? this.state.info?.primaryMetric;
    this.curvesDirty = false;
    this.lastCurvesAt = Date.now();
    this.sendCompare();
    if (metric === undefined) return;
    this.post({
      type: 'curves',
      curves: curvesView(this.state, {
        metric,
        width: this.chartWidth,
        ...(this.selectedTrialId !== undefined ? { selectedTrialId: this.selectedTrialId } : {}),
      }),
    });
  }

  private sendCompare(): void {
    if (!this.compare || this.compare.trialIds.length === 0) return;
    this.post({ type: 'compare', compare: compareView(this.state, this.compare.trialIds, this.compare.metric, this.chartWidth) });
  }

  /** Builds the detail of `trialId` (reading its log tails), or undefined for an unknown trial. */
  async trialDetail(trialId: string): Promise<TrialDetailView | undefined> {
    const trial = this.state.trials.find((t) => t.id === trialId);
    if (!trial) return undefined;
    const paths = trialPaths(this.sweepDir, trialId);
    const [stdoutTail, stderrTail] = await Promise.all([readLogTail(paths.stdout), readLogTail(paths.stderr)]);
    const metrics: Record<string, number[]> = {};
    for (const [name, points] of Object.entries(trial.metrics)) setOwn(metrics, name, downsampleMinMax(byInterval(points), STEP_VALUE, Math.min(this.chartWidth, 800)));
    const launch = trial.launch;
    const placement = placementLine(trial.placement, trial.status !== 'Running');
    return {
      row: trialRowView(trial, this.space),
      metrics,
      ...(launch ? { command: commandText(launch.argv), cwd: launch.cwd } : {}),
      ...(trial.lastPolicy ? { policySentence: trial.lastPolicy.summary } : {}),
      ...(placement !== undefined ? { placement } : {}),
      loggedParams: { ...trial.loggedParams },
      tags: { ...trial.tags },
      stdoutTail,
      stderrTail,
    };
  }

  private sendDetailSoon(trialId: string): void {
    this.trialDetail(trialId).then(
      (detail) => {
        if (detail && !this.disposed) this.post({ type: 'trialDetail', detail });
      },
      (err: unknown) => this.report(`Could not read the logs of ${trialId}`, err),
    );
  }

  private report(what: string, err: unknown): void {
    const error = asError(err);
    this.options.onError?.(error);
    if (!this.disposed) this.post({ type: 'notice', level: 'error', message: `${what}: ${error.message}` });
  }

  /** Handles one message from the webview; malformed messages are ignored. */
  async handleMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message || this.disposed) return;
    await this.handle(message);
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.chartWidth = message.chartWidth;
        this.needSnapshot = true;
        this.lastCurvesAt = -Infinity;
        // Before the first chunk is in, a snapshot would show an empty sweep: the first batch sends it.
        if (this.firstReadDone || this.loading) this.flush();
        return;
      case 'requestCurves':
        this.curvesMetric = message.metric;
        this.chartWidth = message.chartWidth;
        if (message.selectedTrialId !== undefined) this.selectedTrialId = message.selectedTrialId;
        this.sendCurves();
        return;
      case 'requestCompare':
        this.compare = { trialIds: message.trialIds, metric: message.metric };
        this.chartWidth = message.chartWidth;
        this.sendCompare();
        return;
      case 'requestAnalysis':
        this.post({ type: 'analysis', analysis: analysisView(this.state, this.space) });
        return;
      case 'requestSweepComparison': {
        const comparison = await compareSweeps(this.sweepDir, message.chartWidth).catch((err: unknown) => this.report('Could not read the sibling sweeps', err));
        if (comparison && !this.disposed) {
          this.post({ type: 'sweepComparison', comparison: { ...comparison, sweeps: comparison.sweeps.map(({ dir: _dir, ...sweep }) => sweep) } });
        }
        return;
      }
      case 'selectTrial': {
        this.selectedTrialId = message.trialId;
        const detail = await this.trialDetail(message.trialId).catch((err: unknown) => this.report(`Could not read the logs of ${message.trialId}`, err));
        if (detail && !this.disposed) this.post({ type: 'trialDetail', detail });
        return;
      }
      case 'runCommand':
        try {
          await this.actions.runCommand(message.command, { sweepDir: this.sweepDir, ...(message.trialId !== undefined ? { trialId: message.trialId } : {}) });
        } catch (err) {
          this.report(`${message.command} failed`, err);
        }
        return;
      case 'exportCsv':
        await this.export('csv', `${this.state.info?.name ?? 'sweep'}-results.csv`, Buffer.from(resultsCsv(this.state), 'utf8'));
        return;
      case 'exportPng': {
        const data = Buffer.from(message.dataUrl.slice(message.dataUrl.indexOf(',') + 1), 'base64');
        await this.export('png', `${this.state.info?.name ?? 'sweep'}-${message.chart}.png`, data);
        return;
      }
    }
  }

  private async export(kind: 'csv' | 'png', name: string, data: Uint8Array): Promise<void> {
    try {
      const path = await this.actions.save(kind, name, data);
      if (path !== undefined && !this.disposed) this.post({ type: 'notice', level: 'info', message: `Saved ${path}` });
    } catch (err) {
      this.report(`Could not save ${name}`, err);
    }
  }
}
