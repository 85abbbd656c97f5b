import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { appendFile, mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEventLine } from '../../../src/core/journal/codec';
import type { JournalEvent } from '../../../src/core/journal/events';
import { JournalFollower, JournalReadError, readJournal, type FollowBatch } from '../../../src/core/journal/reader';
import { JournalWriter } from '../../../src/core/journal/writer';
import { SAMPLE_EVENTS } from './sample-events';

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-reader-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Resolves when `check` holds; fails the test (instead of hanging) if it never does. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`never happened: ${what}`);
}

describe('readJournal', () => {
  test('a journal cut at every byte offset replays all complete lines and drops only the torn one', () =>
    withTempDir(async (dir) => {
      const full = join(dir, 'full.jsonl');
      const writer = await JournalWriter.open(full);
      await writer.appendMany(SAMPLE_EVENTS);
      await writer.close();
      const bytes = await readFile(full);
      // Where each line ends (just past its newline), from the real file.
      const lineEnds: number[] = [];
      for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lineEnds.push(i + 1);
      assert.equal(lineEnds.length, SAMPLE_EVENTS.length);

      // Cut the real file shorter and shorter, one byte at a time, down to empty.
      const handle = await open(full, 'r+');
      try {
        for (let k = bytes.length; k >= 0; k--) {
          await handle.truncate(k);
          await checkCut(k);
        }
      } finally {
        await handle.close();
      }

      async function checkCut(k: number): Promise<void> {
        const result = await readJournal(full);
        const complete = lineEnds.filter((end) => end <= k).length;
        assert.deepEqual(result.events, SAMPLE_EVENTS.slice(0, complete), `cut at byte ${k}`);
        assert.deepEqual(result.problems, [], `cut at byte ${k}`);
        assert.equal(result.validBytes, complete === 0 ? 0 : lineEnds[complete - 1], `cut at byte ${k}`);
        assert.equal(result.validBytes + result.tornBytes, k);
      }
    }));

  test('after a cut (every 13th byte offset), reopening the writer and appending gives a clean journal', () =>
    withTempDir(async (dir) => {
      const events = SAMPLE_EVENTS.slice(0, 6);
      const bytes = Buffer.from(events.map(encodeEventLine).join(''));
      const path = join(dir, 'journal.jsonl');
      const extra = SAMPLE_EVENTS[6]!;
      for (let k = 0; k <= bytes.length; k += 13) {
        await writeFile(path, bytes.subarray(0, k));
        const before = await readJournal(path);
        const writer = await JournalWriter.open(path);
        await writer.append(extra);
        await writer.close();
        const after = await readJournal(path);
        assert.deepEqual(after.events, [...before.events, extra], `cut at byte ${k}`);
        assert.equal(after.tornBytes, 0);
      }
    }));

  test('bad lines in the middle are reported by line number and skipped', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const [a, b, c] = SAMPLE_EVENTS;
      await writeFile(path, encodeEventLine(a!) + 'garbage\n\n' + '{"v":1,"type":"nope","t":1}\r\n' + encodeEventLine(b!) + encodeEventLine(c!).replace('\n', '\r\n'));
      const result = await readJournal(path);
      assert.deepEqual(result.events, [a, b, c]);
      assert.deepEqual(result.problems.map((p) => p.line), [2, 4]);
      assert.match(result.problems[0]!.message, /not valid JSON/);
      assert.match(result.problems[1]!.message, /type must be one of/);
    }));

  test('a missing journal is a clear error', async () => {
    await assert.rejects(readJournal(join(tmpdir(), 'hs-none-x7', 'journal.jsonl')), (err: unknown) =>
      err instanceof JournalReadError && /No journal at .*hypersweep run/.test(err.message));
  });
});

