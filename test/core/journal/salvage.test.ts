/**
 * Journals damaged the way a crash leaves them, read from real files: events glued onto one line,
 * an event cut short in the middle of the file, runs of NUL bytes, a line written twice. Every
 * whole event is read, in order; every damaged line is reported by number; and the report the
 * commands print names the file and line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEventLine } from '../../../src/core/journal/codec';
import { journalDamageLines } from '../../../src/core/journal/damageReport';
import type { JournalEvent } from '../../../src/core/journal/events';
import { JournalFollower, readJournal, type FollowBatch } from '../../../src/core/journal/reader';
import { replay } from '../../../src/core/journal/replay';
import { SAMPLE_EVENTS } from './sample-events';

async function withJournal(text: string, run: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-salvage-'));
  try {
    const path = join(dir, 'journal.jsonl');
    await writeFile(path, text);
    await run(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const lines = SAMPLE_EVENTS.map(encodeEventLine);
const line = (i: number): string => lines[i] ?? assert.fail(`no sample event ${i}`);
const event = (i: number): JournalEvent => SAMPLE_EVENTS[i] ?? assert.fail(`no sample event ${i}`);

/** How the newline after one line is damaged. */
type Seam = 'intact' | 'glued' | 'nul-line' | 'nul-glued';

describe('damaged journal lines', () => {
  test('glued events are split and all read; the line is reported', () =>
    withJournal(line(0) + line(1).trimEnd() + line(2) + line(3), async (path) => {
      const result = await readJournal(path);
      assert.deepEqual(result.events, SAMPLE_EVENTS.slice(0, 4));
      assert.deepEqual(result.eventLines, [1, 2, 2, 3]);
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0]?.line, 2);
      assert.match(result.problems[0]?.message ?? '', /2 events were glued on one line.*2 whole events were read/);
    }));

  test('an event cut short in the middle is skipped and named (type and trial); the rest is read', () => {
    const torn = line(2).slice(0, 75);
    return withJournal(line(0) + line(1) + torn + '\n' + line(3) + line(4), async (path) => {
      const result = await readJournal(path);
      assert.deepEqual(result.events, [event(0), event(1), event(3), event(4)]);
      assert.deepEqual(result.problems.map((p) => p.line), [3]);
      assert.match(result.problems[0]?.message ?? '', /a torn trial-created event of trial demo_0 was skipped/);
    });
  });

  test('an event cut short with the next event glued onto it: the whole one is kept', () =>
    withJournal(line(0) + line(2).slice(0, 55) + line(3) + line(4), async (path) => {
      const result = await readJournal(path);
      assert.deepEqual(result.events, [event(0), event(3), event(4)]);
      assert.match(result.problems[0]?.message ?? '', /2 events were glued.*1 whole event was read; a torn trial-created event was skipped/);
    }));

  test('a parameter named v (a nested {"v":) does not split a glued event', () => {
    const created = (i: number): JournalEvent => ({ v: 1, t: 5 + i, type: 'trial-created', trialId: `demo_${i}`, index: i, sequence: i, params: { v: { v: i, t: 1 } } });
    const [a, b, c] = [created(0), created(1), created(2)].map(encodeEventLine);
    const torn = (b ?? '').slice(0, (b ?? '').indexOf('"t":1') + 2);
    return withJournal(line(0) + (a ?? '').trimEnd() + torn + (c ?? ''), async (path) => {
      const result = await readJournal(path);
      assert.deepEqual(result.events, [event(0), created(0), created(2)]);
      assert.deepEqual(result.problems.map((p) => p.message), [
        '3 events were glued on one line (a crash lost the newlines between them); 2 whole events were read; ' +
          'a torn trial-created event of trial demo_1 was skipped (a crash cut it short)',
      ]);
    });
  });

  test('NUL runs (a line of them, or inside a line) are skipped and counted', () =>
    withJournal(line(0) + '\0'.repeat(64) + '\n' + '\0\0\0' + line(1) + line(2), async (path) => {
      const result = await readJournal(path);
      assert.deepEqual(result.events, SAMPLE_EVENTS.slice(0, 3));
      assert.deepEqual(result.problems.map((p) => [p.line, p.message]), [
        [2, '64 NUL bytes (space a crash left unwritten) were skipped'],
        [3, '3 NUL bytes (space a crash left unwritten) were skipped'],
      ]);
    }));

  test('a line written twice is read once, also when a follower reads the copy in a later batch', () =>
    withJournal(line(0) + line(1) + line(1), async (path) => {
      const result = await readJournal(path);
      assert.deepEqual(result.events, SAMPLE_EVENTS.slice(0, 2));
      assert.deepEqual(result.problems.map((p) => p.line), [3]);
      assert.match(result.problems[0]?.message ?? '', /repeats line 2 byte for byte/);
      const batches: FollowBatch[] = [];
      const follower = new JournalFollower(path, (batch) => batches.push(batch), { maxBatchBytes: 1 });
      try {
        await follower.start();
      } finally {
        follower.close();
      }
      assert.deepEqual(batches.flatMap((b) => [...b.events]), result.events);
      assert.deepEqual(batches.flatMap((b) => [...b.problems]), result.problems);
    }));

  test('a whole line that is no valid event (newer format) is not called crash damage', () =>
    withJournal(line(0) + '{"v":99,"t":1,"type":"x"}\n', async (path) => {
      const result = await readJournal(path);
      assert.match(result.problems[0]?.message ?? '', /newer than this HyperSweep understands/);
    }));

  test('property: any mix of glued seams and NUL runs loses no whole event, keeps the order, and reports each damaged line', () => {
    const seam = fc.constantFrom<Seam>('intact', 'intact', 'glued', 'nul-line', 'nul-glued');
    return fc.assert(
      fc.asyncProperty(fc.array(seam, { minLength: lines.length - 1, maxLength: lines.length - 1 }), fc.integer({ min: 1, max: 40 }), async (seams, nuls) => {
        let text = line(0);
        for (let i = 1; i < lines.length; i++) {
          const cut = seams[i - 1] ?? 'intact';
          if (cut === 'glued') text = text.slice(0, -1);
          if (cut === 'nul-line') text += '\0'.repeat(nuls) + '\n';
          if (cut === 'nul-glued') text = text.slice(0, -1) + '\0'.repeat(nuls);
          text += line(i);
        }
        await withJournal(text, async (path) => {
          const result = await readJournal(path);
          assert.deepEqual(result.events, SAMPLE_EVENTS);
          assert.equal(result.problems.length, damagedLines(seams));
          assert.equal(result.tornBytes, 0);
        });
      }),
      { numRuns: 60, seed: 16 },
    );
  });

  test('the printed report names the file and line, groups the events of a lost trial, and includes a torn tail', () => {
    const text = line(0) + line(1) + line(2).slice(0, 60) + '\n' + line(5) + line(7) + line(8) + line(3) + '{"v":1,"t":17';
    return withJournal(text, async (path) => {
      const contents = await readJournal(path);
      const report = journalDamageLines(path, contents, replay(contents.events));
      assert.deepEqual(report, [
        `${path}:3: a torn trial-created event was skipped (a crash cut it short)`,
        `${path}:4: trial-started for unknown trial demo_0 (and 2 more of its events, up to line 6): skipped, its trial-created line is lost`,
        `${path}:8: the last line is incomplete (13 bytes without a newline; a crash while it was written) and is ignored; \`hypersweep resume\` removes it`,
      ]);
      assert.deepEqual(journalDamageLines(path, contents, replay(contents.events), { live: true }).length, 2, 'a live sweep may be writing its last line');
    });
  });
});

/**
 * Damaged lines the seams make: each line of NULs, and each physical line that events were glued
 * into (a run of gluing seams in a row makes one such line).
 */
function damagedLines(seams: readonly Seam[]): number {
  let count = 0;
  let inRun = false;
  for (const seam of seams) {
    const gluing = seam === 'glued' || seam === 'nul-glued';
    if (seam === 'nul-line') count++;
    if (gluing && !inRun) count++;
    inRun = gluing;
  }
  return count;
}
