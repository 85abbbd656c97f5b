/**
 * Duplicate proposals: the built-in samplers never repeat a point by themselves, so this drives
 * the real SweepRunner (real launcher, journal, lock and MLflow endpoint) with a sampler object
 * that proposes a point twice, and checks the repeat is skipped and journaled, not run.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { sweepPaths } from '../../../src/core/journal/layout';
import { acquireRunnerLock } from '../../../src/core/journal/lock';
import { applyEvent } from '../../../src/core/journal/replay';
import { emptySweepState } from '../../../src/core/journal/state';
import { JournalWriter } from '../../../src/core/journal/writer';
import { LocalLauncher } from '../../../src/core/launchers/localLauncher';
import { startTrackingServer } from '../../../src/core/metrics/mlflow/server';
import type { HistoryEntry, ProposeResult, Sampler } from '../../../src/core/samplers/sampler';
import { SweepRunner } from '../../../src/core/scheduler/sweepRunner';
import { loadSpec, nodeFileSystem } from '../../../src/core/spec';
import type { Params } from '../../../src/core/spec/model';
import { eventsOf, journalEvents, specYaml, tempFolder, writeSpec } from './support';

const folder = tempFolder();
after(() => folder.remove());

/** Proposes a fixed list of points, one sequence number each, then reports exhaustion. */
class ScriptedSampler implements Sampler {
  readonly name = 'scripted';
  constructor(private readonly points: readonly Params[]) {}
  propose(history: readonly HistoryEntry[], count: number): ProposeResult {
    const next = history.length === 0 ? 0 : Math.max(...history.map((h) => h.sequence)) + 1;
    const proposals = this.points.slice(next, next + count).map((params, i) => ({ sequence: next + i, params }));
    return { proposals, exhausted: next + proposals.length >= this.points.length };
  }
}

void test('a proposal equal to an earlier trial is skipped and journaled as proposal-skipped', async () => {
  const specPath = writeSpec(folder.path, specYaml('--values ${{search_space.v}} --delay 1', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: ["1", "2", "3"]
limits:
  max_total_trials: 10
  max_concurrent_trials: 1
`));
  const loaded = loadSpec(readFileSync(specPath, 'utf8'), { fileName: specPath, specDir: dirname(specPath), fileSystem: nodeFileSystem });
  const spec = loaded.spec;
  assert.ok(spec);
  const sweepDir = join(folder.path, 'sweep');
  mkdirSync(sweepDir, { recursive: true });
  const taken = await acquireRunnerLock(sweepDir);
  assert.ok(taken.ok);
  const writer = await JournalWriter.open(sweepPaths(sweepDir).journal);
  const state = emptySweepState();
  const append = async (body: EventBody) => {
    const event = makeEvent(body) as JournalEvent;
    await writer.append(event);
    applyEvent(state, event);
  };
  await append({
    type: 'sweep-created', name: 'dup', specPath, specHash: 'x', sampler: 'scripted', seed: 1, goal: 'minimize',
    primaryMetric: 'loss', limits: { max_total_trials: 10, max_concurrent_trials: 1 }, policy: null, hypersweepVersion: 'test',
  });
  await append({ type: 'runner-started', pid: process.pid, host: taken.lock.owner.host, resume: false });
  const tracking = await startTrackingServer({ artifactRoot: join(sweepDir, 'mlruns') });
  const sampler = new ScriptedSampler([{ v: '1' }, { v: '2' }, { v: '1' }, { v: '3' }]);
  const runner = new SweepRunner({
    sweepDir, name: 'dup', spec, specDir: folder.path, codeDir: folder.path, state, writer, lock: taken.lock,
    launcher: new LocalLauncher({ slots: 1 }), sampler, policy: undefined, tracking, concurrency: 1, maxTotalTrials: 10, pending: [],
  });
  const final = await runner.start();

  assert.deepEqual(final.trials.map((t) => t.params), [{ v: '1' }, { v: '2' }, { v: '3' }]);
  assert.deepEqual(final.trials.map((t) => t.sequence), [0, 1, 3]);
  assert.ok(final.trials.every((t) => t.status === 'Completed'));
  const events = await journalEvents(sweepDir);
  const skipped = eventsOf(events, 'proposal-skipped');
  assert.equal(skipped.length, 1);
  assert.deepEqual({ ...skipped[0], t: 0 }, { v: 1, t: 0, type: 'proposal-skipped', sequence: 2, params: { v: '1' }, reason: 'duplicate', duplicateOf: 'dup_0' });
  assert.equal(final.status, 'Completed');
  assert.equal(final.endReason, 'space_exhausted');
});
