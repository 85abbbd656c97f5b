/**
 * The watcher follows real sweep folders written by a real runner in this process: it sees a
 * sweep appear, its trials progress to the end (same state as a fresh replay), its runner's
 * liveness, and the folder's removal.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../../src/core/journal/reader';
import { replay } from '../../../src/core/journal/replay';
import { SweepWatcher, type SweepChange } from '../../../src/extension/sweeps/sweepWatcher';
import { FileTail } from '../../../src/extension/sweeps/fileTail';
import { freshSweepFolder, sweepNameFor } from '../../../src/extension/sweeps/runnerProcess';
import { openFromFile, specYaml, tempFolder, writeSpec } from '../../core/scheduler/support';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { sweepView } from '../../../src/extension/sweeps/treeModel';

const folder = tempFolder('hypersweep-watcher-');
after(() => folder.remove());

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

void test('follows a sweep from its start to its end and sees its folder go', async () => {
  const root = join(folder.path, 'sweeps');
  mkdirSync(root, { recursive: true });
  const changes: SweepChange[] = [];
  const watcher = new SweepWatcher(root, (c) => changes.push(c), { rescanMs: 50, journalPollMs: 50 });
  await watcher.start();
  try {
    assert.deepEqual(watcher.sweeps(), []);
    const specPath = writeSpec(folder.path, specYaml('--values ${{search_space.v}} --delay 20', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: ["0.5,0.4", "0.3"]
limits:
  max_total_trials: 2
`));
    const sweepDir = join(root, 'sw');
    const { runner } = await openFromFile(specPath, sweepDir);
    const done = runner.start();
    await until('the sweep to be seen running', () => watcher.get(sweepDir)?.runnerAlive === true);
    const final = await done;
    await until('the sweep end', () => watcher.get(sweepDir)?.state.status === 'Completed');
    const watched = watcher.get(sweepDir);
    const fresh = replay((await readJournal(join(sweepDir, 'journal.jsonl'))).events);
    assert.deepEqual(watched?.state.trials.map((t) => [t.id, t.status, t.bestPrimary]), fresh.trials.map((t) => [t.id, t.status, t.bestPrimary]));
    assert.equal(final.bestTrialId, watched?.state.bestTrialId);
    await until('the runner to be seen gone', () => watcher.get(sweepDir)?.runnerAlive === false);
    rmSync(sweepDir, { recursive: true, force: true });
    await until('the removal', () => changes.some((c) => c.dir === sweepDir && c.removed));
    assert.equal(watcher.get(sweepDir), undefined);
  } finally {
    watcher.close();
  }
});

void test('a file tail delivers everything written, split UTF-8 included, exactly once', async () => {
  const path = join(folder.path, 'out.log');
  writeFileSync(path, 'first\n');
  let seen = '';
  const tail = new FileTail(path, (text) => (seen += text), 20);
  tail.start();
  await until('the first line', () => seen === 'first\n');
  const euro = Buffer.from('€', 'utf8');
  appendFileSync(path, euro.subarray(0, 1));
  await tail.readNew();
  appendFileSync(path, Buffer.concat([euro.subarray(1), Buffer.from(' end\n')]));
  await tail.finish();
  assert.equal(seen, 'first\n€ end\n');
});

void test('new sweep folders never reuse an earlier sweep\'s folder', () => {
  const root = join(folder.path, 'names');
  assert.equal(sweepNameFor(undefined, '/a/train.sweep.yaml'), 'train');
  assert.equal(sweepNameFor('named', '/a/train.sweep.yaml'), 'named');
  const first = freshSweepFolder(root, 'train');
  mkdirSync(first.dir, { recursive: true });
  writeFileSync(join(first.dir, 'journal.jsonl'), '');
  const second = freshSweepFolder(root, 'train');
  assert.deepEqual([first.name, second.name], ['train', 'train-2']);
});

void test('a damaged journal line becomes a warning the tree shows (file:line and what was wrong)', async () => {
  const root = join(folder.path, 'damaged-sweeps');
  mkdirSync(root, { recursive: true });
  const specPath = writeSpec(folder.path, specYaml('--values 0.5', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: [1, 2]
limits:
  max_total_trials: 2
`), 'damaged.yaml');
  const sweepDir = join(root, 'dmg');
  const { runner } = await openFromFile(specPath, sweepDir);
  await runner.start();
  // A crash can leave a torn event on its own line in the middle of a journal.
  const journalPath = join(sweepDir, 'journal.jsonl');
  const lines = readFileSync(journalPath, 'utf8').split('\n');
  const torn = lines.findIndex((l) => l.includes('"trial-started"'));
  lines[torn] = (lines[torn] ?? '').slice(0, 25);
  writeFileSync(journalPath, lines.join('\n'));
  const watcher = new SweepWatcher(root, () => undefined, { rescanMs: 50, journalPollMs: 50 });
  await watcher.start();
  try {
    await until('the sweep to be read', () => watcher.get(sweepDir)?.state.status === 'Completed');
    const sweep = watcher.get(sweepDir);
    assert.ok(sweep);
    const warning = sweep.state.warnings.map((w) => w.message).find((m) => m.startsWith(`journal.jsonl:${torn + 1}:`));
    assert.ok(warning, `no warning names line ${torn + 1}: ${JSON.stringify(sweep.state.warnings)}`);
    assert.match(String(sweepView(sweep).tooltip), new RegExp(`warning: journal\\.jsonl:${torn + 1}:`));
  } finally {
    watcher.close();
  }
});
