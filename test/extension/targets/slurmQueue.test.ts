/**
 * The Targets view's Slurm row: partition, gres, and where the target's jobs are in the queue
 * (running on which nodes, pending and why), from states built by real journal replay of
 * `trial-started` and `trial-placement` events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';
import type { Placement } from '../../../src/core/launchers/launcher';
import type { SlurmTarget } from '../../../src/core/targets/model';
import { slurmQueues } from '../../../src/extension/targets/slurmQueue';
import { countJobStates, parseSinfo, type SlurmCheck } from '../../../src/extension/targets/slurmCheck';
import { targetRows } from '../../../src/extension/targets/targetsModel';

const TARGET: SlurmTarget = { type: 'slurm', name: 'cluster', login: 'local', shared_dir: '/scratch/me', partition: 'gpu', gres: 'gpu:1', sbatch_args: [], max_queued: 50 };

function sweep(name: string, placements: readonly Placement[], ended: readonly number[] = []): EventBody[] {
  const bodies: EventBody[] = [
    { type: 'sweep-created', name, specPath: '/x/s.yaml', specHash: 'h', sampler: 'grid', seed: 1, goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 9 }, policy: null, hypersweepVersion: '0' },
    { type: 'runner-started', pid: 1, host: 'h', resume: false },
  ];
  placements.forEach((placement, i) => {
    const trialId = `${name}_${i}`;
    bodies.push(
      { type: 'trial-created', trialId, index: i, sequence: i, params: { x: i } },
      { type: 'trial-started', trialId, attempt: 1, pid: 100 + i, processStartTime: null, target: placement.target, argv: ['node'], cwd: '/x', placement: { ...placement, queueState: 'PENDING' } },
      { type: 'trial-placement', trialId, attempt: 1, placement },
    );
    if (ended.includes(i)) bodies.push({ type: 'trial-ended', trialId, attempt: 1, status: 'Completed', exitCode: 0, signal: null });
  });
  return bodies;
}

const state = (bodies: EventBody[]) => replay(bodies.map((b, i) => makeEvent(b, 1000 + i) as JournalEvent));

const job = (id: string, rest: Partial<Placement>): Placement => ({ target: 'cluster', jobId: id, gres: 'gpu:1', ...rest });

void test('jobs of two sweeps on one Slurm target: running per node, pending per reason; ended trials and other targets do not count', () => {
  const a = state(sweep('a', [job('1', { queueState: 'RUNNING', host: 'n1' }), job('2', { queueState: 'RUNNING', host: 'n2' }), job('3', { queueState: 'PENDING', pendingReason: 'Resources' }), job('4', { queueState: 'RUNNING', host: 'n3' })], [3]));
  const b = state(sweep('b', [job('7', { queueState: 'PENDING', pendingReason: 'Priority' }), job('8', { queueState: 'PENDING', pendingReason: 'Resources' }), { target: 'boxes', host: 'box1', gpus: ['0'] }]));
  const queues = slurmQueues([a, b]);
  assert.deepEqual([...queues.keys()], ['cluster']);
  assert.deepEqual(queues.get('cluster'), { running: 2, pending: 3, reasons: [['Resources', 2], ['Priority', 1]], nodes: ['n1', 'n2'] });
  const [row] = targetRows(new Map([['cluster', TARGET]]), new Map([['cluster', 'file']]), new Map(), new Map(), 4, { queues, checks: new Map() });
  assert.ok(row);
  assert.equal(row.description, 'slurm · gpu · 2 running · 3 pending (Resources 2, Priority 1) · 5/50 queued');
  assert.match(row.tooltip, /^partition gpu · gres gpu:1 per trial$/m);
  assert.match(row.tooltip, /^2 running on n1, n2; 3 pending \(Resources 2, Priority 1\); 5\/50 queued$/m);
  assert.equal(row.icon.color, undefined, 'jobs run: nothing to flag');
});

void test('an idle Slurm target shows its partition and an empty queue; a queue where every job waits is flagged', () => {
  const [idle] = targetRows(new Map([['cluster', { ...TARGET, partition: undefined, login: 'login1' }]]), new Map([['cluster', 'file']]), new Map(), new Map(), 4, { queues: new Map(), checks: new Map() });
  assert.equal(idle?.description, 'slurm · default partition · 0 running · 0/50 queued');
  assert.match(idle?.tooltip ?? '', /submitted from the login node login1 over SSH/);
  const waiting = slurmQueues([state(sweep('c', [job('9', { queueState: 'PENDING', pendingReason: 'QOSMaxJobsPerUserLimit' })]))]);
  const [row] = targetRows(new Map([['cluster', TARGET]]), new Map([['cluster', 'file']]), new Map(), new Map(), 4, { queues: waiting, checks: new Map() });
  assert.equal(row?.description, 'slurm · gpu · 0 running · 1 pending (QOSMaxJobsPerUserLimit 1) · 1/50 queued');
  assert.equal(row?.icon.color, 'charts.yellow');
});

void test('Check Target on Slurm: sinfo lines per partition and node state, the user\'s job states; the row shows a partition that is not up, and a failed check', () => {
  const partitions = parseSinfo('gpu|up|2|idle\ngpu|up|1|mixed\ndebug*|up|4|idle\ngpu|up|1|down*\nnoise\n');
  assert.deepEqual(partitions, [
    { name: 'gpu', isDefault: false, availability: 'up', nodes: 4, byState: [['idle', 2], ['down*', 1], ['mixed', 1]] },
    { name: 'debug', isDefault: true, availability: 'up', nodes: 4, byState: [['idle', 4]] },
  ]);
  assert.deepEqual(countJobStates('RUNNING\nPENDING\nCOMPLETING\nPENDING\n\n'), { running: 2, pending: 2 });
  const checked = (check: SlurmCheck) => targetRows(new Map([['cluster', TARGET]]), new Map([['cluster', 'file']]), new Map(), new Map(), 4, { queues: new Map(), checks: new Map([['cluster', check]]) })[0];
  const up = checked({ target: 'cluster', ok: true, checkedAt: 0, ms: 5, partitions, myJobs: { running: 3, pending: 1 } });
  assert.equal(up?.description, 'slurm · gpu · 0 running · 0/50 queued');
  assert.match(up?.tooltip ?? '', /^partition gpu up: 2 idle, 1 down\*, 1 mixed of 4 nodes \(checked .+\)$/m);
  assert.match(up?.tooltip ?? '', /^your jobs in the whole queue: 3 running, 1 pending$/m);
  const drained = checked({ target: 'cluster', ok: true, checkedAt: 0, ms: 5, partitions: [{ name: 'gpu', isDefault: false, availability: 'down', nodes: 1, byState: [['idle', 1]] }] });
  assert.equal(drained?.description, 'slurm · gpu (down) · 0 running · 0/50 queued');
  assert.equal(drained?.icon.color, 'testing.iconFailed');
  const failed = checked({ target: 'cluster', ok: false, checkedAt: 0, ms: 5, error: 'sinfo is not on PATH' });
  assert.equal(failed?.description, 'slurm · gpu · check failed · 0 running · 0/50 queued');
  assert.match(failed?.tooltip ?? '', /failed: sinfo is not on PATH$/m);
});
