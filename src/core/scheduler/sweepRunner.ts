/**
 * The engine's heart: runs one sweep from its journal. It asks the sampler for configurations as
 * slots free up, launches trials, turns their output and MLflow calls into metric events, applies
 * the early-termination policy, enforces the limits, and writes every fact to the journal before
 * acting on it. The CLI and the VS Code extension drive this same class.
 *
 * Every input (a metric line, a process exit, a timer, a cancel) becomes a task on one serial
 * queue, so the journal order is the order in which the runner saw and acted on things, and a
 * replay of the journal reproduces the runner's state exactly.
 */
import { makeEvent, type EventBody, type JournalEvent, type CancelRequester, type RerunReason, type SweepEndReason, type TerminalStatus } from '../journal/events';
import { recordEvent } from '../journal/record';
import type { RunnerLock } from '../journal/lock';
import { trialPaths } from '../journal/layout';
import { applyEvent, countedPrimary, historyForSampler } from '../journal/replay';
import type { SweepState, TrialRecord } from '../journal/state';
import type { JournalWriter } from '../journal/writer';
import type { LaunchedTrial, Launcher, StopReason, TrialExit } from '../launchers/launcher';
import type { MetricReport } from '../metrics/metricSource';
import type { TrackingServer } from '../metrics/mlflow/server';
import { createStdoutMetricSource, type StdoutMetricSource, type StdoutMetricSourceOptions } from '../metrics/stdoutSource';
import { visibleName } from '../metrics/stdoutParser';
import type { Policy } from '../policies/policy';
import type { ProposeResult, Sampler } from '../samplers/sampler';
import { isOffThreadSampler, type OffThreadSampler } from '../samplers/proposalWorkerClient';
import { paramsKey } from '../space/encoding';
import type { SweepSpec } from '../spec/model';
import { takeCancelRequest, takeTrialRequests } from './cancelRequest';
import { ChannelDeduplicator } from './channelDeduplicator';
import type { SweepRunnerListener } from './runnerEvents';
import { journaledReportCounts, remainingTrialTimeoutMs, ReplaySkipper } from './reattach';
import { noSlotLeftMessage, rerunAfterHostFailure, runnableLimit } from './targetCapacity';
import { adoptTrackingIdentity, handleWithTrackingIdentity, prepareTrial } from './trialPreparation';
import { trialOutcome } from './trialOutcome';
import { createdTrial, nextTrialSlot } from './trialIds';
import { diskErrorCode } from '../system/diskErrors';
import { ownValue } from '../../shared/nameRecords';

/** Everything a runner needs; assembled by `openSweep` (new sweep) or `resumeSweep`. */
export interface SweepRunnerParts {
  readonly sweepDir: string;
  readonly name: string;
  readonly spec: SweepSpec;
  /** Absolute folder of the spec file as the user ran it: `code` and input paths are relative to it. */
  readonly specDir: string;
  /** The trial working directory (the spec's `code` folder, resolved). */
  readonly codeDir: string;
  readonly state: SweepState;
  readonly writer: JournalWriter;
  readonly lock: RunnerLock;
  readonly launcher: Launcher;
  readonly sampler: Sampler;
  readonly policy: Policy | undefined;
  readonly tracking: TrackingServer;
  readonly concurrency: number;
  readonly maxTotalTrials: number;
  /** Trials to (re)run before new proposals: interrupted by a crash, or created but never started. */
  readonly pending: readonly string[];
  /**
   * Trials a previous runner left running on a target that keeps them alive (their current attempt
   * has a handle): followed again through `launcher.reattach` before anything new starts.
   */
  readonly reattach?: readonly string[];
  /**
   * Set when the sweep had ended (with this outcome) and is resumed only to run re-runs the user
   * asked for: the sweep's `timeout` counted its own run, so no sweep timeout applies to the
   * re-runs; no new proposals are made; and the sweep ends again with this same outcome.
   */
  readonly rerunOnly?: { readonly status: TerminalStatus; readonly reason: SweepEndReason };
  /** Trial ids a damaged journal still mentions without their trial: never given to a new trial. */
  readonly reservedTrialIds?: ReadonlySet<string>;
  readonly metricPattern?: string;
  readonly stopGraceMs?: number;
  readonly listener?: SweepRunnerListener;
}

