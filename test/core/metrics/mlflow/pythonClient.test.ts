// A real Python 3 process logs through the endpoint with the same HTTP requests MLflow's Python
// client sends (test/fixtures/metrics/mlflow_http.py), using only the environment a trial gets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTrackingServer, type TrackingServer } from '../../../../src/core/metrics/mlflow/server';
import { createStdoutMetricSource } from '../../../../src/core/metrics/stdoutSource';
import type { MetricReport, ParamReport, RunStatusReport, TagReport } from '../../../../src/core/metrics/metricSource';

const FIXTURES = resolve(__dirname, '../../../fixtures/metrics');

let server: TrackingServer;
let artifactRoot: string;
const reports: MetricReport[] = [];
const params: ParamReport[] = [];
const tags: TagReport[] = [];
const statuses: RunStatusReport[] = [];

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a fixture script as a trial would run it: the trial environment, stdout piped to the parser. */
function runTrialScript(script: string, env: Record<string, string>, trialId: string): Promise<Outcome> {
  const source = createStdoutMetricSource(trialId, { metric: (r) => reports.push(r) });
  return new Promise((resolvePromise) => {
    const child = execFile('python3', [join(FIXTURES, script)], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 20000 }, (error, stdout, stderr) => {
      source.end();
      resolvePromise({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdout?.on('data', (chunk: Buffer | string) => source.write(chunk));
  });
}

before(async () => {
  artifactRoot = mkdtempSync(join(tmpdir(), 'hypersweep-python-mlflow-'));
  server = await startTrackingServer({
    artifactRoot,
    listener: {
      metric: (r) => reports.push(r),
      param: (r) => params.push(r),
      tag: (r) => tags.push(r),
      runStatus: (r) => statuses.push(r),
    },
  });
});

after(async () => {
  await server.close();
  rmSync(artifactRoot, { recursive: true, force: true });
});

describe('a Python trial script logging like MLflow', () => {
  test('resumes its run, logs metrics/params/tags, ends it; both channels report', async () => {
    const trial = server.createTrialRun('py-1', 'py-sweep');
    const result = await runTrialScript('train_with_mlflow.py', trial.env, 'py-1');
    assert.equal(result.code, 0, result.stderr);

    const outcome = JSON.parse(result.stdout.split('\n').find((line) => line.startsWith('OUTCOME '))?.slice(8) ?? '{}') as Record<string, unknown>;
    assert.equal(outcome['param_change'], 'INVALID_PARAMETER_VALUE');
    assert.deepEqual(outcome['history'], [1, 0.5, 1 / 3]);
    assert.equal(outcome['diverged'], 'NaN');

    const fromMlflow = reports.filter((r) => r.trialId === 'py-1' && r.source === 'mlflow');
    assert.deepEqual(
      fromMlflow.filter((r) => r.name === 'loss').map((r) => [r.value, r.step]),
      [[1, 0], [0.5, 1], [1 / 3, 2]],
    );
    assert.deepEqual(fromMlflow.filter((r) => r.name === 'val/acc').map((r) => r.step), [0, 1, 2]);
    assert.ok(Number.isNaN(fromMlflow.find((r) => r.name === 'diverged')?.value));
    assert.equal(fromMlflow.find((r) => r.name === 'upper')?.value, -Infinity);

    const fromStdout = reports.filter((r) => r.trialId === 'py-1' && r.source === 'stdout');
    assert.deepEqual(
      fromStdout.map((r) => [r.name, r.step]),
      [['train_loss', 0], ['epoch', 0], ['val_loss', 0], ['train_loss', 1], ['epoch', 1], ['val_loss', 1], ['train_loss', 2], ['epoch', 2], ['val_loss', 2]],
    );

    assert.deepEqual(params.filter((p) => p.trialId === 'py-1').map((p) => [p.key, p.value]), [['lr', '0.01'], ['optimizer', 'adam'], ['epochs', '3']]);
    assert.deepEqual(tags.filter((t) => t.trialId === 'py-1').map((t) => [t.key, t.value]), [['framework', 'fixture']]);
    assert.deepEqual(statuses.filter((s) => s.trialId === 'py-1').map((s) => s.status), ['RUNNING', 'FINISHED']);
    const run = server.store.getRun(trial.runId);
    assert.equal(run.status, 'FINISHED');
    assert.ok(run.endTime !== undefined);
  });

  test('a script with a wrong token is refused and fails with UNAUTHENTICATED', async () => {
    const trial = server.createTrialRun('py-2', 'py-sweep');
    const before = reports.length;
    const result = await runTrialScript('train_with_mlflow.py', { ...trial.env, MLFLOW_TRACKING_TOKEN: 'not-the-token' }, 'py-2');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /UNAUTHENTICATED/);
    assert.equal(reports.slice(before).filter((r) => r.source === 'mlflow').length, 0);
  });
});
