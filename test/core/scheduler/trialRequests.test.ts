/**
 * Per-trial requests from other processes: the request files themselves, a live runner acting on
 * `cancel-trial` (that trial ends Canceled/user, the sweep goes on) and `rerun` (a new trial with
 * the same params and `rerunOf`), a resume running a re-run left for it, and cancelling a trial
 * whose runner is gone.
 */
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { JournalWriter } from '../../../src/core/journal/writer';
import {
  peekTrialRequests, takeTrialRequests, TRIAL_REQUESTS_FOLDER, writeTrialRequest,
} from '../../../src/core/scheduler/cancelRequest';
import { resumeSweep } from '../../../src/core/scheduler/sweepSession';
import { cancelTrial, requestRerun } from '../../../src/core/scheduler/trialActions';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, writeSpec } from './support';

const folder = tempFolder('hypersweep-trial-requests-');
after(() => folder.remove());
let counter = 0;
function caseDir(): string {
  counter += 1;
  const dir = join(folder.path, `case_${counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('request files', () => {
  void test('are taken once, oldest first, and only of the asked kind', () => {
    const dir = caseDir();
    writeTrialRequest(dir, 'rerun', 'sw_1', 'vscode');
    writeTrialRequest(dir, 'cancel-trial', 'sw_0', 'cli');
    writeTrialRequest(dir, 'rerun', 'sw_2', 'vscode');
    assert.deepEqual(peekTrialRequests(dir, 'rerun').map((r) => r.trialId), ['sw_1', 'sw_2']);
    assert.deepEqual(takeTrialRequests(dir, 'rerun').map((r) => [r.trialId, r.by]), [['sw_1', 'vscode'], ['sw_2', 'vscode']]);
    assert.deepEqual(takeTrialRequests(dir, 'rerun'), []);
    assert.deepEqual(takeTrialRequests(dir, 'cancel-trial').map((r) => r.trialId), ['sw_0']);
    assert.deepEqual(readdirSync(join(dir, TRIAL_REQUESTS_FOLDER)), []);
  });

  void test('a malformed request file is removed without being acted on', () => {
    const dir = caseDir();
    mkdirSync(join(dir, TRIAL_REQUESTS_FOLDER), { recursive: true });
    writeFileSync(join(dir, TRIAL_REQUESTS_FOLDER, '000000000000001-1-1-rerun.json'), '{"kind":"rerun"');
    assert.deepEqual(takeTrialRequests(dir, 'rerun'), []);
    assert.deepEqual(readdirSync(join(dir, TRIAL_REQUESTS_FOLDER)), []);
  });

  void test('a folder without requests yields none', () => {
    assert.deepEqual(takeTrialRequests(caseDir(), 'cancel-trial'), []);
  });

  void test('any trial id round-trips through a request file', () => {
    const dir = caseDir();
    fc.assert(fc.property(fc.string({ minLength: 1 }), (trialId) => {
      writeTrialRequest(dir, 'cancel-trial', trialId, 'cli');
      const taken = takeTrialRequests(dir, 'cancel-trial');
      return taken.length === 1 && taken[0]?.trialId === trialId;
    }), { numRuns: 50 });
  });
});

/** Two trials side by side: `i=0` reports and hangs, `i=1` reports and hangs too unless `quick`. */
function twoTrialSpec(dir: string, secondValues: string): string {
  return writeSpec(dir, specYaml('--values ${{search_space.v}} --delay 30', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: ["1,hang", "${secondValues}"]
limits:
  max_total_trials: 2
  max_concurrent_trials: 2
`));
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hasMetric = (sweepDir: string, trialId: string) => async () =>
  eventsOf(await journalEvents(sweepDir), 'metric').some((e) => e.trialId === trialId);