interface ActiveTrial {
  readonly id: string;
  readonly attempt: number;
  launched?: LaunchedTrial;
  stdout?: StdoutMetricSource;
  stopReason?: StopReason;
  timer?: NodeJS.Timeout;
  readonly channels: ChannelDeduplicator;
}

/** How often the runner looks for cancel, cancel-trial and rerun requests from other processes. */
const CANCEL_POLL_MS = 300;

/** Consecutive duplicate proposals after which a sampler is taken to have nothing new. */
const MAX_CONSECUTIVE_DUPLICATES = 1000;

export class SweepRunner {
  private readonly state: SweepState;
  private readonly active = new Map<string, ActiveTrial>();
  private readonly pending: string[];
  private readonly seen = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private stopping: 'user' | 'sweep_timeout' | undefined;
  /** A cancel request was journaled; `stopping` alone cannot tell, since `abort()` sets it directly. */
  private cancelRecorded = false;
  /**
   * A cancel was asked for (a signal, a request): set at once, not in queue order, so a task that
   * keeps creating or launching trials stops at its next step instead of keeping the cancel waiting.
   */
  private cancelAsked = false;
  private exhausted = false;
  private finished = false;
  /** A proposal is being computed off the queue (proposeOffThread): no second one meanwhile. */
  private proposing = false;
  /** Consecutive proposals that repeated an earlier trial (see MAX_CONSECUTIVE_DUPLICATES). */
  private duplicates = 0;
  private failure: Error | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private cancelPoll: NodeJS.Timeout | undefined;
  private warnedMissingPrimary = false;
  /** Queued events applied but not yet announced to the listener (announced once durable). */
  private unannounced: JournalEvent[] = [];
  /** User-requested re-runs created so far: they do not count toward max_total_trials. */
  private reruns: number;
  private resolveDone!: (state: SweepState) => void;
  private rejectDone!: (error: Error) => void;
  /** Settles when the sweep has ended and the journal, lock and endpoint are closed. */
  readonly done: Promise<SweepState>;

  constructor(private readonly parts: SweepRunnerParts) {
    this.state = parts.state;
    this.pending = [...parts.pending];
    for (const trial of this.state.trials) this.seen.set(paramsKey(trial.params), trial.id);
    // Another sweep's trials were evaluated already: a proposal that repeats one is skipped.
    for (const prior of this.state.priors?.trials ?? []) if (!this.seen.has(paramsKey(prior.params))) this.seen.set(paramsKey(prior.params), `prior ${prior.id}`);
    this.warnedMissingPrimary = this.state.warnings.some((w) => w.message.includes('never reported'));
    this.reruns = this.state.trials.filter((t) => t.rerunOf !== undefined).length;
    this.done = new Promise<SweepState>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // A queued metric has no promise of its own: a failed write stops the sweep from here.
    parts.writer.onFailure((error) => this.fail(error));
  }

  /** The live state (read only). */
  get current(): SweepState {
    return this.state;
  }

  /** Starts scheduling; `done` settles when the sweep ends. */
  start(): Promise<SweepState> {
    // An extended sweep has its own window (and maybe its own timeout), from the extension on.
    const extension = this.state.extensions?.at(-1);
    const timeout = this.parts.rerunOnly ? 0 : (extension ? extension.timeout : this.state.info?.limits.timeout ?? this.parts.spec.limits.timeout) ?? 0;
    if (this.parts.rerunOnly) this.exhausted = true;
    if (timeout > 0) {
      const startedAt = extension?.time ?? this.state.startedAt ?? Date.now();
      const remaining = Math.max(0, startedAt + timeout * 1000 - Date.now());
      this.sweepTimer = setTimeout(() => this.enqueue(() => this.stopAll('sweep_timeout')), remaining);
    }
    // A stale cancel from before this runner started would cancel it at once: drop it. (Pending
    // re-run requests are kept: a resume is how they run when no runner was alive.)
    takeCancelRequest(this.parts.sweepDir);
    takeTrialRequests(this.parts.sweepDir, 'cancel-trial');
    this.cancelPoll = setInterval(() => this.pollRequests(), CANCEL_POLL_MS);
    this.pollRequests();
    // A host lost or back changes how many trials may run: fill again (or end when none can).
    this.parts.launcher.onAvailabilityChange?.(() => this.enqueue(async () => {
      if (!this.finished) await this.fill();
    }));
    // A Slurm job that leaves the queue for a node (or waits for another reason): journal where it is.
    this.parts.launcher.onPlacementChange?.((trialId, placement) => this.enqueue(async () => {
      const active = this.active.get(trialId);
      if (active?.launched === undefined || this.state.trials.find((t) => t.id === trialId)?.status !== 'Running') return;
      await this.record({ type: 'trial-placement', trialId, attempt: active.attempt, placement });
    }));
    this.enqueue(async () => {
      for (const id of this.parts.reattach ?? []) await this.reattach(id);
      await this.fill();
    });
    return this.done;
  }

