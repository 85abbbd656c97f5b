/**
 * One journal line <-> one event. JSON cannot hold NaN or ±Infinity (JSON.stringify would turn
 * them into null and lose them), so they are written as the strings "NaN", "Infinity",
 * "-Infinity"; the decoders read those strings back as numbers in numeric fields.
 *
 * Parameter values are never non-finite (every distribution yields finite values), so the
 * strings cannot be confused with a string parameter.
 */
import { decodeEvent } from './decode';
import type { JournalEvent } from './events';
import { FieldError } from './fields';
import { stringifyKeepingNegativeZero } from '../../shared/negativeZeroJson';

function nonFiniteAsText(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/** The event as one line of JSON, newline included. JSON escapes newlines inside strings. */
export function encodeEventLine(event: JournalEvent): string {
  // -0 is written as `-0` (a metric or parameter value -0 must come back as -0, not 0).
  return stringifyKeepingNegativeZero(event, nonFiniteAsText) + '\n';
}

/** Result of decoding one line: the event, or why the line is not one. */
export type LineDecodeResult =
  | { readonly ok: true; readonly event: JournalEvent }
  | { readonly ok: false; readonly message: string };

/** Decode one line (without its newline). Never throws. */
export function decodeEventLine(line: string): LineDecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return { ok: false, message: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  try {
    return { ok: true, event: decodeEvent(parsed) };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, message: err.message };
    throw err;
  }
}
