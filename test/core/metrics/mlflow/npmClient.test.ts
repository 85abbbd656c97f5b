// The third-party npm `mlflow` REST client (written against a real MLflow server) drives the
// endpoint: if its requests and our answers disagree on shapes, these calls fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MLflow from 'mlflow';
import { RunStatus } from 'mlflow/enum';
import { startTrackingServer, type TrackingServer } from '../../../../src/core/metrics/mlflow/server';
import type { MetricReport } from '../../../../src/core/metrics/metricSource';

let server: TrackingServer;
let artifactRoot: string;
let client: MLflow;
const reports: MetricReport[] = [];
const originalLog = console.log;

before(async () => {
  artifactRoot = mkdtempSync(join(tmpdir(), 'hypersweep-npm-mlflow-'));
  server = await startTrackingServer({ artifactRoot, listener: { metric: (r) => reports.push(r) } });
  client = new MLflow({ endpoint: server.uri, headers: { Authorization: `Bearer ${server.token}` } });
  // The client prints every POST body with console.log; keep the test output readable.
  console.log = () => undefined;
});

after(async () => {
  console.log = originalLog;
  await server.close();
  rmSync(artifactRoot, { recursive: true, force: true });
});

describe('npm mlflow client against the tracking endpoint', () => {
  test('experiments: create, get, list', async () => {
    const { experiment_id } = await client.Experiments.create({ name: 'npm-exp', artifact_location: '' });
    const { experiment } = await client.Experiments.get({ experiment_id });
    assert.equal(experiment.name, 'npm-exp');
    const { experiments } = await client.Experiments.list();
    assert.deepEqual(experiments.map((e) => e.name), ['Default', 'npm-exp']);
  });

  test('runs: create, log metrics/params/tags/batch, get, history, search, update', async () => {
    const { experiment_id } = await client.Experiments.create({ name: 'npm-runs', artifact_location: '' });
    const { run } = await client.Runs.create({ experiment_id, user_id: 'npm', start_time: Date.now() });
    const run_id = run.info.run_id;
    for (const [step, value] of [0.9, 0.6, 0.4].entries()) {
      await client.Runs.logMetric({ run_id, key: 'loss', value, timestamp: 1000 + step, step });
    }
    await client.Runs.logParameter({ run_id, key: 'lr', value: '0.01' });
    await client.Runs.setTag({ run_id, key: 'owner', value: 'npm' });
    await client.Runs.logBatch({ run_id, metrics: [{ key: 'acc', value: 0.8, timestamp: 2000, step: 2 }], params: [{ key: 'depth', value: '4' }], tags: [] });

    const { metrics } = await client.Metrics.getHistory({ run_id, metric_key: 'loss' });
    assert.deepEqual(metrics.map((m) => [m.value, m.step]), [[0.9, 0], [0.6, 1], [0.4, 2]]);
    const fetched = await client.Runs.get({ run_id });
    assert.deepEqual(fetched.run.data.params, [{ key: 'lr', value: '0.01' }, { key: 'depth', value: '4' }]);
    assert.ok(fetched.run.data.tags.some((t) => t.key === 'owner' && t.value === 'npm'));
    const { runs } = await client.Runs.search({ experiment_ids: [experiment_id], filter: 'metrics.acc >= 0.8' });
    assert.deepEqual(runs.map((r) => r.info.run_id), [run_id]);
    const { run_info } = await client.Runs.update({ run_id, status: RunStatus.FINISHED, end_time: 3000 });
    assert.equal(run_info.status, 'FINISHED');
  });

  test("a trial's run reports what the client logs, source mlflow", async () => {
    const trial = server.createTrialRun('npm-trial', 'npm-sweep');
    await client.Runs.logMetric({ run_id: trial.runId, key: 'accuracy', value: 0.5, timestamp: 1, step: 0 });
    await client.Runs.logMetric({ run_id: trial.runId, key: 'accuracy', value: 0.7, timestamp: 2, step: 1 });
    assert.deepEqual(
      reports.filter((r) => r.trialId === 'npm-trial').map((r) => [r.name, r.value, r.step, r.source]),
      [['accuracy', 0.5, 0, 'mlflow'], ['accuracy', 0.7, 1, 'mlflow']],
    );
  });

  test('errors surface through the client: missing token and missing run', async () => {
    const anonymous = new MLflow({ endpoint: server.uri });
    await assert.rejects(anonymous.Experiments.list(), /401.*UNAUTHENTICATED/);
    await assert.rejects(client.Runs.get({ run_id: 'a'.repeat(32) }), /404.*RESOURCE_DOES_NOT_EXIST/);
  });
});