  /** Picks up requests other processes left in the sweep folder (see cancelRequest.ts). */
  private pollRequests(): void {
    const dir = this.parts.sweepDir;
    const by = takeCancelRequest(dir);
    if (by) this.cancel(by);
    for (const request of takeTrialRequests(dir, 'cancel-trial')) this.cancelTrial(request.trialId);
    // While stopping, re-run requests stay on disk for a later resume rather than being lost.
    if (!this.stopping && !this.finished) {
      for (const request of takeTrialRequests(dir, 'rerun')) this.rerun(request.trialId);
    }
  }

  /**
   * Cancels one trial at the user's request: a running trial is stopped and ends `Canceled` with
   * reason `user`; a queued one (waiting for a slot) ends `Canceled` without starting. The sweep
   * goes on. Unknown or finished trials are left alone.
   */
  cancelTrial(trialId: string): void {
    this.enqueue(async () => {
      if (this.active.has(trialId)) {
        this.stopTrial(trialId, 'user');
        return;
      }
      const queuedAt = this.pending.indexOf(trialId);
      const trial = this.state.trials.find((t) => t.id === trialId);
      if (queuedAt < 0 || !trial) return;
      this.pending.splice(queuedAt, 1);
      await this.record({ type: 'trial-ended', trialId, attempt: trial.attempts, status: 'Canceled', reason: 'user', exitCode: null, signal: null, note: 'canceled before it started' });
      await this.finishIfDone();
    });
  }

  /**
   * Runs trial `trialId`'s parameters again as a new trial (`trial-created` with `rerunOf`),
   * ahead of new proposals. Re-runs are extra: they do not use up max_total_trials.
   */
  rerun(trialId: string): void {
    this.enqueue(async () => {
      if (this.finished || this.stopping) return;
      await this.createRerun(trialId);
      await this.fill();
    });
  }

  private async createRerun(trialId: string, rerunReason?: RerunReason): Promise<void> {
    const source = this.state.trials.find((t) => t.id === trialId);
    if (!source) {
      await this.record({ type: 'sweep-warning', message: `a re-run of trial ${trialId} was requested, but the sweep has no such trial; nothing was run` });
      return;
    }
    const { index, trialId: newId } = nextTrialSlot(this.parts.name, this.state, this.parts.reservedTrialIds);
    this.reruns += 1;
    await this.record({
      type: 'trial-created', trialId: newId, index, sequence: source.sequence, params: source.params, rerunOf: source.id,
      ...(rerunReason !== undefined ? { rerunReason } : {}),
    });
    this.pending.push(newId);
  }

  /** Cancels the sweep: running trials are stopped (reason `user`) and the sweep ends `Canceled`. */
  cancel(by: CancelRequester): void {
    this.cancelAsked = true;
    this.enqueue(async () => {
      // An abort() may already have set `stopping` (two Ctrl-C in a row): the request is still journaled.
      if (this.finished || this.cancelRecorded || this.stopping === 'sweep_timeout') return;
      this.cancelRecorded = true;
      await this.record({ type: 'cancel-requested', by });
      await this.stopAll('user');
    });
  }

