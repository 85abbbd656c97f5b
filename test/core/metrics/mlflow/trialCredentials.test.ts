// Each trial's MLFLOW_TRACKING_TOKEN writes only to its own run (and runs it created): a trial
// cannot log values into another trial or end it, and run/experiment creation is bounded. Driven
// over real HTTP, by raw requests, the third-party npm client and a real Python process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import MLflow from 'mlflow';
import { startTrackingServer, type TrackingServer, type TrialRun } from '../../../../src/core/metrics/mlflow/server';
import type { MetricReport, RunStatusReport } from '../../../../src/core/metrics/metricSource';

const FIXTURES = resolve(__dirname, '../../../fixtures/metrics');

let server: TrackingServer;
let artifactRoot: string;
const metrics: MetricReport[] = [];
const statuses: RunStatusReport[] = [];
const originalLog = console.log;

before(async () => {
  artifactRoot = mkdtempSync(join(tmpdir(), 'hypersweep-mlflow-credentials-'));
  server = await startTrackingServer({
    artifactRoot,
    creations: { runsPerTrial: 3, runsTotal: 5, experimentsTotal: 2 },
    listener: { metric: (r) => metrics.push(r), runStatus: (r) => statuses.push(r) },
  });
  console.log = () => undefined; // the npm client prints every POST body
});

after(async () => {
  console.log = originalLog;
  await server.close();
  rmSync(artifactRoot, { recursive: true, force: true });
});

