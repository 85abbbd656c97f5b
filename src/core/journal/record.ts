/**
 * Recording an event: stamp it, make it durable, then apply it to the live state, in that order,
 * so nothing acts on a fact the journal might not keep. Every writer of a journal goes through here,
 * and every one-off reader starts from `readSweepState`.
 */
import { makeEvent, type EventBody, type JournalEvent } from './events';
import { sweepPaths } from './layout';
import { readJournal } from './reader';
import { applyEvent, replay } from './replay';
import type { SweepState } from './state';
import type { JournalWriter } from './writer';

export async function recordEvent(writer: JournalWriter, state: SweepState, body: EventBody): Promise<JournalEvent> {
  const event = makeEvent(body) as JournalEvent;
  await writer.append(event);
  applyEvent(state, event);
  return event;
}

/** The state of the sweep in `sweepDir` as its journal says now (a torn last line is ignored). */
export async function readSweepState(sweepDir: string): Promise<SweepState> {
  return replay((await readJournal(sweepPaths(sweepDir).journal)).events);
}
