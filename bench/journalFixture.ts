/**
 * A large, realistic sweep journal for the journal benchmarks: a sweep of `trials` trials, each
 * created, started, reporting its primary metric `steps` times, and completed, written through the
 * real `JournalWriter` in the order a runner would write it (metric rounds interleave trials).
 */
import type { EventBody, JournalEvent } from '../src/core/journal/events';
import { makeEvent } from '../src/core/journal/events';
import { JournalWriter } from '../src/core/journal/writer';

/** The primary metric the fixture reports. */
export const PRIMARY_METRIC = 'val_loss';

const event = (body: EventBody, t: number): JournalEvent => makeEvent(body, t) as JournalEvent;

const trialId = (index: number): string => `bench_${index}`;

/** The events that open the sweep. */
export function sweepStartEvents(trials: number, t: number): JournalEvent[] {
  return [
    event({
      type: 'sweep-created', name: 'bench', specPath: '/bench/bench.sweep.yaml', specHash: '0'.repeat(64), sampler: 'random', seed: 1,
      goal: 'minimize', primaryMetric: PRIMARY_METRIC, limits: { max_total_trials: trials, max_concurrent_trials: 8 }, policy: null, hypersweepVersion: '0.0.0-bench',
    }, t),
    event({ type: 'runner-started', pid: process.pid, host: 'bench', resume: false }, t),
  ];
}

/** `trial-created` and `trial-started` for trial `index`. */
export function trialStartEvents(index: number, t: number): JournalEvent[] {
  const id = trialId(index);
  const params = { learning_rate: 0.001 * (1 + (index % 17)), hidden: 2 ** (4 + (index % 5)), activation: index % 2 === 0 ? 'relu' : 'tanh' };
  return [
    event({ type: 'trial-created', trialId: id, index, sequence: index, params }, t),
    event({
      type: 'trial-started', trialId: id, attempt: 1, pid: 10_000 + index, processStartTime: t, target: 'local',
      argv: ['python', 'train.py', '--learning_rate', String(params.learning_rate), '--hidden', String(params.hidden)], cwd: '/bench',
    }, t),
  ];
}

/** One report of the primary metric by trial `index` at `step`. */
export function metricEvent(index: number, step: number, t: number): JournalEvent {
  return event({ type: 'metric', trialId: trialId(index), name: PRIMARY_METRIC, value: 1 / (step + 1) + index * 1e-6, step, timestamp: t, source: 'stdout' }, t);
}

/** `trial-ended` (Completed) for trial `index`. */
export function trialEndEvent(index: number, t: number): JournalEvent {
  return event({ type: 'trial-ended', trialId: trialId(index), attempt: 1, status: 'Completed', exitCode: 0, signal: null }, t);
}

/** What writing the fixture cost. */
export interface WrittenJournal {
  readonly events: number;
  readonly syncs: number;
}

/**
 * Writes the fixture to `path` (which must not exist). Each metric round (one step of every
 * trial) is one `appendMany`, so memory stays at one round of events, not the whole journal.
 */
export async function writeLargeJournal(path: string, trials: number, steps: number): Promise<WrittenJournal> {
  const writer = await JournalWriter.open(path);
  let events = 0;
  let t = Date.UTC(2025, 0, 1);
  const write = async (batch: JournalEvent[]): Promise<void> => {
    await writer.appendMany(batch);
    events += batch.length;
  };
  try {
    await write(sweepStartEvents(trials, t));
    await write(Array.from({ length: trials }, (_, i) => trialStartEvents(i, t)).flat());
    for (let step = 0; step < steps; step++) {
      t += 1000;
      await write(Array.from({ length: trials }, (_, i) => metricEvent(i, step, t)));
    }
    await write(Array.from({ length: trials }, (_, i) => trialEndEvent(i, t)));
    await write([event({ type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' }, t)]);
  } finally {
    await writer.close();
  }
  return { events, syncs: writer.syncs };
}
