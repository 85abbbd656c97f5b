/**
 * The runner's limits and samplers end to end, in-process with the real launcher, journal and
 * lock: max_total_trials, max_concurrent_trials, trial and sweep timeouts, a grid and a discrete
 * random space running out, and duplicate proposals being skipped and journaled.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEvent } from '../../../src/core/journal/events';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, writeSpec } from './support';

const folder = tempFolder();
after(() => folder.remove());
let counter = 0;

/** A fresh sub-folder for one test: the spec lives in it and the sweep in `<it>/sweep`. */
function testDir(): { dir: string; sweepDir: string } {
  counter += 1;
  const dir = join(folder.path, `case_${counter}`);
  return { dir, sweepDir: join(dir, 'sweep') };
}

async function runSpec(yaml: string, seed = 7) {
  const { dir, sweepDir } = testDir();
  mkdirSync(dir, { recursive: true });
  const specPath = writeSpec(dir, yaml);
  const { runner } = await openFromFile(specPath, sweepDir, { seed });
  const state = await runner.start();
  return { state, events: await journalEvents(sweepDir), dir, sweepDir };
}

/** Most trials running at once according to the journal's started/ended order. */
function maxRunning(events: readonly JournalEvent[]): number {
  let running = 0;
  let most = 0;
  for (const e of events) {
    if (e.type === 'trial-started') running++;
    if (e.type === 'trial-ended') running--;
    most = Math.max(most, running);
  }
  return most;
}

/** Most trial processes alive at once according to the times the trials wrote themselves. */
function maxOverlap(timesDir: string): number {
  const spans = readdirSync(timesDir).map((f) => JSON.parse(readFileSync(join(timesDir, f), 'utf8')) as { start: number; end: number });
  const points = spans.flatMap((s) => [{ t: s.start, d: 1 }, { t: s.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let live = 0;
  let most = 0;
  for (const p of points) {
    live += p.d;
    most = Math.max(most, live);
  }
  return most;
}

void describe('runner limits', () => {
  void test('max_total_trials is honoured and max_concurrent_trials never exceeded', async () => {
    const { dir } = testDir();
    const times = join(dir, 'times');
    const { state, events } = await runSpec(
      specYaml(`--values 0.9,\${{search_space.x}} --delay 40 --times ${JSON.stringify(times)}`, `
sampling_algorithm: random
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 1
limits:
  max_total_trials: 7
  max_concurrent_trials: 3
`),
    );
    assert.equal(eventsOf(events, 'trial-created').length, 7);
    assert.equal(state.trials.length, 7);
    assert.ok(state.trials.every((t) => t.status === 'Completed'));
    assert.equal(state.status, 'Completed');
    assert.equal(state.endReason, 'max_total_trials');
    assert.equal(maxRunning(events), 3, 'the runner should use, and never pass, 3 slots');
    assert.ok(maxOverlap(times) <= 3, 'never more than 3 trial processes alive at once');
    assert.equal(readdirSync(times).length, 7);
  });

  void test('trial_timeout stops a trial with reason trial_timeout', async () => {
    const { state, events } = await runSpec(
      specYaml('--values ${{search_space.v}}', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: ["0.5", "0.4,hang"]
limits:
  max_total_trials: 2
  max_concurrent_trials: 2
  trial_timeout: 1
`),
    );
    const [quick, hung] = state.trials;
    assert.equal(quick?.status, 'Completed');
    assert.equal(hung?.status, 'Canceled');
    assert.equal(hung?.reason, 'trial_timeout');
    assert.deepEqual(hung?.primary.map((p) => p.value), [0.4], 'metrics before the timeout are kept');
    assert.equal(state.status, 'Completed');
    const ended = eventsOf(events, 'trial-ended').find((e) => e.trialId === hung?.id);
    assert.equal(ended?.reason, 'trial_timeout');
  });

  void test('the sweep timeout cancels running trials and ends the sweep Canceled', async () => {
    const { state, events } = await runSpec(
      specYaml('--values ${{search_space.v}}', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: ["1,hang", "2,hang", "3,hang"]
limits:
  max_total_trials: 3
  max_concurrent_trials: 2
  timeout: 1
`),
    );
    assert.equal(state.status, 'Canceled');
    assert.equal(state.endReason, 'sweep_timeout');
    assert.equal(state.trials.length, 2, 'no trial is created after the timeout');
    for (const trial of state.trials) {
      assert.equal(trial.status, 'Canceled');
      assert.equal(trial.reason, 'sweep_timeout');
    }
    assert.equal(events.at(-1)?.type, 'sweep-ended');
  });
});

void describe('samplers running out', () => {
  void test('a grid runs every point in lexicographic order and ends with space_exhausted', async () => {
    const { state } = await runSpec(
      specYaml('--values 1 --delay 1 --tag ${{search_space.a}} ${{search_space.b}}', `
sampling_algorithm: grid
search_space:
  a:
    type: choice
    values: [1, 2]
  b:
    type: choice
    values: [x, y, z]
limits:
  max_total_trials: 100
  max_concurrent_trials: 4
`),
    );
    assert.deepEqual(
      state.trials.map((t) => t.params),
      [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' }],
    );
    assert.equal(state.status, 'Completed');
    assert.equal(state.endReason, 'space_exhausted');
  });

  void test('random sampling of a tiny discrete space draws without replacement and stops when it is used up', async () => {
    const { state, events } = await runSpec(
      specYaml('--values 1 --delay 1 --tag ${{search_space.a}} ${{search_space.n}}', `
sampling_algorithm: random
search_space:
  a:
    type: choice
    values: [p, q]
  n:
    type: randint
    upper: 2
limits:
  max_total_trials: 50
  max_concurrent_trials: 2
`),
      12345,
    );
    const keys = state.trials.map((t) => JSON.stringify(t.params));
    assert.equal(keys.length, 4);
    assert.equal(new Set(keys).size, 4, 'no configuration twice');
    assert.deepEqual([...keys].sort(), ['{"a":"p","n":0}', '{"a":"p","n":1}', '{"a":"q","n":0}', '{"a":"q","n":1}']);
    assert.equal(state.endReason, 'space_exhausted');
    assert.equal(eventsOf(events, 'proposal-skipped').length, 0);
  });
});
