/**
 * The runner on execution targets, with real processes: GPU slots of the local target, the one
 * automatic re-run after a lost host, a target whose slots are all withdrawn, and a resume that
 * follows a trial again instead of re-running it. The host-failure and re-attach cases use small
 * LocalLauncher subclasses that run real trial processes and report what a remote launcher reports
 * (a lost host, a re-sent output stream); the SSH end-to-end tests cover the real SSH launcher.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeEventLine } from '../../../src/core/journal/codec';
import type { JournalEvent } from '../../../src/core/journal/events';
import type { LaunchedTrial, LaunchRequest, TrialExit, TrialHandle } from '../../../src/core/launchers/launcher';
import { LocalLauncher } from '../../../src/core/launchers/localLauncher';
import { resumeSweep } from '../../../src/core/scheduler/sweepSession';
import { killProcessGroup } from '../../../src/core/system/processes';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, TRIAL_SCRIPT, writeSpec } from './support';

const folder = tempFolder();
after(() => folder.remove());
let counter = 0;
function caseDir(): string {
  const dir = join(folder.path, `case_${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const GRID = (values: string, total: number, concurrency: number) => `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [${values}]
limits:
  max_total_trials: ${total}
  max_concurrent_trials: ${concurrency}
`;

/**
 * Runs real local trials, but the trials whose `x` is in `doomed` lose their "host": the process is
 * killed shortly after it starts and the exit says so (as the SSH launcher's host health does). With
 * `withdrawOnLoss`, the lost host also takes every slot with it (available() drops to 0).
 */
class LosingHostLauncher extends LocalLauncher {
  private down = false;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly doomed: ReadonlySet<string>, private readonly withdrawOnLoss = false) {
    super({ target: 'pool', slots: 2 });
  }

  override available(): number {
    return this.down ? 0 : this.slots;
  }

  onAvailabilityChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  override async launch(request: LaunchRequest): Promise<LaunchedTrial> {
    const inner = await super.launch(request);
    if (!this.doomed.has(request.env.AZUREML_SWEEP_x ?? '') || inner.pid === undefined) return inner;
    const pid = inner.pid;
    setTimeout(() => {
      if (this.withdrawOnLoss) {
        this.down = true;
        for (const listener of this.listeners) listener();
      }
      killProcessGroup(pid, 'SIGKILL');
    }, 150);
    const lost: TrialExit = { exitCode: null, signal: null, hostFailure: `host fake-box stopped answering; trial ${request.trialId} was lost with it` };
    const exited = inner.exited.then(() => lost);
    return { pid, placement: { target: 'pool', host: 'fake-box' }, exited, stop: async (reason, grace) => (await inner.stop(reason, grace), lost) };
  }
}

