/**
 * What can still be read from a journal line that is not one valid event. A crash (or a file
 * system that loses the end of a write) leaves three kinds of damage behind:
 *   - a torn event: the first part of a line, its newline and the rest never written, so the next
 *     event is glued onto the fragment or follows on its own line;
 *   - glued events: two or more whole events on one line, the newline between them lost;
 *   - runs of NUL bytes: space the file system allocated but whose data never reached the disk.
 * Where to cut: the encoder writes every event as `{"v":...` first, and inside a JSON string a
 * quote is always escaped, so `{"v":` can only start an event or a nested mapping whose first key
 * is `v` (a parameter named v); a raw NUL is never part of valid JSON at all. From each cut, the
 * shortest stretch up to a later cut that decodes as a whole event is taken (so a nested `{"v":`
 * only costs a retry); a stretch that never does is a torn event, reported (with its type and
 * trial when those survived) and skipped.
 */
import { decodeEventLine } from './codec';
import type { JournalEvent } from './events';

/** The events recovered from one damaged line and what was wrong with it. */
export interface SalvagedLine {
  readonly events: JournalEvent[];
  /** One message per kind of damage found, for the user (without the line number). */
  readonly problems: string[];
}

const EVENT_START = '{"v":';
const NUL_RUN = /\0+/g;
const PREVIEW_CHARS = 60;
/** A stretch is tried up to this many cuts ahead: keeps a hostile line of many cuts linear. */
const MAX_CUTS_AHEAD = 64;

/** Where each piece starts: the line start and every `{"v":` after it. */
function eventStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf(EVENT_START, 1); at >= 0; at = text.indexOf(EVENT_START, at + 1)) starts.push(at);
  return starts;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** "a torn trial-created event of trial sw_2" when the fragment still names them, else a preview. */
function describeFragment(fragment: string): string {
  const type = /"type":"([a-z-]+)"/.exec(fragment)?.[1];
  const trial = /"trialId":"((?:[^"\\]|\\.)*)"/.exec(fragment)?.[1];
  if (type !== undefined) return `a torn ${type} event${trial !== undefined ? ` of trial ${trial}` : ''}`;
  const preview = fragment.length > PREVIEW_CHARS ? `${fragment.slice(0, PREVIEW_CHARS)}...` : fragment;
  return `a torn fragment ${JSON.stringify(preview)}`;
}

/**
 * Recovers the whole events of `text`, a complete line (without its newline) that did not decode
 * as one event. `firstError` is that decoding error, reported as is when the line holds no sign
 * of crash damage (no NUL, no second event start, not the start of an event cut short): then it
 * is simply not an event.
 */
export function salvageLine(text: string, firstError: string): SalvagedLine {
  const chunks = text.split(NUL_RUN);
  const nulBytes = text.length - chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const looksTorn = text.trimStart().startsWith(EVENT_START) && !isJson(text);
  if (nulBytes === 0 && eventStarts(text).length === 1 && !looksTorn) return { events: [], problems: [firstError] };
  const events: JournalEvent[] = [];
  const torn: string[] = [];
  const invalid: string[] = [];
  for (const chunk of chunks) {
    const cuts = [...eventStarts(chunk), chunk.length];
    // Where the current torn stretch began: it runs on (over nested cuts) up to the next whole event.
    let tornFrom: number | undefined;
    const endTorn = (at: number): void => {
      const piece = tornFrom === undefined ? '' : chunk.slice(tornFrom, at).trim();
      if (piece !== '') torn.push(describeFragment(piece));
      tornFrom = undefined;
    };
    let i = 0;
    while (i < cuts.length - 1) {
      let next = i + 1;
      let whole = false;
      for (let j = i + 1; j < cuts.length && j <= i + MAX_CUTS_AHEAD; j++) {
        const piece = chunk.slice(cuts[i], cuts[j]).trim();
        const result = decodeEventLine(piece);
        if (result.ok) events.push(result.event);
        // Whole JSON that is no valid event (a newer format, a wrong field) is not crash damage.
        else if (isJson(piece)) invalid.push(result.message);
        else continue;
        next = j;
        whole = true;
        break;
      }
      if (whole) endTorn(cuts[i] ?? 0);
      else tornFrom ??= cuts[i];
      i = next;
    }
    endTorn(chunk.length);
  }
  const problems: string[] = [];
  if (nulBytes > 0) problems.push(`${nulBytes} NUL bytes (space a crash left unwritten) were skipped`);
  const pieces = events.length + torn.length + invalid.length;
  if (pieces > 1) {
    problems.push(`${pieces} events were glued on one line (a crash lost the newlines between them); ${events.length} whole ${events.length === 1 ? 'event was' : 'events were'} read`);
  }
  for (const fragment of torn) problems.push(`${fragment} was skipped (a crash cut it short)`);
  for (const message of invalid) problems.push(`an event was skipped: ${message}`);
  return { events, problems };
}