async function post(token: string, path: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(`/api/2.0/mlflow/${path}`, server.uri), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const tokenOf = (trial: TrialRun): string => trial.env.MLFLOW_TRACKING_TOKEN;

describe('per-trial MLflow credentials', () => {
  test("a trial's token cannot log to, tag or end another trial's run (403), and can use its own", async () => {
    const attacker = server.createTrialRun('t-attacker', 'creds');
    const victim = server.createTrialRun('t-victim', 'creds');
    assert.notEqual(tokenOf(attacker), tokenOf(victim));

    const forged = await post(tokenOf(attacker), 'runs/log-metric', { run_id: victim.runId, key: 'loss', value: 1e-9, timestamp: 1, step: 0 });
    assert.equal(forged.status, 403);
    assert.equal(forged.body['error_code'], 'PERMISSION_DENIED');
    for (const [path, body] of [
      ['runs/log-batch', { run_id: victim.runId, metrics: [{ key: 'loss', value: 1e-9, timestamp: 1, step: 0 }] }],
      ['runs/update', { run_id: victim.runId, status: 'KILLED' }],
      ['runs/set-tag', { run_id: victim.runId, key: 'k', value: 'v' }],
      ['runs/log-parameter', { run_id: victim.runId, key: 'k', value: 'v' }],
      ['runs/delete-tag', { run_uuid: victim.runId, key: 'mlflow.runName' }],
    ] as const) {
      assert.equal((await post(tokenOf(attacker), path, body)).status, 403, path);
    }
    assert.equal(metrics.filter((m) => m.trialId === 't-victim').length, 0);
    assert.equal(statuses.filter((s) => s.trialId === 't-victim').length, 0);
    assert.equal(server.store.getRun(victim.runId).status, 'RUNNING');

    // Reading other runs stays open (search_runs, comparisons); writing to one's own run works.
    const read = await fetch(new URL(`/api/2.0/mlflow/runs/get?run_id=${victim.runId}`, server.uri), { headers: { Authorization: `Bearer ${tokenOf(attacker)}` } });
    assert.equal(read.status, 200);
    assert.equal((await post(tokenOf(victim), 'runs/log-metric', { run_id: victim.runId, key: 'loss', value: 0.5, timestamp: 1, step: 0 })).status, 200);
    assert.deepEqual(metrics.filter((m) => m.trialId === 't-victim').map((m) => m.value), [0.5]);
  });

  test('a run a trial creates (nested run) is writable by that trial only', async () => {
    const owner = server.createTrialRun('t-nest', 'creds');
    const other = server.createTrialRun('t-other', 'creds');
    const created = await post(tokenOf(owner), 'runs/create', { experiment_id: owner.experimentId, run_name: 'child' });
    assert.equal(created.status, 200);
    const childId = String((created.body['run'] as { info: { run_id: string } }).info.run_id);
    assert.equal((await post(tokenOf(owner), 'runs/log-metric', { run_id: childId, key: 'fold', value: 1, timestamp: 1, step: 0 })).status, 200);
    assert.equal((await post(tokenOf(other), 'runs/log-metric', { run_id: childId, key: 'fold', value: 2, timestamp: 1, step: 0 })).status, 403);
    assert.deepEqual(server.store.getMetricHistory(childId, 'fold').map((m) => m.value), [1]);
  });

  test('the npm MLflow client with a trial token: own run accepted, another run refused', async () => {
    const mine = server.createTrialRun('t-npm', 'creds');
    const theirs = server.createTrialRun('t-npm-other', 'creds');
    const client = new MLflow({ endpoint: server.uri, headers: { Authorization: `Bearer ${tokenOf(mine)}` } });
    await client.Runs.logMetric({ run_id: mine.runId, key: 'acc', value: 0.7, timestamp: 1, step: 0 });
    await assert.rejects(client.Runs.logMetric({ run_id: theirs.runId, key: 'acc', value: 1, timestamp: 1, step: 0 }), /403.*PERMISSION_DENIED/);
    assert.deepEqual(metrics.filter((m) => m.trialId.startsWith('t-npm')).map((m) => [m.trialId, m.value]), [['t-npm', 0.7]]);
  });

  test("a real Python trial pointed at another trial's run with its own token is refused and reports nothing", async () => {
    const mine = server.createTrialRun('t-py', 'creds');
    const victim = server.createTrialRun('t-py-victim', 'creds');
    const env = { PATH: process.env['PATH'] ?? '', ...mine.env, MLFLOW_RUN_ID: victim.runId };
    const result = await new Promise<{ code: number; stderr: string }>((resolvePromise) => {
      execFile('python3', [join(FIXTURES, 'train_with_mlflow.py')], { env, timeout: 20000 }, (error, _stdout, stderr) => {
        resolvePromise({ code: error ? Number(error.code ?? 1) : 0, stderr });
      });
    });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /PERMISSION_DENIED/);
    assert.equal(metrics.filter((m) => m.trialId === 't-py-victim').length, 0);
    assert.equal(server.store.getRun(victim.runId).status, 'RUNNING');
  });

  test('runs/create is bounded per trial and in total, experiments/create in total', async () => {
    const first = server.createTrialRun('t-many', 'bounded');
    const second = server.createTrialRun('t-many-2', 'bounded');
    const create = async (trial: TrialRun): Promise<{ status: number; body: Record<string, unknown> }> =>
      post(tokenOf(trial), 'runs/create', { experiment_id: trial.experimentId });
    // One run was created by t-nest above: 4 more fit in the total of 5, 3 of them for t-many.
    for (let i = 0; i < 3; i++) assert.equal((await create(first)).status, 200);
    const perTrial = await create(first);
    assert.equal(perTrial.status, 400);
    assert.equal(perTrial.body['error_code'], 'RESOURCE_EXHAUSTED');
    assert.match(String(perTrial.body['message']), /t-many already created 3 runs/);
    assert.equal((await create(second)).status, 200);
    const total = await create(second);
    assert.equal(total.body['error_code'], 'RESOURCE_EXHAUSTED');
    assert.match(String(total.body['message']), /already holds 5 runs/);
    const runsBefore = server.store.listRuns().length;
    assert.equal((await post(server.token, 'runs/create', { experiment_id: first.experimentId })).status, 400);
    assert.equal(server.store.listRuns().length, runsBefore);

    assert.equal((await post(tokenOf(first), 'experiments/create', { name: 'e1' })).status, 200);
    assert.equal((await post(tokenOf(first), 'experiments/create', { name: 'e1' })).body['error_code'], 'RESOURCE_ALREADY_EXISTS');
    assert.equal((await post(tokenOf(second), 'experiments/create', { name: 'e2' })).status, 200);
    assert.equal((await post(tokenOf(second), 'experiments/create', { name: 'e3' })).body['error_code'], 'RESOURCE_EXHAUSTED');
  });
});
