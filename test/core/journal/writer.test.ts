import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEventLine } from '../../../src/core/journal/codec';
import { makeEvent, type JournalEvent } from '../../../src/core/journal/events';
import { readJournal } from '../../../src/core/journal/reader';
import { JournalWriteError, JournalWriter } from '../../../src/core/journal/writer';
import { SAMPLE_EVENTS } from './sample-events';

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-writer-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function metric(i: number): JournalEvent {
  return makeEvent({ type: 'metric', trialId: 'w_0', name: 'm', value: i, step: i, timestamp: i, source: 'stdout' }, i);
}

describe('JournalWriter', () => {
  test('each append is in the file when its promise resolves (read back through a new file handle)', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const writer = await JournalWriter.open(path);
      for (const event of SAMPLE_EVENTS) {
        await writer.append(event);
        const onDisk = await readJournal(path);
        assert.deepEqual(onDisk.events.at(-1), event);
        assert.equal(onDisk.tornBytes, 0);
      }
      await writer.close();
      assert.deepEqual((await readJournal(path)).events, SAMPLE_EVENTS);
    }));

  test('concurrent appends keep call order, each resolves only once its line is written, and share syncs', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const writer = await JournalWriter.open(path);
      const events = Array.from({ length: 200 }, (_, i) => metric(i));
      await Promise.all(
        events.map((event) =>
          writer.append(event).then(() => {
            // Checked synchronously at resolution: the line must already be in the file.
            assert.ok(readFileSync(path, 'utf8').includes(encodeEventLine(event)), `event ${event.t} resolved before it was written`);
          }),
        ),
      );
      assert.ok(writer.syncs < events.length, `group commit: ${writer.syncs} syncs for ${events.length} appends`);
      await writer.close();
      assert.deepEqual((await readJournal(path)).events, events);
    }));

  test('queued events are written in order with awaited ones: an append resolves only once everything queued before it is on disk', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const writer = await JournalWriter.open(path);
      const queued = Array.from({ length: 5000 }, (_, i) => metric(i));
      for (const event of queued) writer.enqueue(event);
      const last = metric(5000);
      await writer.append(last);
      // Checked synchronously at resolution: every queued line is already in the file, in order.
      assert.deepEqual((await readJournal(path)).events, [...queued, last]);
      assert.ok(writer.syncs < 10, `group commit: ${writer.syncs} syncs for ${queued.length + 1} events`);
      writer.enqueue(metric(5001));
      await writer.durable();
      assert.equal((await readJournal(path)).events.length, 5002);
      await writer.durable(); // nothing pending: resolves at once
      await writer.close();
    }));

  test('appendMany writes a batch in order with one sync', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const writer = await JournalWriter.open(path);
      await writer.appendMany(SAMPLE_EVENTS);
      assert.equal(writer.syncs, 1);
      await writer.appendMany([]);
      await writer.close();
      assert.deepEqual((await readJournal(path)).events, SAMPLE_EVENTS);
    }));

  test('reopening appends after existing events and cuts a torn last line first', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      const first = SAMPLE_EVENTS.slice(0, 3);
      await writeFile(path, first.map(encodeEventLine).join('') + '{"v":1,"type":"met');
      const writer = await JournalWriter.open(path);
      assert.equal(writer.repairedBytes, '{"v":1,"type":"met'.length);
      await writer.append(SAMPLE_EVENTS[3]!);
      await writer.close();
      const back = await readJournal(path);
      assert.deepEqual(back.events, SAMPLE_EVENTS.slice(0, 4));
      assert.deepEqual(back.problems, []);
    }));

  test('a closed writer refuses appends with a clear error', () =>
    withTempDir(async (dir) => {
      const writer = await JournalWriter.open(join(dir, 'journal.jsonl'));
      await writer.close();
      await assert.rejects(writer.append(metric(1)), (err: unknown) => err instanceof JournalWriteError && /is closed/.test(err.message));
    }));

  test('opening in a missing folder fails with a clear error', async () => {
    await assert.rejects(JournalWriter.open(join(tmpdir(), 'hs-no-such-dir-x9', 'journal.jsonl')), (err: unknown) =>
      err instanceof JournalWriteError && /Cannot create the journal/.test(err.message));
  });

  test('a file written by another writer is appended to, not overwritten', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'journal.jsonl');
      await appendFile(path, encodeEventLine(metric(1)));
      const writer = await JournalWriter.open(path);
      await writer.append(metric(2));
      await writer.close();
      assert.equal((await readFile(path, 'utf8')).split('\n').length, 3);
    }));
});
