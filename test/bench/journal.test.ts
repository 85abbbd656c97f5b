import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { replay } from '../../src/core/journal/replay';
import { PRIMARY_METRIC, writeLargeJournal } from '../../bench/journalFixture';

const PROBE = join(__dirname, '..', '..', 'bench', 'journalReplayProbe.ts');

describe('journal benchmark fixture and probe', () => {
  test('the fixture is a valid journal: every trial completes with its steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypersweep-bench-test-'));
    try {
      const path = join(dir, 'journal.jsonl');
      const written = await writeLargeJournal(path, 20, 7);
      // header 2, created + started 2 per trial, 7 metrics per trial, ended 1 per trial, sweep-ended 1.
      assert.equal(written.events, 2 + 20 * 2 + 20 * 7 + 20 + 1);
      const contents = await readJournal(path);
      assert.deepEqual(contents.problems, []);
      const state = replay(contents.events);
      assert.deepEqual(state.problems, []);
      assert.equal(state.status, 'Completed');
      assert.equal(state.trials.length, 20);
      for (const trial of state.trials) {
        assert.equal(trial.status, 'Completed');
        assert.equal(trial.metrics[PRIMARY_METRIC]?.length, 7);
        assert.equal(trial.primary.length, 7);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the probe process reads, replays and reports times and memory as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypersweep-bench-test-'));
    try {
      const path = join(dir, 'journal.jsonl');
      const written = await writeLargeJournal(path, 5, 3);
      const out = execFileSync(process.execPath, ['--import', 'tsx', PROBE, path, '5'], { encoding: 'utf8' });
      const report = JSON.parse(out) as Record<string, number>;
      assert.equal(report.events, written.events);
      for (const key of ['readMs', 'replayMs', 'rssBefore', 'rssAfterRead', 'rssAfterReplay', 'peakRss']) {
        assert.equal(typeof report[key], 'number', key);
      }
      assert.ok((report.peakRss ?? 0) >= (report.rssBefore ?? Infinity));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the probe fails clearly when the trial count is not what the journal holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypersweep-bench-test-'));
    try {
      const path = join(dir, 'journal.jsonl');
      await writeLargeJournal(path, 5, 3);
      assert.throws(
        () => execFileSync(process.execPath, ['--import', 'tsx', PROBE, path, '6'], { encoding: 'utf8', stdio: 'pipe' }),
        (e: unknown) => e instanceof Error && 'stderr' in e && String(e.stderr).includes('expected 6'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
