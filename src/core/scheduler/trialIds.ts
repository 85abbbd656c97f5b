/**
 * Numbers and ids for new trials. A new trial comes after every trial the journal knows and never
 * takes an id already used, not even one only a damaged journal still mentions (its creation line
 * torn, its later lines intact): counting the trials instead would hand out an id that exists, the
 * creation would be ignored on replay, and the runner would create it again and again.
 */
import type { JournalEvent } from '../journal/events';
import type { SweepState, TrialRecord } from '../journal/state';

/** A new trial could not be taken into the sweep; stopping beats writing it to the journal forever. */
export class TrialCreationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrialCreationError';
  }
}

/**
 * Index and id for the next trial of sweep `name`: past the highest index in `state` and past
 * every id in `state` or in `reserved` (ids the journal mentions for trials it lost).
 */
export function nextTrialSlot(name: string, state: SweepState, reserved: ReadonlySet<string> = new Set()): { index: number; trialId: string } {
  const taken = new Set(state.trials.map((t) => t.id));
  let index = state.trials.reduce((next, t) => Math.max(next, t.index + 1), state.trials.length);
  while (taken.has(`${name}_${index}`) || reserved.has(`${name}_${index}`)) index++;
  return { index, trialId: `${name}_${index}` };
}

/** The trial a `trial-created` just recorded; throws when the state did not take it. */
export function createdTrial(state: SweepState, trialId: string): TrialRecord {
  const trial = state.trials.find((t) => t.id === trialId);
  if (trial === undefined) {
    throw new TrialCreationError(
      `trial ${trialId} was journaled but the sweep did not take it (${state.problems.at(-1)?.message ?? 'no reason given'}); ` +
        'the runner stops rather than create it again. Check the journal with `hypersweep status` and report this.',
    );
  }
  return trial;
}

/** Ids that events of the journal name but whose trial the journal lost (its creation line torn). */
export function lostTrialIds(events: Iterable<JournalEvent>, state: SweepState): Set<string> {
  const known = new Set(state.trials.map((t) => t.id));
  const lost = new Set<string>();
  for (const event of events) {
    const id = 'trialId' in event ? event.trialId : undefined;
    if (typeof id === 'string' && !known.has(id)) lost.add(id);
  }
  return lost;
}
