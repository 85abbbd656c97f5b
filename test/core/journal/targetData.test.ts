/**
 * Execution-target data in the journal: the target definition on sweep-created, placement and
 * handle on trial-started, the runner's host-failure re-runs; checked like every other field, kept
 * per attempt by the replay, and old journals (without any of it) still read.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEventLine, encodeEventLine } from '../../../src/core/journal/codec';
import type { JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';

const T0 = 1_700_000_000_000;

const created: JournalEvent = {
  v: 1, t: T0, type: 'sweep-created', name: 'gpu', specPath: '/w/s.yaml', specHash: 'ab', sampler: 'grid', seed: 1,
  goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 3 }, policy: null, hypersweepVersion: '0.1.0',
  target: {
    type: 'ssh', name: 'gpu-boxes', hosts: [{ host: 'box1', gpus: ['0', '1'] }, { host: 'alice@10.0.0.7:2222', slots: 2 }],
    ssh_config: '/w/ssh_config', work_root: '~/.hypersweep', setup: 'source ~/venv/bin/activate', env: { WANDB_MODE: 'offline' }, trials_per_gpu: 1,
  },
};
const started = (attempt: number, extra: object): JournalEvent => ({
  v: 1, t: T0 + attempt * 10, type: 'trial-started', trialId: 'gpu_0', attempt, pid: 77, processStartTime: null,
  target: 'gpu-boxes', argv: ['python', 't.py'], cwd: '/w', ...extra,
});
const placement = { target: 'gpu-boxes', host: 'box1', gpus: ['1'], snapshot: 'f00d', slot: 1 };
const handle = { kind: 'ssh', host: 'box1', pid: 4242, start: '123', dir: '~/.hypersweep/t/gpu_0', offsets: { stdout: 10 } };

function roundTrip(event: JournalEvent): JournalEvent {
  const result = decodeEventLine(encodeEventLine(event).slice(0, -1));
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.event;
}

function decodeError(event: object): string {
  const result = decodeEventLine(JSON.stringify(event));
  assert.ok(!result.ok, 'the line should be refused');
  return result.message;
}

describe('target data in the journal', () => {
  test('target definition, placement, handle and rerunReason survive encode -> decode', () => {
    const events: JournalEvent[] = [
      created,
      { v: 1, t: T0 + 1, type: 'trial-created', trialId: 'gpu_1', index: 1, sequence: 0, params: { x: 1 }, rerunOf: 'gpu_0', rerunReason: 'host_failure' },
      started(1, { placement, handle }),
      { v: 1, t: T0 + 2, type: 'sweep-created', name: 'l', specPath: '/w/s.yaml', specHash: 'ab', sampler: 'grid', seed: 1, goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 3 }, policy: null, hypersweepVersion: '0.1.0', target: { type: 'local', name: 'local', gpus: 'auto', gpus_per_trial: 2 } },
    ];
    for (const event of events) assert.deepEqual(roundTrip(event), event);
  });

  test('journals written before targets existed still read (no target, no placement)', () => {
    const { target: _target, ...old } = created as Extract<JournalEvent, { type: 'sweep-created' }>;
    const decoded = roundTrip(old as JournalEvent);
    assert.equal('target' in decoded, false);
    const plain = roundTrip(started(1, {}));
    assert.equal('placement' in plain || 'handle' in plain, false);
  });

  test('a damaged placement, handle or target is refused with the field named', () => {
    assert.match(decodeError({ ...started(1, {}), placement: { target: 'x', gpus: [0] } }), /placement\.gpus must be a list of strings/);
    assert.match(decodeError({ ...started(1, {}), placement: { host: 'b' } }), /placement\.target must be a string/);
    assert.match(decodeError({ ...started(1, {}), handle: { pid: 3 } }), /handle\.kind must be a string/);
    assert.match(decodeError({ ...created, target: { type: 'ssh', name: 'g', hosts: [], work_root: '~', env: {} } }), /target\.hosts must be a non-empty list/);
    assert.match(decodeError({ ...created, target: { type: 'cloud', name: 'g' } }), /target\.type must be one of local, ssh, slurm/);
    assert.match(decodeError({ ...created, target: { type: 'local', name: 'g', gpus: 'all' } }), /target\.gpus must be a list of strings/);
  });

  test('replay keeps placement and handle of the current attempt only', () => {
    const events: JournalEvent[] = [
      created,
      { v: 1, t: T0 + 1, type: 'trial-created', trialId: 'gpu_0', index: 0, sequence: 0, params: { x: 1 } },
      started(1, { placement, handle }),
    ];
    let state = replay(events);
    const trial = () => state.trials[0];
    assert.equal(state.info?.target?.type, 'ssh');
    assert.deepEqual(trial()?.placement, placement);
    assert.deepEqual(trial()?.handle, handle);
    // Attempt 2 ran without a handle (a local re-run): the old host's handle must not linger.
    events.push({ v: 1, t: T0 + 30, type: 'trial-interrupted', trialId: 'gpu_0', attempt: 1 }, started(2, { placement: { target: 'gpu-boxes', host: 'box2', gpus: ['0'] } }));
    state = replay(events);
    assert.equal(trial()?.attempts, 2);
    assert.equal(trial()?.placement?.host, 'box2');
    assert.equal(trial()?.handle, undefined);
    events.push({ v: 1, t: T0 + 50, type: 'trial-created', trialId: 'gpu_1', index: 1, sequence: 0, params: { x: 1 }, rerunOf: 'gpu_0', rerunReason: 'host_failure' });
    state = replay(events);
    assert.equal(state.trials[1]?.rerunReason, 'host_failure');
  });
});
