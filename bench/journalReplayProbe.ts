/**
 * Run as its own process by the journal benchmark: reads and replays one journal and prints the
 * times and memory as one JSON line. A fresh process is what makes the peak-RSS figure honest:
 * the benchmark process has held other data before, and a process's peak RSS never goes down.
 *
 * Usage: node --import tsx bench/journalReplayProbe.ts <journal path> <expected trial count>
 */
import { readJournal } from '../src/core/journal/reader';
import { replay } from '../src/core/journal/replay';
import { now } from './harness';

/** What the probe prints. Memory in bytes, times in ms. */
export interface ProbeReport {
  readonly readMs: number;
  readonly replayMs: number;
  readonly events: number;
  readonly rssBefore: number;
  readonly rssAfterRead: number;
  readonly rssAfterReplay: number;
  /** Peak RSS of the probe process over its life (resourceUsage().maxRSS). */
  readonly peakRss: number;
}

async function main(path: string, expectedTrials: number): Promise<ProbeReport> {
  const rssBefore = process.memoryUsage().rss;
  let start = now();
  const contents = await readJournal(path);
  const readMs = now() - start;
  const rssAfterRead = process.memoryUsage().rss;
  if (contents.problems.length > 0) throw new Error(`The journal has ${contents.problems.length} bad lines, first: ${contents.problems[0]?.message ?? ''}`);
  start = now();
  const state = replay(contents.events);
  const replayMs = now() - start;
  const rssAfterReplay = process.memoryUsage().rss;
  const completed = state.trials.filter((t) => t.status === 'Completed' && t.bestPrimary !== undefined).length;
  if (completed !== expectedTrials || state.problems.length > 0) {
    throw new Error(`Replay gave ${completed} completed trials with a best value and ${state.problems.length} problems; expected ${expectedTrials} and 0`);
  }
  // maxRSS is in kilobytes.
  return { readMs, replayMs, events: contents.events.length, rssBefore, rssAfterRead, rssAfterReplay, peakRss: process.resourceUsage().maxRSS * 1024 };
}

const [path, expected] = process.argv.slice(2);
if (path === undefined || expected === undefined || !Number.isSafeInteger(Number(expected))) {
  process.stderr.write('usage: journalReplayProbe.ts <journal path> <expected trial count>\n');
  process.exitCode = 2;
} else {
  main(path, Number(expected)).then(
    (report) => process.stdout.write(JSON.stringify(report) + '\n'),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
