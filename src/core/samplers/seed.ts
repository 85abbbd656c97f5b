/**
 * Seeds: every sweep has one, so every sweep can be replayed. A spec without `seed` gets one chosen
 * here and recorded (journal, CLI output) by the caller.
 */
import { randomInt } from 'node:crypto';

/** Largest seed + 1: seeds are unsigned 32-bit integers. */
export const SEED_LIMIT = 2 ** 32;

export function chooseSeed(): number {
  return randomInt(0, SEED_LIMIT);
}

/** Accepts any integer a person may write (negative or above 2^32 too) and maps it to a uint32. */
export function normaliseSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return ((seed % SEED_LIMIT) + SEED_LIMIT) % SEED_LIMIT;
}
