/**
 * The live progress of `hypersweep run` / `resume` on stderr. On a terminal, a status line
 * (done/running/total, best so far, elapsed, early terminations) is redrawn in place, with notable
 * events printed above it; in a log or CI, every event is one plain line and nothing is redrawn.
 */
import type { JournalEvent } from '../core/journal/events';
import type { SweepState, TrialRecord } from '../core/journal/state';
import type { SweepRunnerListener } from '../core/scheduler/runnerEvents';
import type { Params } from '../core/spec/model';
import { formatParamValue } from '../core/space/commandValues';

const REDRAW_MS = 250;

export function formatParams(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : formatParamValue(v)}`)
    .join(' ');
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}

function formatMetric(value: number | undefined): string {
  if (value === undefined) return '-';
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

export class ProgressReporter implements SweepRunnerListener {
  private lastDraw = 0;
  private statusShown = false;
  private state: SweepState | undefined;
  private readonly ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly interactive: boolean,
  ) {
    if (interactive) {
      this.ticker = setInterval(() => this.draw(true), 1000);
      this.ticker.unref();
    }
  }

  event(event: JournalEvent, state: SweepState): void {
    this.state = state;
    const line = this.describe(event, state);
    if (line !== undefined) this.print(line);
    this.draw(false);
  }

  problem(message: string): void {
    this.print(`warning: ${message}`);
  }

  /** Removes the status line for good (before the final summary). */
  close(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.clearStatus();
  }

  private trial(state: SweepState, id: string): TrialRecord | undefined {
    return state.trials.find((t) => t.id === id);
  }

  private describe(event: JournalEvent, state: SweepState): string | undefined {
    const primary = state.info?.primaryMetric ?? 'primary';
    switch (event.type) {
      case 'trial-started': {
        if (this.interactive) return undefined;
        const trial = this.trial(state, event.trialId);
        const again = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
        return `trial ${event.trialId} started${again}: ${trial ? formatParams(trial.params) : ''}`;
      }
      case 'trial-ended': {
        const trial = this.trial(state, event.trialId);
        const best = formatMetric(trial?.bestPrimary);
        const isBest = state.bestTrialId === event.trialId ? ' (best so far)' : '';
        const why = event.reason ? ` (${event.reason.replace(/_/g, ' ')})` : '';
        const note = event.note ? `; ${event.note}` : '';
        return `trial ${event.trialId} ${event.status}${why}: best ${primary} ${best}${isBest}${note}`;
      }
      case 'policy-decision':
        return event.explanation.summary;
      case 'proposal-skipped':
        return `skipped a proposal already run as ${event.duplicateOf}: ${formatParams(event.params)}`;
      case 'trial-interrupted':
        return `trial ${event.trialId} was interrupted (its runner died); it runs again with the same parameters`;
      case 'sweep-warning':
        return `warning: ${event.message}`;
      case 'cancel-requested':
        return `canceling the sweep (requested by ${event.by}); stopping running trials`;
      default:
        return undefined;
    }
  }

  private statusLine(state: SweepState): string {
    const total = state.info?.limits.max_total_trials ?? 0;
    const done = state.trials.filter((t) => t.status === 'Completed' || t.status === 'Failed' || t.status === 'Canceled').length;
    const running = state.trials.filter((t) => t.status === 'Running').length;
    const stopped = state.trials.filter((t) => t.reason === 'early_termination').length;
    const best = state.bestTrialId ? this.trial(state, state.bestTrialId) : undefined;
    const bestText = best ? `best ${formatMetric(best.bestPrimary)} (${best.id})` : 'best -';
    const elapsed = formatElapsed(Date.now() - (state.startedAt ?? Date.now()));
    return `[${done}/${total} done, ${running} running] ${bestText} | ${stopped} early-terminated | ${elapsed}`;
  }

  private draw(force: boolean): void {
    if (!this.interactive || !this.state) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const columns = process.stderr.columns > 10 ? process.stderr.columns - 1 : 100;
    this.write(`\r\x1b[2K${this.statusLine(this.state).slice(0, columns)}`);
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (this.statusShown) this.write('\r\x1b[2K');
    this.statusShown = false;
  }

  private print(line: string): void {
    this.clearStatus();
    this.write(line + '\n');
  }
}
