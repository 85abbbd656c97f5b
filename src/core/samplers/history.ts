/** Small facts samplers read off the history of earlier proposals. */
import { paramsKey } from '../space/encoding';
import type { HistoryEntry } from './sampler';

/**
 * The sequence number after the highest one the sampler gave in `history` (0 for a fresh sweep).
 * Enqueued and prior entries were not proposed by the sampler and do not move its sequence.
 */
export function nextSequence(history: readonly HistoryEntry[]): number {
  let next = 0;
  for (const entry of history) if (entry.origin === undefined) next = Math.max(next, entry.sequence + 1);
  return next;
}

/** Canonical keys of every configuration already proposed, whatever became of it. */
export function proposedKeys(history: readonly HistoryEntry[]): Set<string> {
  return new Set(history.map((entry) => paramsKey(entry.params)));
}

/** Checks the `count` a runner passes to `propose`. */
export function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`propose() needs a non-negative integer count, got ${count}.`);
}