  /** A second interrupt: kill every trial now (SIGKILL), keeping what is journaled. */
  abort(): void {
    this.stopping ??= 'user';
    for (const trial of this.active.values()) {
      trial.stopReason ??= 'user';
      if (trial.launched) void trial.launched.stop(trial.stopReason, 0);
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.failure) return;
      try {
        await task();
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** A journal write failed or the runner hit a bug: stop everything, keep what is on disk. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.abort();
    const settle = async (): Promise<void> => {
      await Promise.all([...this.active.values()].map((t) => t.launched?.exited));
      await this.release();
      this.rejectDone(error);
    };
    settle().catch((e: unknown) => this.rejectDone(e instanceof Error ? e : new Error(String(e))));
  }

  /** Writes an event durably, then applies it and tells the listener. */
  private async record(body: EventBody): Promise<JournalEvent> {
    const event = await recordEvent(this.parts.writer, this.state, body);
    // Queued events before this one are durable too (the writer keeps order): announce them first.
    if (this.unannounced.length > 0) this.announceQueued();
    this.announce(event);
    return event;
  }

  /**
   * Writes a high-volume event (a metric value) without waiting for its sync, and applies it now:
   * nothing is acted on because of it alone, and every later awaited `record` (a stop decision,
   * a trial's end) is written after it, so it is on disk before anything acts on it. The listener
   * hears of it once it is durable, in journal order.
   */
  private recordQueued(body: EventBody): void {
    const event = makeEvent(body) as JournalEvent;
    this.parts.writer.enqueue(event);
    applyEvent(this.state, event);
    if (!this.parts.listener?.event) return;
    this.unannounced.push(event);
    if (this.unannounced.length === 1) {
      this.parts.writer.durable().then(() => this.announceQueued(), () => undefined);
    }
  }

  private announceQueued(): void {
    const events = this.unannounced;
    this.unannounced = [];
    for (const event of events) this.announce(event);
  }

  private announce(event: JournalEvent): void {
    try {
      this.parts.listener?.event?.(event, this.state);
    } catch (error) {
      this.parts.listener?.problem?.(`a sweep listener failed: ${String(error)}`);
    }
  }

  /** Trials the sampler proposed (user re-runs excluded): what max_total_trials limits. */
  private createdCount(): number {
    return this.state.trials.length - this.reruns;
  }

  private canCreate(): boolean {
    return !this.stopping && !this.exhausted && this.createdCount() < this.parts.maxTotalTrials;
  }

  /** Fills free slots: pending re-runs first, then new proposals. */
  private async fill(): Promise<void> {
    while (!this.stopping && !this.cancelAsked && !this.finished && this.active.size < this.limit()) {
      const rerun = this.pending.shift();
      if (rerun !== undefined) {
        const trial = this.state.trials.find((t) => t.id === rerun);
        if (trial) await this.launch(trial);
        continue;
      }
      if (!this.canCreate() && !this.enqueuedLeft()) break;
      if (this.enqueuedLeft()) {
        await this.createEnqueued();
        continue;
      }
      // One proposal at a time: slots that free up meanwhile are filled once its answer is in.
      if (this.proposing) break;
      const wanted = Math.min(this.limit() - this.active.size, this.parts.maxTotalTrials - this.createdCount());
      const sampler = this.parts.sampler;
      if (isOffThreadSampler(sampler)) {
        this.proposeOffThread(sampler, wanted);
        break;
      }
      await this.createProposed(sampler.propose(historyForSampler(this.state), wanted));
    }
    await this.finishIfDone();
  }

  /**
   * Asks the worker for proposals on the history as it is now, without holding up the queue:
   * metrics, trial ends, stop decisions and cancels go on meanwhile. The answer is acted on as a
   * task of its own, checked again against the runner as it is then (stopped, limits, slots).
   */
  private proposeOffThread(sampler: OffThreadSampler, wanted: number): void {
    this.proposing = true;
    void sampler.proposeOffThread(historyForSampler(this.state), wanted).then(
      (answer) => this.enqueue(async () => {
        this.proposing = false;
        if (this.finished) return;
        if (answer.warning !== undefined) await this.record({ type: 'sweep-warning', message: answer.warning });
        await this.createProposed(answer.result);
        await this.fill();
      }),
      (error: unknown) => this.enqueue(async () => {
        this.proposing = false;
        // Closed with the sweep: nobody waits for these proposals any more.
        if (!this.finished) throw error instanceof Error ? error : new Error(String(error));
      }),
    );
  }

  /** Creates and launches a trial for each new proposal while the sweep may still take it. */
  private async createProposed(result: ProposeResult): Promise<void> {
    let used = 0;
    for (const proposal of result.proposals) {
      if (!this.canCreate() || this.cancelAsked || this.active.size >= this.limit()) break;
      used++;
      const key = paramsKey(proposal.params);
      const duplicateOf = this.seen.get(key);
      if (duplicateOf !== undefined) {
        this.duplicates++;
        await this.record({ type: 'proposal-skipped', sequence: proposal.sequence, params: proposal.params, reason: 'duplicate', duplicateOf });
        continue;
      }
      this.duplicates = 0;
      const { index, trialId } = nextTrialSlot(this.parts.name, this.state, this.parts.reservedTrialIds);
      this.seen.set(key, trialId);
      await this.record({ type: 'trial-created', trialId, index, sequence: proposal.sequence, params: proposal.params });
      await this.launch(createdTrial(this.state, trialId));
    }
    // Proposals left unused (a slot was taken meanwhile) come again next time: not exhausted yet.
    if (result.exhausted && used === result.proposals.length) this.exhausted = true;
    if (result.proposals.length === 0) this.exhausted = true;
    if (this.duplicates >= MAX_CONSECUTIVE_DUPLICATES) {
      this.exhausted = true;
      await this.record({ type: 'sweep-warning', message: `the sampler proposed ${this.duplicates} configurations in a row that were already run; no new trials are created` });
    }
  }

  /** Whether configurations given with `--enqueue` are still to become trials (they count in max_total_trials). */
  private enqueuedLeft(): boolean {
    return !this.stopping && this.createdCount() < this.parts.maxTotalTrials && this.enqueuedCreated() < (this.state.enqueued?.configs.length ?? 0);
  }

  private enqueuedCreated(): number {
    return this.state.trials.filter((t) => t.origin === 'enqueued').length;
  }

  /**
   * The next enqueued configuration becomes a trial, exactly as given, before any proposal. Its
   * `trial-created` is journaled first, so a resume neither runs it twice nor drops it.
   */
  private async createEnqueued(): Promise<void> {
    const position = this.enqueuedCreated();
    const params = this.state.enqueued?.configs[position];
    if (params === undefined) return;
    const { index, trialId } = nextTrialSlot(this.parts.name, this.state, this.parts.reservedTrialIds);
    this.seen.set(paramsKey(params), trialId);
    await this.record({ type: 'trial-created', trialId, index, sequence: position, params, origin: 'enqueued' });
    await this.launch(createdTrial(this.state, trialId));
  }

  /** Trials that may run at once now (see targetCapacity.ts). */
  private limit(): number {
    return runnableLimit(this.parts.concurrency, this.parts.launcher);
  }

  private async launch(trial: TrialRecord): Promise<void> {
    const attempt = trial.attempts + 1;
    const active: ActiveTrial = { id: trial.id, attempt, channels: new ChannelDeduplicator() };
    this.active.set(trial.id, active);
    const prepared = prepareTrial(
      { sweepDir: this.parts.sweepDir, sweepName: this.parts.name, spec: this.parts.spec, specDir: this.parts.specDir, tracking: this.parts.tracking },
      trial.id, trial.params, attempt,
    );
    if ('error' in prepared) {
      this.active.delete(trial.id);
      await this.record({ type: 'trial-ended', trialId: trial.id, attempt, status: 'Failed', exitCode: null, signal: null, note: prepared.error });
      return;
    }
    const { paths, argv, env } = prepared;
    active.stdout = createStdoutMetricSource(trial.id, { metric: (report) => this.onMetric(report, attempt) }, this.stdoutOptions(trial.id));
    const launched = await this.parts.launcher.launch({
      trialId: trial.id,
      argv,
      cwd: this.parts.codeDir,
      env,
      stdoutPath: paths.stdout,
      stderrPath: paths.stderr,
      attempt,
      onStdout: (chunk) => active.stdout?.write(chunk),
      onMetric: (report) => this.onMetric(report, attempt),
      onParam: (report) => this.mlflowParam(trial.id, report.key, report.value, 'param'),
      onTag: (report) => this.mlflowParam(trial.id, report.key, report.value, 'tag'),
    });
    active.launched = launched;
    if (launched.pid !== undefined) {
      const startTime = launched.processStartTime === undefined ? null : Number(launched.processStartTime);
      await this.record({
        type: 'trial-started', trialId: trial.id, attempt, pid: launched.pid, processStartTime: Number.isFinite(startTime) ? startTime : null,
        target: this.parts.launcher.target, argv, cwd: this.parts.codeDir,
        ...(launched.placement !== undefined ? { placement: launched.placement } : {}),
        ...(launched.handle !== undefined ? { handle: handleWithTrackingIdentity(launched.handle, env) } : {}),
      });
    }
    this.follow(active, launched, (this.parts.spec.limits.trial_timeout ?? 0) * 1000);
  }

  /**
   * Follows again a trial a previous runner left running (same attempt, nothing new journaled at
   * start). Its stdout comes again from the first byte: reports already journaled are skipped
   * (reattach.ts). A trial the launcher reports gone is interrupted and runs again first.
   */
  private async reattach(trialId: string): Promise<void> {
    const trial = this.state.trials.find((t) => t.id === trialId);
    const reattach = this.parts.launcher.reattach?.bind(this.parts.launcher);
    if (!trial || trial.status !== 'Running') return;
    const attempt = trial.attempts;
    const counts = journaledReportCounts(trial);
    const active: ActiveTrial = { id: trial.id, attempt, channels: new ChannelDeduplicator(counts) };
    const skipper = new ReplaySkipper(counts);
    // MLflow metrics a launcher reads itself (a Slurm file store) come again from the first one too.
    const mlflowSkipper = new ReplaySkipper(counts);
    this.active.set(trial.id, active);
    active.stdout = createStdoutMetricSource(
      trial.id,
      { metric: (report) => (skipper.skip(report.name) ? undefined : this.onMetric(report, attempt)) },
      this.stdoutOptions(trial.id),
    );
    const paths = trialPaths(this.parts.sweepDir, trial.id);
    let launched: LaunchedTrial | 'gone' = 'gone';
    let why = '';
    if (reattach && trial.handle) {
      try {
        // Its MLflow calls carry the run id and token it was started with: accept them here too.
        adoptTrackingIdentity(
          { sweepDir: this.parts.sweepDir, sweepName: this.parts.name, spec: this.parts.spec, specDir: this.parts.specDir, tracking: this.parts.tracking },
          trial.id, attempt, trial.handle,
        );
        launched = await reattach(trial.handle, {
          trialId: trial.id, argv: trial.launch?.argv ?? [], cwd: trial.launch?.cwd ?? this.parts.codeDir, env: {},
          stdoutPath: paths.stdout, stderrPath: paths.stderr, attempt, onStdout: (chunk) => active.stdout?.write(chunk),
          onMetric: (report) => (mlflowSkipper.skip(report.name) ? undefined : this.onMetric(report, attempt)),
          onParam: (report) => this.mlflowParam(trial.id, report.key, report.value, 'param'),
          onTag: (report) => this.mlflowParam(trial.id, report.key, report.value, 'tag'),
        });
      } catch (error) {
        why = `: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (launched === 'gone') {
      this.active.delete(trial.id);
      if (why) await this.record({ type: 'sweep-warning', trialId: trial.id, message: `trial ${trial.id} could not be followed again${why}; it runs again` });
      await this.record({ type: 'trial-interrupted', trialId: trial.id, attempt });
      this.pending.unshift(trial.id);
      return;
    }
    active.launched = launched;
    this.follow(active, launched, remainingTrialTimeoutMs(this.parts.spec.limits.trial_timeout ?? 0, trial.startedAt));
  }

  /** Watches a started (or re-attached) trial: its timeout, a stop asked for meanwhile, its end. */
  private follow(active: ActiveTrial, launched: LaunchedTrial, timeoutMs: number): void {
    if (timeoutMs > 0) {
      active.timer = setTimeout(() => this.enqueue(async () => this.stopTrial(active.id, 'trial_timeout')), timeoutMs);
    }
    if (active.stopReason) void launched.stop(active.stopReason, this.parts.stopGraceMs);
    void launched.exited.then((exit) => {
      active.stdout?.end();
      this.enqueue(() => this.onExit(active, exit));
    });
  }

  /** The custom metric pattern, and a journal warning for each metric name the parser refuses. */
  private stdoutOptions(trialId: string): StdoutMetricSourceOptions {
    return {
      ...(this.parts.metricPattern === undefined ? {} : { pattern: this.parts.metricPattern }),
      onRefusedName: (name, reason) => {
        this.enqueue(async () => {
          await this.record({
            type: 'sweep-warning', trialId,
            message: `trial ${trialId} printed the metric name "${visibleName(name)}"; ${reason}. Its values are not recorded: print the name without invisible or direction-changing characters.`,
          });
        });
      },
    };
  }

  private onMetric(report: MetricReport, attempt: number): void {
    this.enqueue(async () => {
      const active = this.active.get(report.trialId);
      // Reports of an attempt that has ended (or of an earlier attempt) are not this trial's now.
      if (!active || active.attempt !== attempt) return;
      if (!active.channels.accept(report.name, report.source)) return;
      // A value reported once a stop was decided is kept but counts nowhere, so what counts is
      // decided by the journal's order alone, not by how fast the trial prints or the kill lands.
      const afterStop = active.stopReason !== undefined || this.stopping !== undefined;
      this.recordQueued({
        type: 'metric', trialId: report.trialId, name: report.name, value: report.value, step: report.step, timestamp: report.timestamp, source: report.source,
        ...(afterStop ? { afterStop: true as const } : {}),
      });
      if (report.name === this.parts.spec.objective.primary_metric) await this.applyPolicy(report.trialId);
    });
  }

  /** MLflow reports arrive here (the tracking server's listener). */
  mlflowMetric(report: MetricReport): void {
    const active = this.active.get(report.trialId);
    if (active) this.onMetric(report, active.attempt);
  }

  /**
   * Resolves once every report delivered so far is in the journal on disk (or was dropped, as a
   * report of an ended attempt is): the tracking endpoint answers a logging call only then, so an
   * acknowledged value survives a kill -9. Rejects when the runner has failed and the values may
   * not be on disk.
   */
  async reportsRecorded(): Promise<void> {
    // Tasks run in order, so once the queue as of now has drained, these reports were queued in
    // the writer; its next sync covers them. Waiting outside the queue keeps it flowing.
    await this.queue;
    await this.parts.writer.durable();
    if (this.failure) throw this.failure;
  }

  mlflowParam(trialId: string, key: string, value: string, kind: 'param' | 'tag'): void {
    this.enqueue(async () => {
      if (!this.active.has(trialId)) return;
      // A value already journaled is not journaled again: a re-attached Slurm trial's file store
      // is read again from the start, and a client may set the same tag twice.
      const trial = this.state.trials.find((t) => t.id === trialId);
      if (trial !== undefined && ownValue(kind === 'param' ? trial.loggedParams : trial.tags, key) === value) return;
      await this.record({ type: kind, trialId, key, value });
    });
  }

  private async applyPolicy(trialId: string): Promise<void> {
    const policy = this.parts.policy;
    const active = this.active.get(trialId);
    if (!policy || !active || active.stopReason) return;
    const trial = this.state.trials.find((t) => t.id === trialId);
    if (!trial) return;
    // Only counted values (reported before each trial's stop decision) are compared, so a
    // decision is a function of the journal up to the value that triggered it.
    const explanation = policy.evaluate({
      trial: { id: trial.id, primary: countedPrimary(trial) },
      others: this.state.trials.filter((t) => t.id !== trialId && t.primary.length > 0).map((t) => ({ id: t.id, primary: countedPrimary(t) })),
      goal: this.parts.spec.objective.goal,
    });
    if (!explanation) return;
    if (explanation.outcome === 'continue') {
      this.parts.listener?.policyContinue?.(explanation);
      return;
    }
    await this.record({ type: 'policy-decision', explanation });
    if (explanation.outcome === 'stop') this.stopTrial(trialId, 'early_termination');
  }

  private stopTrial(trialId: string, reason: StopReason): void {
    const active = this.active.get(trialId);
    if (!active || active.stopReason) return;
    active.stopReason = reason;
    if (active.launched) void active.launched.stop(reason, this.parts.stopGraceMs);
  }

  private async stopAll(reason: 'user' | 'sweep_timeout'): Promise<void> {
    if (this.finished) return;
    // Stopping twice is harmless (stopTrial is idempotent); the first reason is the sweep's.
    this.stopping ??= reason;
    this.pending.length = 0;
    for (const id of this.active.keys()) this.stopTrial(id, reason);
    await this.finishIfDone();
  }

  private async onExit(active: ActiveTrial, exit: TrialExit): Promise<void> {
    if (active.timer) clearTimeout(active.timer);
    this.active.delete(active.id);
    // Its log hit a full (or read-only) disk: not the trial's fault. The runner stops without ending
    // it, so a resume after freeing space runs it again.
    if (exit.error !== undefined && diskErrorCode(new Error(exit.error)) !== undefined) {
      this.fail(new Error(exit.error));
      return;
    }
    const outcome = trialOutcome(exit, active.stopReason);
    const trial = this.state.trials.find((t) => t.id === active.id);
    const neverReported = trial !== undefined && trial.primary.length === 0;
    const primary = this.parts.spec.objective.primary_metric;
    const notes = [outcome.note, neverReported ? `primary metric ${primary} never reported` : undefined].filter((n): n is string => n !== undefined);
    await this.record({
      type: 'trial-ended', trialId: active.id, attempt: active.attempt, status: outcome.status,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      exitCode: exit.exitCode, signal: exit.signal,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    });
    // A lost host says nothing about the parameters: run them once more, on whatever slot is healthy.
    if (rerunAfterHostFailure(trial, exit, active.stopReason !== undefined || this.stopping !== undefined)) {
      await this.createRerun(active.id, 'host_failure');
    }
    if (neverReported && outcome.status === 'Completed' && !this.warnedMissingPrimary) {
      this.warnedMissingPrimary = true;
      await this.record({
        type: 'sweep-warning', trialId: active.id,
        message: `trial ${active.id} finished but its primary metric "${primary}" was never reported; check objective.primary_metric against the names the script logs`,
      });
    }
    await this.fill();
  }

  private async finishIfDone(): Promise<void> {
    if (this.finished || this.active.size > 0) return;
    if (!this.stopping && this.limit() === 0 && (this.canCreate() || this.enqueuedLeft() || this.pending.length > 0)) {
      await this.end('Failed', 'error', noSlotLeftMessage(this.parts.launcher.target, this.parts.sweepDir, this.pending.length));
      return;
    }
    if (!this.stopping && (this.canCreate() || this.enqueuedLeft() || this.pending.length > 0)) return;
    if (!this.stopping) {
      // A re-run asked for since the last poll would otherwise be left behind by an ending runner.
      const late = takeTrialRequests(this.parts.sweepDir, 'rerun');
      if (late.length > 0) {
        for (const request of late) await this.createRerun(request.trialId);
        await this.fill();
        return;
      }
    }
    const { status, reason } = this.finalStatus();
    await this.end(status, reason);
  }

  private async end(status: TerminalStatus, reason: SweepEndReason, message?: string): Promise<void> {
    this.finished = true;
    await this.record({ type: 'sweep-ended', status, reason, ...(message !== undefined ? { message } : {}) });
    if (this.active.size === 0) await this.parts.launcher.sweepEnded?.().catch(() => undefined);
    await this.release();
    this.resolveDone(this.state);
  }

  private finalStatus(): { status: TerminalStatus; reason: SweepEndReason } {
    if (this.parts.rerunOnly) return this.parts.rerunOnly;
    if (this.stopping === 'user') return { status: 'Canceled', reason: 'user' };
    if (this.stopping === 'sweep_timeout') return { status: 'Canceled', reason: 'sweep_timeout' };
    const trials = this.state.trials;
    if (trials.length > 0 && trials.every((t) => t.status === 'Failed')) return { status: 'Failed', reason: 'all_trials_failed' };
    const reason: SweepEndReason = this.createdCount() >= this.parts.maxTotalTrials ? 'max_total_trials' : 'space_exhausted';
    return { status: 'Completed', reason };
  }

  private async release(): Promise<void> {
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    // The proposal worker's thread ends with the sweep (an answer still out is not wanted).
    if (isOffThreadSampler(this.parts.sampler)) await this.parts.sampler.close().catch(() => undefined);
    if (this.cancelPoll) clearInterval(this.cancelPoll);
    for (const t of this.active.values()) if (t.timer) clearTimeout(t.timer);
    await this.parts.tracking.close().catch(() => undefined);
    // Closes connections and tunnels; trials running detached on remote hosts keep running.
    await this.parts.launcher.dispose?.().catch(() => undefined);
    await this.parts.writer.close().catch(() => undefined);
    await this.parts.lock.release().catch(() => undefined);
  }
}
