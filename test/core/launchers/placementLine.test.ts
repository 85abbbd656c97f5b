/**
 * Where a trial runs, in words, as every view shows it: the placement line (SSH host and GPUs, a
 * Slurm job on its node, a Slurm job waiting and why), the journal replay of `trial-placement`, the
 * VS Code tree row, and the dashboard's trial detail read from a real journal file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { decodeEvent } from '../../../src/core/journal/decode';
import { replay } from '../../../src/core/journal/replay';
import { sweepPaths } from '../../../src/core/journal/layout';
import { placementLine } from '../../../src/core/launchers/placementLine';
import { DashboardSession } from '../../../src/core/dashboard/session';
import { trialView } from '../../../src/extension/sweeps/treeModel';
import { placementText } from '../../../src/cli/placementText';

const PENDING = { target: 'cluster', slot: 0, jobId: '123', queueState: 'PENDING', pendingReason: 'Priority', gres: 'gpu:1' };
const RUNNING = { target: 'cluster', slot: 0, jobId: '123', queueState: 'RUNNING', host: 'n1', gres: 'gpu:1' };

const bodies: EventBody[] = [
  { type: 'sweep-created', name: 'sl', specPath: '/x/s.yaml', specHash: 'h', sampler: 'grid', seed: 1, goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 3 }, policy: null, hypersweepVersion: '0' },
  { type: 'runner-started', pid: 1, host: 'h', resume: false },
  { type: 'trial-created', trialId: 'sl_0', index: 0, sequence: 0, params: { x: 1 } },
  { type: 'trial-started', trialId: 'sl_0', attempt: 1, pid: 123, processStartTime: null, target: 'cluster', argv: ['node'], cwd: '/x', placement: PENDING },
  { type: 'trial-created', trialId: 'sl_1', index: 1, sequence: 1, params: { x: 2 } },
  { type: 'trial-started', trialId: 'sl_1', attempt: 1, pid: 9, processStartTime: null, target: 'boxes', argv: ['node'], cwd: '/x', placement: { target: 'boxes', host: 'box1', gpus: ['0', '1'] } },
];

function events(list: EventBody[]): JournalEvent[] {
  return list.map((b, i) => makeEvent(b, 1000 + i) as JournalEvent);
}

void test('placement lines: SSH host and GPUs, a Slurm job on its node, a pending job and why, a job that never left the queue', () => {
  assert.equal(placementLine({ target: 'boxes', host: 'box1', gpus: ['0', '1'] }), 'on box1, GPU 0,1');
  assert.equal(placementLine({ target: 'boxes', host: 'box2' }), 'on box2');
  assert.equal(placementLine({ target: 'local' }), undefined);
  assert.equal(placementLine(RUNNING), 'Slurm job 123 on node n1 (gpu:1)');
  assert.equal(placementLine(PENDING), 'pending: Priority, job 123');
  assert.equal(placementLine(PENDING, true), 'Slurm job 123 ended while pending (Priority)');
  assert.equal(placementText(PENDING), 'pending: Priority, job 123', 'the CLI status line');
});

void test('trial-placement is decoded and replayed: the pending job moves to its node; a late event of an old attempt is ignored', () => {
  const moved = { type: 'trial-placement', trialId: 'sl_0', attempt: 1, placement: RUNNING } as const;
  const decoded = decodeEvent(JSON.parse(JSON.stringify(makeEvent(moved, 5000))) as unknown);
  assert.deepEqual(decoded, makeEvent(moved, 5000));
  const before = replay(events(bodies));
  assert.equal(before.trials[0]?.placement?.pendingReason, 'Priority');
  const after = replay(events([...bodies, moved]));
  assert.deepEqual(after.trials[0]?.placement, RUNNING);
  const stale = replay(events([...bodies, { ...moved, attempt: 0 }]));
  assert.equal(stale.trials[0]?.placement?.queueState, 'PENDING');
});

void test('the tree row of a pending Slurm trial says why it waits; an SSH trial names host and GPUs', () => {
  const state = replay(events(bodies));
  const [slurm, ssh] = state.trials;
  assert.ok(slurm && ssh);
  const pending = trialView(slurm, state);
  assert.match(pending.description, /^pending: Priority, job 123/);
  assert.match(pending.tooltip, /^pending: Priority, job 123 \(target cluster\)$/m);
  const onBox = trialView(ssh, state);
  assert.match(onBox.tooltip, /^on box1, GPU 0,1 \(target boxes\)$/m);
});

void test('the dashboard trial detail carries the placement line, read from a real journal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hs-placement-'));
  try {
    mkdirSync(dir, { recursive: true });
    const moved: EventBody = { type: 'trial-placement', trialId: 'sl_0', attempt: 1, placement: RUNNING };
    writeFileSync(sweepPaths(dir).journal, events([...bodies, moved]).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const session = new DashboardSession(dir, () => undefined, { runCommand: () => Promise.resolve(), save: () => Promise.resolve(undefined) }, { batchMs: 20, pollIntervalMs: 50 });
    await session.start();
    try {
      assert.equal((await session.trialDetail('sl_0'))?.placement, 'Slurm job 123 on node n1 (gpu:1)');
      assert.equal((await session.trialDetail('sl_1'))?.placement, 'on box1, GPU 0,1');
    } finally {
      session.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