describe('JournalFollower', () => {
  test('sees events appended by a writer, each once, in order, and ignores a torn tail until it is complete', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const seen: JournalEvent[] = [];
      const batches: FollowBatch[] = [];
      const follower = new JournalFollower(path, (batch) => {
        batches.push(batch);
        seen.push(...batch.events);
      }, { pollIntervalMs: 50 });
      await follower.start(); // before the journal exists
      try {
        assert.deepEqual(seen, []);
        const writer = await JournalWriter.open(path);
        await writer.appendMany(SAMPLE_EVENTS.slice(0, 3));
        await eventually(() => seen.length === 3, 'first three events');
        for (const event of SAMPLE_EVENTS.slice(3, 8)) await writer.append(event);
        await eventually(() => seen.length === 8, 'next five events');
        await writer.close();

        // A line in progress is not delivered, and not reported as a problem.
        const line = encodeEventLine(SAMPLE_EVENTS[8]!);
        await appendFile(path, line.slice(0, 20));
        await follower.poll();
        assert.equal(seen.length, 8);
        await appendFile(path, line.slice(20));
        await eventually(() => seen.length === 9, 'the completed line');

        assert.deepEqual(seen, SAMPLE_EVENTS.slice(0, 9));
        assert.ok(batches.every((b) => !b.reset && b.problems.length === 0));
      } finally {
        follower.close();
      }
    }));

  test('reports bad lines with their line numbers and signals a reset when the file is replaced', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      await writeFile(path, encodeEventLine(SAMPLE_EVENTS[0]!) + 'oops\n');
      const batches: FollowBatch[] = [];
      const follower = new JournalFollower(path, (batch) => batches.push(batch), { pollIntervalMs: 50 });
      await follower.start();
      try {
        assert.equal(batches.length, 1);
        assert.deepEqual(batches[0]!.problems.map((p) => p.line), [2]);
        await appendFile(path, 'bad again\n');
        await eventually(() => batches.length === 2, 'second batch');
        assert.deepEqual(batches[1]!.problems.map((p) => p.line), [3]);

        await truncate(path, 0);
        await writeFile(path, encodeEventLine(SAMPLE_EVENTS[1]!));
        // The follower may look between the truncation and the write: what counts is that a reset
        // came and that the events after it are exactly the new file's.
        const sinceReset = (): JournalEvent[] => {
          const at = batches.findIndex((b) => b.reset);
          return at < 0 ? [] : batches.slice(at).flatMap((b) => [...b.events]);
        };
        await eventually(() => sinceReset().length === 1, 'reset and the new event');
        assert.deepEqual(sinceReset(), [SAMPLE_EVENTS[1]]);
      } finally {
        follower.close();
      }
    }));
});

describe('JournalFollower with maxBatchBytes', () => {
  /** Follows `path` to its end with `maxBatchBytes`, returning every batch. */
  async function followAll(path: string, maxBatchBytes?: number): Promise<FollowBatch[]> {
    const batches: FollowBatch[] = [];
    const follower = new JournalFollower(path, (batch) => batches.push(batch), { pollIntervalMs: 10_000, ...(maxBatchBytes !== undefined ? { maxBatchBytes } : {}) });
    try {
      await follower.start();
    } finally {
      follower.close();
    }
    return batches;
  }

  test('a journal read in small chunks gives the same events, in order, as one read; remainingBytes falls to 0', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      await writeFile(path, SAMPLE_EVENTS.map(encodeEventLine).join('') + 'oops\n' + encodeEventLine(SAMPLE_EVENTS[0]!).slice(0, 15));
      const whole = await followAll(path);
      assert.equal(whole.length, 1);
      assert.equal(whole[0]!.remainingBytes, 0);
      const size = (await readFile(path)).length;
      await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 400 }), async (cap) => {
        const batches = await followAll(path, cap);
        assert.deepEqual(batches.flatMap((b) => [...b.events]), whole[0]!.events);
        assert.deepEqual(batches.flatMap((b) => [...b.problems]), whole[0]!.problems);
        assert.ok(batches.every((b) => !b.reset));
        // Progress never goes back, each batch accounts for the whole file, and the last one is caught up.
        for (let i = 1; i < batches.length; i++) assert.ok(batches[i]!.readBytes >= batches[i - 1]!.readBytes, `batch ${i} went back`);
        for (const b of batches.slice(0, -1)) assert.equal(b.readBytes + b.remainingBytes, size);
        assert.equal(batches.at(-1)!.remainingBytes, 0);
        assert.equal(batches.at(-1)!.readBytes, whole[0]!.readBytes);
      }), { numRuns: 30 });
    }));

  test('a line longer than the cap is still delivered whole', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      await writeFile(path, SAMPLE_EVENTS.map(encodeEventLine).join(''));
      const longest = Math.max(...SAMPLE_EVENTS.map((e) => Buffer.byteLength(encodeEventLine(e))));
      const batches = await followAll(path, 8);
      assert.ok(longest > 8);
      assert.deepEqual(batches.flatMap((b) => [...b.events]), SAMPLE_EVENTS);
      assert.equal(batches.length, SAMPLE_EVENTS.length);
      assert.equal(batches.at(-1)!.remainingBytes, 0);
    }));

  test('catching up is reported even when the last chunk holds only a torn line', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const first = encodeEventLine(SAMPLE_EVENTS[0]!);
      await writeFile(path, first + encodeEventLine(SAMPLE_EVENTS[1]!).slice(0, 10));
      const batches = await followAll(path, Buffer.byteLength(first));
      assert.deepEqual(batches.map((b) => [b.events.length, b.remainingBytes]), [[1, 10], [0, 0]]);
    }));

  test('a cap that is not a positive whole number is refused with a clear error', () => {
    assert.throws(() => new JournalFollower('/nowhere', () => undefined, { maxBatchBytes: 0 }), /maxBatchBytes must be a positive whole number/);
    assert.throws(() => new JournalFollower('/nowhere', () => undefined, { maxBatchBytes: 1.5 }), RangeError);
  });
});
