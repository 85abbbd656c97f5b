/**
 * What the trial explorer and the status bar show for a sweep and its trials, computed from the
 * engine's `SweepState`: labels, descriptions, tooltips, icons (codicon ids) and the context
 * values the menus in package.json match on. No `vscode` import, so it is unit tested.
 */
import type { SweepState, TrialRecord, TrialStatus, SweepStatus } from '../../core/journal/state';
import type { JournalEvent } from '../../core/journal/events';
import type { Params } from '../../core/spec/model';
import type { WatchedSweep } from './sweepWatcher';
import { bestText, sweepOutcome, trialsNeverStarted, warningLines } from '../../core/results/sweepOutcome';
import { originLines } from '../../core/warmstart/describeOrigins';
import { placementText } from '../targets/targetsModel';
import { placementLine, slurmPlacementText } from '../../core/launchers/placementLine';

/** A codicon id and the theme color id that tints it (undefined: the default foreground). */
export interface IconView {
  readonly id: string;
  readonly color?: string;
}

/** What one tree row shows. */
export interface NodeView {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: IconView;
  /** Matched by `viewItem == ...` in the view/item/context menus. */
  readonly contextValue: string;
}

/** A compact number: 4 significant digits, no trailing zeros, NaN/±Infinity as written. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4)) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/** `45s`, `3m 12s`, `2h 05m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `lr=0.01, layers=3` in the parameters' own order. */
export function formatParams(params: Params): string {
  return Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'number' ? formatValue(v) : String(v)}`).join(', ');
}

const TERMINAL: ReadonlySet<TrialStatus> = new Set(['Completed', 'Failed', 'Canceled']);

/**
 * Progress as "done of total" over the trials the sweep itself sampled (max_total_trials), with
 * re-runs (asked for by the user, or made after a lost host) counted on their own, so a re-run of
 * an ended sweep reads `30/30 + 1 re-run`, never `31/30`.
 */
export function progressOf(state: SweepState): { done: number; total: number; reruns: number; rerunsDone: number } {
  const sampled = state.trials.filter((t) => t.rerunOf === undefined);
  const reruns = state.trials.filter((t) => t.rerunOf !== undefined);
  const done = sampled.filter((t) => TERMINAL.has(t.status)).length;
  const limit = state.info?.limits.max_total_trials ?? sampled.length;
  return { done, total: Math.max(limit, sampled.length), reruns: reruns.length, rerunsDone: reruns.filter((t) => TERMINAL.has(t.status)).length };
}

/** `7/16`, `30/30 + 1 re-run`, `30/30 + 2 re-runs`. */
export function progressText(state: SweepState): string {
  const { done, total, reruns } = progressOf(state);
  return `${done}/${total}${reruns > 0 ? ` + ${reruns} re-run${reruns === 1 ? '' : 's'}` : ''}`;
}

/** The best trial's best primary value, if any trial has one. */
export function bestValueOf(state: SweepState): number | undefined {
  return state.trials.find((t) => t.id === state.bestTrialId)?.bestPrimary;
}

/** Whether the sweep's runner is at work (a Running sweep whose runner died is not). */
export function isSweepRunning(sweep: WatchedSweep): boolean {
  return (sweep.state.status === 'Running' || sweep.state.status === 'NotStarted') && sweep.runnerAlive !== false;
}

function sweepIcon(status: SweepStatus, running: boolean): IconView {
  if (running) return { id: 'sync~spin', color: 'charts.blue' };
  switch (status) {
    case 'Completed': return { id: 'pass', color: 'testing.iconPassed' };
    case 'Failed': return { id: 'error', color: 'testing.iconFailed' };
    case 'Canceled': return { id: 'circle-slash', color: 'disabledForeground' };
    default: return { id: 'debug-pause', color: 'charts.yellow' };
  }
}

/** The sweep row: status icon, `done/total · best v · elapsed`. */
export function sweepView(sweep: WatchedSweep, now: number = Date.now()): NodeView {
  const state = sweep.state;
  const running = isSweepRunning(sweep);
  const name = state.info?.name ?? sweep.dir.split(/[\\/]/).at(-1) ?? sweep.dir;
  const { done, total, reruns, rerunsDone } = progressOf(state);
  const best = bestValueOf(state);
  const started = state.startedAt ?? state.createdAt;
  const elapsed = started === undefined ? undefined : formatElapsed((running ? now : (state.endedAt ?? now)) - started);
  const outcome = sweepOutcome(state);
  const status = running ? 'Running' : state.status === 'Running' ? 'Interrupted (runner not alive; resume it)' : outcome.label;
  // Prior trials are not trials of the sweep (never in done/total): named apart, as is an extension.
  const extensions = state.extensions?.length ?? 0;
  const parts = [
    progressText(state), best !== undefined ? `best ${formatValue(best)}` : undefined, elapsed,
    state.priors ? `${state.priors.trials.length} prior` : undefined, extensions > 0 ? `extended${extensions > 1 ? ` ×${extensions}` : ''}` : undefined,
  ].filter((p): p is string => p !== undefined);
  const tooltip = [
    `${name}: ${status}${state.endReason ? ` (${state.endReason})` : ''}`,
    state.info ? `${state.info.goal} ${state.info.primaryMetric} · ${state.info.sampler} sampling` : undefined,
    `${done} of ${total} trials finished`,
    reruns > 0 ? `${rerunsDone} of ${reruns} re-run${reruns === 1 ? '' : 's'} finished` : undefined,
    bestText(state, formatValue),
    state.endMessage,
    ...warningLines(state).map((w) => `warning: ${w}`),
    ...originLines(state),
    sweep.dir,
  ].filter((l): l is string => l !== undefined && l !== '');
  // An ended sweep without a single primary value found nothing: a warning, never the pass icon.
  const icon = !running && outcome.warning ? { id: 'warning', color: 'list.warningForeground' } : sweepIcon(state.status, running);
  return { label: name, description: parts.join(' · '), tooltip: tooltip.join('\n'), icon, contextValue: running ? 'sweep.running' : 'sweep.ended' };
}

function trialIcon(trial: TrialRecord): IconView {
  switch (trial.status) {
    case 'Running': return { id: 'sync~spin', color: 'charts.blue' };
    case 'Queued': return { id: 'clock' };
    case 'Completed': return { id: 'pass', color: 'testing.iconPassed' };
    case 'Failed': return { id: 'error', color: 'testing.iconFailed' };
    case 'Canceled': return trial.reason === 'early_termination' ? { id: 'debug-stop', color: 'charts.orange' } : { id: 'circle-slash', color: 'disabledForeground' };
    case 'Interrupted': return { id: 'debug-pause', color: 'charts.yellow' };
  }
}

/** Whether a trial can still be canceled (it runs or waits for a slot). */
export function isTrialActive(trial: TrialRecord): boolean {
  return trial.status === 'Running' || trial.status === 'Queued';
}

/** The trial row: status icon, `best v · params`; params and the end reason in the tooltip. */
export function trialView(trial: TrialRecord, state: SweepState): NodeView {
  const params = formatParams(trial.params);
  const best = trial.bestPrimary !== undefined ? `best ${formatValue(trial.bestPrimary)}` : undefined;
  const status = `${trial.status}${trial.reason ? ` (${trial.reason})` : ''}`;
  // A Slurm trial says where its job is (or why it waits); others name host and GPUs.
  const slurm = trial.status === 'Running' ? slurmPlacementText(trial.placement) : undefined;
  const where = placementText(trial.placement);
  const line = placementLine(trial.placement, trial.status !== 'Running');
  const tooltip = [
    `${trial.id}: ${status}${trial.id === state.bestTrialId ? ' · best trial' : ''}`,
    line ? `${line}${trial.placement?.target && trial.placement.target !== 'local' ? ` (target ${trial.placement.target})` : ''}` : undefined,
    trial.rerunOf ? `re-run of ${trial.rerunOf}` : undefined,
    trial.origin === 'enqueued' ? 'enqueued configuration (run --enqueue), run exactly as given' : undefined,
    ...Object.entries(trial.params).map(([k, v]) => `${k} = ${String(v)}`),
    best !== undefined ? `${best} ${state.info?.primaryMetric ?? ''}`.trimEnd() : undefined,
    earlyTerminationSentence(trial),
    trial.note,
  ].filter((l): l is string => l !== undefined && l !== '');
  const isBest = trial.id === state.bestTrialId;
  return {
    label: trial.id,
    description: [isBest ? '★ best trial' : undefined, trial.origin === 'enqueued' ? 'enqueued' : undefined, slurm ?? (where ? `@${where}` : undefined), best, params].filter((p): p is string => p !== undefined && p !== '').join(' · '),
    tooltip: tooltip.join('\n'),
    // The sweep's best trial (best-ever primary value, as the dashboard and the CLI say) wears a star.
    icon: isBest ? { id: 'star-full', color: 'charts.yellow' } : trialIcon(trial),
    contextValue: isTrialActive(trial) ? 'trial.running' : 'trial.ended',
  };
}

/** Why the policy stopped the trial, as the policy's own sentence with its numbers. */
export function earlyTerminationSentence(trial: TrialRecord): string | undefined {
  if (trial.reason !== 'early_termination') return undefined;
  return trial.lastPolicy?.summary ?? 'stopped early by the early-termination policy';
}

/** One detail row under a trial. */
export interface DetailView {
  readonly label: string;
  readonly description: string;
  readonly icon: string;
}

/** The rows under a trial: each parameter, the last value of each metric, the early-termination explanation. */
export function trialDetails(trial: TrialRecord): DetailView[] {
  const rows: DetailView[] = Object.entries(trial.params).map(([k, v]) => ({ label: k, description: typeof v === 'number' ? formatValue(v) : String(v), icon: 'symbol-parameter' }));
  for (const [name, points] of Object.entries(trial.metrics)) {
    const last = points.at(-1);
    if (last) rows.push({ label: name, description: `${formatValue(last.value)} (step ${last.step}, ${points.length} reported)`, icon: 'graph-line' });
  }
  const why = earlyTerminationSentence(trial);
  if (why) rows.push({ label: 'early termination', description: why, icon: 'info' });
  if (trial.note) rows.push({ label: 'note', description: trial.note, icon: 'note' });
  return rows;
}

/** The status bar text for the running sweeps (undefined when none runs): `$(beaker) 7/16 · best 0.101`. */
export function statusBarText(running: readonly WatchedSweep[]): string | undefined {
  const first = running[0];
  if (!first) return undefined;
  const best = bestValueOf(first.state);
  const more = running.length > 1 ? ` (+${running.length - 1} more)` : '';
  return `$(beaker) ${progressText(first.state)}${best !== undefined ? ` · best ${formatValue(best)}` : ''}${more}`;
}

/** A terminal line for a journal event worth telling in a sweep task's terminal, else undefined. */
export function progressLine(event: JournalEvent, state: SweepState): string | undefined {
  switch (event.type) {
    case 'runner-started': return event.resume ? `runner ${event.pid} resumed the sweep` : `runner ${event.pid} started the sweep`;
    case 'trial-started': return `${event.trialId} started (attempt ${event.attempt})`;
    case 'trial-ended': {
      const trial = state.trials.find((t) => t.id === event.trialId);
      const best = trial?.bestPrimary !== undefined ? ` · best ${formatValue(trial.bestPrimary)}` : '';
      return `${event.trialId} ${event.status}${event.reason ? ` (${event.reason})` : ''}${best} · ${progressText(state)} done`;
    }
    case 'policy-decision': return event.explanation.outcome === 'stop' ? event.explanation.summary : undefined;
    case 'sweep-warning': return `warning: ${event.message}`;
    case 'sweep-ended': {
      const best = bestValueOf(state);
      return `sweep ${event.status} (${event.reason})${best !== undefined ? ` · best ${formatValue(best)} (${state.bestTrialId ?? ''})` : ''}`;
    }
    default: return undefined;
  }
}

/**
 * The last line of a trial's terminal: how it ended, in words. A trial the policy stopped gets the
 * policy's own sentence (the one the CLI prints); other planned stops say who or what stopped it.
 */
export function trialEndLine(trial: TrialRecord, state: SweepState): string {
  const best = trial.bestPrimary !== undefined ? ` · best ${state.info?.primaryMetric ?? 'value'} ${formatValue(trial.bestPrimary)}` : '';
  const note = trial.note ? ` (${trial.note})` : '';
  switch (trial.status) {
    case 'Completed': return `${trial.id} completed${best}${note}`;
    case 'Failed': return `${trial.id} failed${trial.exitCode !== null ? ` with exit code ${trial.exitCode}` : trial.signal ? ` on ${trial.signal}` : ''}${note}`;
    case 'Interrupted': return `${trial.id} was interrupted: its runner stopped; resuming the sweep runs it again`;
    case 'Canceled':
      switch (trial.reason) {
        case 'early_termination': return `stopped early by the policy: ${earlyTerminationSentence(trial) ?? ''}${best}`;
        case 'trial_timeout': return `${trial.id} was stopped: it reached the trial timeout (limits.trial_timeout)${best}`;
        case 'sweep_timeout': return `${trial.id} was stopped: the sweep reached its timeout (limits.timeout)${best}`;
        case 'user': return `${trial.id} was stopped by the user${best}`;
        default: return `${trial.id} was canceled${best}${note}`;
      }
    default: return `${trial.id} ${trial.status}`;
  }
}

/**
 * The exit code a trial's task ends with: 0 for a completed trial and for planned stops (policy,
 * user, limits, an interrupted runner), so VS Code shows no "terminated with exit code" error for
 * them; 1 only when the trial itself failed.
 */
export function trialTaskExitCode(trial: TrialRecord): number {
  return trial.status === 'Failed' ? 1 : 0;
}

/** How the explorer orders a sweep's trials: as created, or best primary value first. */
export type TrialSort = 'order' | 'best';

/**
 * The trials in the chosen order. `best`: by best-ever primary value in the sweep's goal direction,
 * trials without a value after those with one, ties and the rest in creation order.
 */
export function sortTrials(state: SweepState, sort: TrialSort): TrialRecord[] {
  const trials = [...state.trials];
  if (sort === 'order') return trials;
  const sign = state.info?.goal === 'maximize' ? -1 : 1;
  const key = (t: TrialRecord) => (t.bestPrimary !== undefined && Number.isFinite(t.bestPrimary) ? sign * t.bestPrimary : Number.POSITIVE_INFINITY);
  // Array.prototype.sort is stable, so equal keys keep creation order.
  return trials.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? 0 : ka < kb ? -1 : 1;
  });
}

/** What the end-of-sweep notification says, and how loudly. */
export interface EndNotification {
  readonly severity: 'info' | 'warning' | 'error';
  readonly text: string;
}

/** The notification for a sweep that has just ended (its state after the `sweep-ended` event). */
export function endNotification(state: SweepState): EndNotification {
  const name = state.info?.name ?? 'The sweep';
  const { done, reruns } = progressOf(state);
  const trials = `${done} trial${done === 1 ? '' : 's'}${reruns > 0 ? ` + ${reruns} re-run${reruns === 1 ? '' : 's'}` : ''}`;
  const bestValue = bestValueOf(state);
  const best = bestValue !== undefined ? `best ${state.info?.primaryMetric ?? 'value'} ${formatValue(bestValue)} (${state.bestTrialId ?? ''})` : `no ${state.info?.primaryMetric ?? 'primary metric'} value was reported`;
  const reason = state.endReason ? state.endReason.replace(/_/g, ' ') : '';
  switch (state.status) {
    case 'Failed': return { severity: 'error', text: `Sweep ${name} failed (${reason}): ${trials}; ${best}.${state.endMessage ? ` ${state.endMessage}` : ''}` };
    case 'Canceled': return { severity: 'warning', text: `Sweep ${name} was canceled (${reason}): ${trials}; ${best}.` };
    default: {
      // Trials that could not even start (e.g. spawn EMFILE) make an ended sweep no success.
      const notStarted = trialsNeverStarted(state).length;
      const missed = notStarted > 0 ? ` ${notStarted} trial${notStarted === 1 ? '' : 's'} could not start.` : '';
      return { severity: bestValue === undefined || notStarted > 0 ? 'warning' : 'info', text: `Sweep ${name} completed (${reason}): ${trials}; ${best}.${missed}` };
    }
  }
}
