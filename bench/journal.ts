/**
 * The journal at sweep scale: 10,000 trials x 100 steps of metric events (about a million lines)
 * written with `JournalWriter`, then `readJournal` + `replay` of that file in a fresh process
 * (times, and RSS from process.memoryUsage() plus the true peak), and the append rate with group
 * commit (many appends in flight share one write + fdatasync) against one awaited append at a time.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalWriter } from '../src/core/journal/writer';
import { grouped, perSecond, resultsFor, timeAsync, type BenchGroup, type BenchResult } from './harness';
import { metricEvent, sweepStartEvents, trialStartEvents, writeLargeJournal } from './journalFixture';
import type { ProbeReport } from './journalReplayProbe';

const TRIALS = 10_000;
const STEPS = 100;
const GROUPED_APPENDS = 20_000;
const SERIAL_APPENDS = 300;
const MB = 1024 * 1024;

function isProbeReport(value: unknown): value is ProbeReport {
  if (typeof value !== 'object' || value === null) return false;
  const fields: (keyof ProbeReport)[] = ['readMs', 'replayMs', 'events', 'rssBefore', 'rssAfterRead', 'rssAfterReplay', 'peakRss'];
  return fields.every((f) => typeof (value as Record<string, unknown>)[f] === 'number');
}

/** Runs the read + replay probe in a new node process with this process's loader flags (tsx). */
function probe(journalPath: string): Promise<ProbeReport> {
  const script = join(__dirname, 'journalReplayProbe.ts');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv, script, journalPath, String(TRIALS)], { maxBuffer: MB }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`The replay probe failed: ${stderr.trim() || error.message}`));
        return;
      }
      const parsed: unknown = JSON.parse(stdout);
      if (isProbeReport(parsed)) resolve(parsed);
      else reject(new Error(`The replay probe printed something unexpected: ${stdout.slice(0, 200)}`));
    });
  });
}

/** Appends/s when `count` appends are all in flight at once, and the number of syncs they took. */
async function groupedAppends(path: string): Promise<{ ms: number; syncs: number }> {
  const writer = await JournalWriter.open(path);
  try {
    const t = Date.now();
    await writer.appendMany([...sweepStartEvents(1, t), ...trialStartEvents(0, t)]);
    const before = writer.syncs;
    const ms = await timeAsync(async () => {
      await Promise.all(Array.from({ length: GROUPED_APPENDS }, (_, step) => writer.append(metricEvent(0, step, t))));
    });
    return { ms, syncs: writer.syncs - before };
  } finally {
    await writer.close();
  }
}

/** Appends/s when each append waits for the previous one to be durable. */
async function serialAppends(path: string): Promise<number> {
  const writer = await JournalWriter.open(path);
  try {
    const t = Date.now();
    await writer.appendMany([...sweepStartEvents(1, t), ...trialStartEvents(0, t)]);
    return await timeAsync(async () => {
      for (let step = 0; step < SERIAL_APPENDS; step++) await writer.append(metricEvent(0, step, t));
    });
  } finally {
    await writer.close();
  }
}

/** The `journal` benchmark group. */
export const journalGroup: BenchGroup = {
  name: 'journal',
  description: `${grouped(TRIALS)} trials x ${STEPS} steps: write, read + replay, append rates`,
  run: async () => {
    const result = resultsFor('journal');
    const dir = mkdtempSync(join(tmpdir(), 'hypersweep-bench-journal-'));
    try {
      const bigPath = join(dir, 'journal.jsonl');
      let written = { events: 0, syncs: 0 };
      const writeMs = await timeAsync(async () => {
        written = await writeLargeJournal(bigPath, TRIALS, STEPS);
      });
      const bytes = statSync(bigPath).size;
      const report = await probe(bigPath);
      if (report.events !== written.events) throw new Error(`The probe read ${report.events} events, ${written.events} were written`);
      const grouping = await groupedAppends(join(dir, 'grouped.jsonl'));
      const serialMs = await serialAppends(join(dir, 'serial.jsonl'));
      const results: BenchResult[] = [
        result('journal size', bytes / MB, 'MB', `${grouped(written.events)} events (${grouped(TRIALS)} trials x ${STEPS} metric steps), ${grouped(bytes / written.events)} bytes/event`),
        result('write (appendMany per round)', perSecond(written.events, writeMs), 'events/s', `${(writeMs / 1000).toFixed(2)} s, ${written.syncs} write+sync rounds`),
        result('readJournal', report.readMs, 'ms', `read + decode ${grouped(report.events)} lines, fresh process`),
        result('replay', report.replayMs, 'ms', `events -> SweepState, ${grouped(TRIALS)} trials`),
        result('read + replay: peak RSS delta', (report.peakRss - report.rssBefore) / MB, 'MB',
          `maxRSS - rss at start (${(report.rssBefore / MB).toFixed(0)} MB); rss after read +${((report.rssAfterRead - report.rssBefore) / MB).toFixed(0)}, after replay +${((report.rssAfterReplay - report.rssBefore) / MB).toFixed(0)}`),
        result('append, group commit', perSecond(GROUPED_APPENDS, grouping.ms), 'appends/s', `${grouped(GROUPED_APPENDS)} appends in flight, ${grouping.syncs} fdatasyncs`),
        result('append, one at a time', perSecond(SERIAL_APPENDS, serialMs), 'appends/s', `${SERIAL_APPENDS} awaited appends, 1 fdatasync each`),
      ];
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
