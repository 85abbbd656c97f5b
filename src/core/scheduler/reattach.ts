/**
 * Following a trial again after the runner restarted (remote targets keep running while no runner
 * is alive). The launcher re-sends the trial's standard output from its first byte, so the stdout
 * metric reports the journal already holds for this attempt come again: they are counted per metric
 * name from the journal and skipped, in order, so nothing is recorded twice and nothing is lost.
 */
import type { TrialRecord } from '../journal/state';

/**
 * Per metric name, the reports the journal holds for the trial's current attempt. Both channels
 * count: the n-th stdout report and the n-th MLflow report are one interval (ChannelDeduplicator),
 * so an interval journaled from MLflow is also one the re-sent stdout must not add again.
 */
export function journaledReportCounts(trial: TrialRecord): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, points] of Object.entries(trial.metrics)) counts.set(name, points.length);
  return counts;
}

/** Skips the first `counts[name]` stdout reports of each metric name; everything after passes. */
export class ReplaySkipper {
  private readonly left: Map<string, number>;

  constructor(counts: ReadonlyMap<string, number>) {
    this.left = new Map(counts);
  }

  /** True when this report was already journaled (and is consumed from the count). */
  skip(name: string): boolean {
    const left = this.left.get(name) ?? 0;
    if (left <= 0) return false;
    this.left.set(name, left - 1);
    return true;
  }
}

/** What is left of `trial_timeout` (seconds) for an attempt that started at `startedAt`, in ms; 0 when none is set. */
export function remainingTrialTimeoutMs(trialTimeoutSec: number, startedAt: number | undefined, now = Date.now()): number {
  if (trialTimeoutSec <= 0) return 0;
  const elapsed = startedAt === undefined ? 0 : now - startedAt;
  // An attempt already past its limit is stopped at once (1 ms rather than 0, which means "none").
  return Math.max(1, trialTimeoutSec * 1000 - elapsed);
}