describe('runner on execution targets', () => {
  test('a local target with gpus [0, 1]: concurrent trials get one GPU each, and the placement is journaled', async () => {
    const dir = caseDir();
    const script = join(dir, 'gpu.js');
    writeFileSync(script, [
      "const { writeFileSync } = require('node:fs');",
      "const e = process.env;",
      "writeFileSync(require('node:path').join(process.argv[2], e.HYPERSWEEP_TRIAL_ID + '.json'), JSON.stringify({ cuda: e.CUDA_VISIBLE_DEVICES, order: e.CUDA_DEVICE_ORDER, gpus: e.HYPERSWEEP_GPUS }));",
      "setTimeout(() => { console.log('loss=' + process.argv[3]); }, 400);",
    ].join('\n'));
    const spec = [
      'type: sweep', 'trial:', `  command: node ${JSON.stringify(script)} ${JSON.stringify(dir)} \${{search_space.x}}`,
      'objective:', '  goal: minimize', '  primary_metric: loss', GRID('1, 2', 2, 4).trim(), '',
    ].join('\n');
    const { runner, sweepDir } = await openFromFile(writeSpec(dir, spec), join(dir, 'sweep'), { target: { type: 'local', name: 'twogpu', gpus: ['0', '1'] } });
    const state = await runner.start();
    assert.equal(state.status, 'Completed');
    const seen = state.trials.map((t) => JSON.parse(readFileSync(join(dir, `${t.id}.json`), 'utf8')) as { cuda: string; order: string; gpus: string });
    assert.deepEqual(seen.map((s) => s.cuda).sort(), ['0', '1'], 'the two concurrent trials see different GPUs');
    assert.ok(seen.every((s) => s.order === 'PCI_BUS_ID' && s.gpus === s.cuda));
    const started = eventsOf(await journalEvents(sweepDir), 'trial-started');
    for (const event of started) {
      const own = seen[state.trials.findIndex((t) => t.id === event.trialId)];
      assert.deepEqual(event.placement?.gpus, [own?.cuda], 'the journal names the GPU the trial saw');
      assert.equal(event.placement?.target, 'twogpu');
    }
    const created = eventsOf(await journalEvents(sweepDir), 'sweep-created')[0];
    assert.deepEqual(created?.target, { type: 'local', name: 'twogpu', gpus: ['0', '1'] }, 'the resolved target is journaled for resume');
  });

  test('a lost host fails the trial with its sentence and re-runs its parameters once, outside max_total_trials', async () => {
    const dir = caseDir();
    const specPath = writeSpec(dir, specYaml('--values ${{search_space.x}}', GRID('1, 2, 3', 3, 1)));
    const { runner } = await openFromFile(specPath, join(dir, 'sweep'), { launcher: new LosingHostLauncher(new Set(['2'])) });
    const state = await runner.start();
    const rows = state.trials.map((t) => [t.params.x, t.status, t.rerunOf ?? null, t.rerunReason ?? null]);
    assert.deepEqual(rows, [
      [1, 'Completed', null, null],
      [2, 'Failed', null, null],
      [2, 'Failed', 'sw_1', 'host_failure'],
      [3, 'Completed', null, null],
    ], 'x=2 is re-run once; its re-run loses the host too and is not re-run again; x=3 still runs');
    assert.match(state.trials[1]?.note ?? '', /host fake-box stopped answering/);
    assert.equal(state.status, 'Completed');
    assert.equal(state.endReason, 'max_total_trials');
    assert.equal(state.trials[1]?.placement?.host, 'fake-box');
  });

  test('no usable slot left while trials remain: the sweep ends Failed with a resumable error, and resume completes it', async () => {
    const dir = caseDir();
    const specPath = writeSpec(dir, specYaml('--values ${{search_space.x}}', GRID('1, 2, 3', 3, 1)));
    const sweepDir = join(dir, 'sweep');
    const { runner } = await openFromFile(specPath, sweepDir, { launcher: new LosingHostLauncher(new Set(['2']), true) });
    const state = await runner.start();
    assert.equal(state.status, 'Failed');
    assert.equal(state.endReason, 'error');
    assert.match(state.endMessage ?? '', /target pool has no usable slot left/);
    assert.match(state.endMessage ?? '', new RegExp(`hypersweep resume ${sweepDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.deepEqual(state.trials.map((t) => [t.params.x, t.status]), [[1, 'Completed'], [2, 'Failed'], [2, 'Queued']]);

    const resumed = await resumeSweep(sweepDir, { launcher: new LocalLauncher({ target: 'pool', slots: 1 }), stopGraceMs: 500 });
    const final = await resumed.start();
    assert.equal(final.status, 'Completed');
    assert.deepEqual(final.trials.map((t) => [t.params.x, t.status]), [[1, 'Completed'], [2, 'Failed'], [2, 'Completed'], [3, 'Completed']]);
  });
});

/**
 * A target that keeps trials running while no runner is alive. Its handles say whether the trial is
 * still there; re-attaching runs a real process that re-sends the trial's whole output from its
 * first byte (what it printed before the runner died, then the rest), as a remote log does.
 */
class ReplayLauncher extends LocalLauncher {
  constructor() {
    super({ target: 'replay', slots: 2 });
  }

  async reattach(handle: TrialHandle, request: LaunchRequest): Promise<LaunchedTrial | 'gone'> {
    if (handle.alive !== true || typeof handle.values !== 'string') return 'gone';
    return this.launch({ ...request, argv: [process.execPath, TRIAL_SCRIPT, '--values', handle.values, '--delay', '20'] });
  }
}

describe('resume on a target that keeps trials running', () => {
  test('a live trial is followed again without duplicated or lost reports; a gone one is interrupted and re-run', async () => {
    const dir = caseDir();
    const specText = specYaml('--values ${{search_space.x}}', GRID('1, 2', 2, 2));
    const specPath = writeSpec(dir, specText);
    const sweepDir = join(dir, 'sweep');
    mkdirSync(sweepDir);
    writeFileSync(join(sweepDir, 'spec.yaml'), specText);
    const t = 1_700_000_000_000;
    const base = { v: 1, t } as const;
    const events: JournalEvent[] = [
      { ...base, type: 'sweep-created', name: 'sw', specPath, specHash: 'x', sampler: 'grid', seed: 1, goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 2, max_concurrent_trials: 2 }, policy: null, hypersweepVersion: '0.1.0' },
      { ...base, type: 'runner-started', pid: 1, host: 'h', resume: false },
      { ...base, type: 'trial-created', trialId: 'sw_0', index: 0, sequence: 0, params: { x: 1 } },
      { ...base, type: 'trial-created', trialId: 'sw_1', index: 1, sequence: 1, params: { x: 2 } },
      { ...base, type: 'trial-started', trialId: 'sw_0', attempt: 1, pid: 2, processStartTime: null, target: 'replay', argv: ['x'], cwd: dir, handle: { kind: 'replay', alive: true, values: '0.9,0.8,0.7,0.6' } },
      { ...base, type: 'trial-started', trialId: 'sw_1', attempt: 1, pid: 3, processStartTime: null, target: 'replay', argv: ['x'], cwd: dir, handle: { kind: 'replay', alive: false } },
      // What the dead runner journaled before it died: two of sw_0's four reports, one of sw_1's.
      { ...base, type: 'metric', trialId: 'sw_0', name: 'loss', value: 0.9, step: 0, timestamp: t, source: 'stdout' },
      { ...base, type: 'metric', trialId: 'sw_0', name: 'loss', value: 0.8, step: 1, timestamp: t, source: 'stdout' },
      { ...base, type: 'metric', trialId: 'sw_1', name: 'loss', value: 5, step: 0, timestamp: t, source: 'stdout' },
    ];
    writeFileSync(join(sweepDir, 'journal.jsonl'), events.map(encodeEventLine).join(''));

    const runner = await resumeSweep(sweepDir, { launcher: new ReplayLauncher(), stopGraceMs: 500 });
    const state = await runner.start();
    assert.equal(state.status, 'Completed');
    const [followed, rerun] = state.trials;
    assert.deepEqual(followed?.primary.map((p) => p.value), [0.9, 0.8, 0.7, 0.6], 'each report once, in order');
    assert.equal(followed?.attempts, 1, 'the followed trial keeps its attempt');
    assert.equal(followed?.status, 'Completed');
    assert.equal(rerun?.attempts, 2, 'the gone trial runs again as attempt 2');
    assert.deepEqual(rerun?.primary.map((p) => p.value), [2]);
    const journal = await journalEvents(sweepDir);
    assert.deepEqual(eventsOf(journal, 'trial-interrupted').map((e) => e.trialId), ['sw_1']);
    assert.equal(eventsOf(journal, 'metric').filter((e) => e.trialId === 'sw_0').length, 4, 'two journaled before, two after: none twice');
  });
});