describe('a live runner', () => {
  void test('cancels one trial on a cancel-trial request and lets the sweep finish', async () => {
    const dir = caseDir();
    const { runner, sweepDir } = await openFromFile(twoTrialSpec(dir, '0.5,0.4,0.3,0.2,0.1'), join(dir, 'sweep'));
    const done = runner.start();
    await waitFor('trial sw_0 to report', hasMetric(sweepDir, 'sw_0'));
    assert.equal(await cancelTrial(sweepDir, 'sw_0', 'vscode'), 'canceled');
    const state = await done;
    const byId = new Map(state.trials.map((t) => [t.id, t]));
    assert.equal(byId.get('sw_0')?.status, 'Canceled');
    assert.equal(byId.get('sw_0')?.reason, 'user');
    assert.equal(byId.get('sw_1')?.status, 'Completed');
    assert.equal(state.status, 'Completed', 'cancelling one trial does not cancel the sweep');
    assert.equal(await cancelTrial(sweepDir, 'sw_0', 'vscode'), 'not-running');
  });

  void test('runs a re-run request as a new trial with the same parameters', async () => {
    const dir = caseDir();
    const { runner, sweepDir } = await openFromFile(twoTrialSpec(dir, '0.5'), join(dir, 'sweep'));
    const done = runner.start();
    await waitFor('trial sw_1 to end', async () => eventsOf(await journalEvents(sweepDir), 'trial-ended').some((e) => e.trialId === 'sw_1'));
    assert.deepEqual(await requestRerun(sweepDir, 'sw_1', 'vscode'), { runnerAlive: true });
    await waitFor('the re-run to end', async () => eventsOf(await journalEvents(sweepDir), 'trial-ended').some((e) => e.trialId === 'sw_2'));
    runner.cancel('cli');
    const state = await done;
    const rerun = state.trials.find((t) => t.id === 'sw_2');
    assert.equal(rerun?.rerunOf, 'sw_1');
    assert.deepEqual(rerun?.params, state.trials.find((t) => t.id === 'sw_1')?.params);
    assert.equal(rerun?.status, 'Completed');
    assert.equal(state.trials.length, 3);
  });

  void test('refuses a re-run of a trial that does not exist', async () => {
    const dir = caseDir();
    const { runner, sweepDir } = await openFromFile(twoTrialSpec(dir, '0.5'), join(dir, 'sweep'));
    const done = runner.start();
    await assert.rejects(requestRerun(sweepDir, 'nope_9', 'cli'), /has no trial nope_9/);
    runner.cancel('cli');
    await done;
  });
});

describe('without a live runner', () => {
  void test('a resume runs a pending re-run of a completed sweep, and only then', async () => {
    const dir = caseDir();
    const specPath = writeSpec(dir, specYaml('--values ${{search_space.v}}', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: ["0.3", "0.2"]
limits:
  max_total_trials: 2
`));
    const { runner, sweepDir } = await openFromFile(specPath, join(dir, 'sweep'));
    assert.equal((await runner.start()).status, 'Completed');
    await assert.rejects(resumeSweep(sweepDir), /nothing to resume/);
    assert.deepEqual(await requestRerun(sweepDir, 'sw_0', 'vscode'), { runnerAlive: false });
    const resumed = await resumeSweep(sweepDir, { stopGraceMs: 500 });
    const state = await resumed.start();
    assert.equal(state.status, 'Completed');
    assert.equal(state.endReason, 'max_total_trials', 're-runs do not use up max_total_trials');
    assert.deepEqual(state.trials.map((t) => [t.id, t.status, t.rerunOf]), [
      ['sw_0', 'Completed', undefined], ['sw_1', 'Completed', undefined], ['sw_2', 'Completed', 'sw_0'],
    ]);
    assert.equal(state.trials[2]?.bestPrimary, 0.3);
    assert.deepEqual(peekTrialRequests(sweepDir, 'rerun'), []);
  });

  void test('cancelling a running trial of a crashed sweep marks it Canceled by the user', async () => {
    const dir = caseDir();
    const sweepDir = join(dir, 'sweep');
    mkdirSync(sweepDir, { recursive: true });
    const writer = await JournalWriter.open(join(sweepDir, 'journal.jsonl'));
    const bodies: EventBody[] = [
      { type: 'sweep-created', name: 'sw', specPath: join(dir, 'x.yaml'), specHash: 'h', sampler: 'grid', seed: 1, goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 1 }, policy: null, hypersweepVersion: '0' },
      // A runner pid that is not alive: the lock is absent, as after a crash that lost it.
      { type: 'runner-started', pid: 999_999_999, host: 'h', resume: false },
      { type: 'trial-created', trialId: 'sw_0', index: 0, sequence: 0, params: { a: 1 } },
      { type: 'trial-started', trialId: 'sw_0', attempt: 1, pid: 999_999_998, processStartTime: null, target: 'local', argv: ['x'], cwd: dir },
    ];
    for (const body of bodies) await writer.append(makeEvent(body) as JournalEvent);
    await writer.close();
    assert.equal(await cancelTrial(sweepDir, 'sw_0', 'vscode'), 'closed');
    const ended = eventsOf(await journalEvents(sweepDir), 'trial-ended');
    assert.deepEqual(ended.map((e) => [e.trialId, e.status, e.reason, e.attempt]), [['sw_0', 'Canceled', 'user', 1]]);
  });
});
