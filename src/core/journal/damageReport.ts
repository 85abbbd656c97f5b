/**
 * The damage a journal carries, in words a user can act on, one `file:line: what` per damaged
 * line. `status`, `export` and `resume` print these: a sweep read from a damaged journal is still
 * shown (every whole event counts), but never silently, so a trial missing from the results can
 * be traced to the line that lost it.
 */
import type { JournalContents, JournalProblem } from './reader';
import type { SweepState } from './state';

/** More than this many damaged lines are summed up in one last line. */
const MAX_LINES = 20;
/** How replay.ts words an event of a trial it does not know. */
const UNKNOWN_TRIAL = /for unknown trial (\S+)$/;

export interface DamageReportOptions {
  /**
   * The sweep is running: a torn last line may be a line its runner is writing right now, so it
   * is not reported (default false).
   */
  readonly live?: boolean;
}

/**
 * Lines describing what is wrong with the journal at `path`: lines that are no valid event (with
 * what was recovered from them), events that did not fit the sweep when replayed into `state`
 * (which must be the replay of `contents.events`), and a torn last line. Empty when it is intact.
 */
export function journalDamageLines(path: string, contents: JournalContents, state: SweepState, options: DamageReportOptions = {}): string[] {
  const found: { line: number; message: string }[] = contents.problems.map((p) => ({ line: p.line, message: p.message }));
  // A trial whose creation line was lost leaves every later event of it unknown: one line says it.
  const orphans = new Map<string, { line: number; message: string; more: number; last: number }>();
  for (const problem of state.problems) {
    const line = contents.eventLines[problem.eventIndex];
    if (line === undefined) continue;
    const unknown = UNKNOWN_TRIAL.exec(problem.message)?.[1];
    const earlier = unknown === undefined ? undefined : orphans.get(unknown);
    if (earlier) {
      earlier.more++;
      earlier.last = line;
    } else if (unknown !== undefined) orphans.set(unknown, { line, message: problem.message, more: 0, last: line });
    else found.push({ line, message: problem.message });
  }
  for (const o of orphans.values()) {
    const rest = o.more === 0 ? '' : ` (and ${o.more} more of its events, up to line ${o.last})`;
    found.push({ line: o.line, message: `${o.message}${rest}: skipped, its trial-created line is lost` });
  }
  if (contents.tornBytes > 0 && options.live !== true) {
    found.push({
      line: contents.completeLines + 1,
      message: `the last line is incomplete (${contents.tornBytes} bytes without a newline; a crash while it was written) and is ignored; \`hypersweep resume\` removes it`,
    });
  }
  found.sort((a, b) => a.line - b.line);
  const lines = found.slice(0, MAX_LINES).map((d) => `${path}:${d.line}: ${d.message}`);
  if (found.length > MAX_LINES) lines.push(`${path}: ${found.length - MAX_LINES} more damaged lines not shown`);
  return lines;
}

/**
 * Makes the damage a follower found part of the sweep's warnings, so the views that show journal
 * warnings (the VS Code tree, the dashboard header) show it too: `journal.jsonl:12: <what>`.
 * A live follower reports each damaged line once.
 */
export function warnJournalProblems(state: SweepState, problems: readonly JournalProblem[], time: number = Date.now()): void {
  for (const problem of problems) {
    state.warnings.push({ message: `journal.jsonl:${problem.line}: ${problem.message}`, time });
  }
}
