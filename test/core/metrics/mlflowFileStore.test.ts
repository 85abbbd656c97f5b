/**
 * The tail of MLflow's file store (how a Slurm trial's MLflow calls reach the sweep). The real
 * `mlflow` package cannot be installed on the test machine (no PyPI, no Debian package), so the
 * store is written by a real Python process through the stand-in client in
 * test/fixtures/mlflow/file-store-client, which writes the layout MLflow's FileStore writes.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MlflowFileStoreTail, parseMetricLine } from '../../../src/core/metrics/mlflowFileStore';
import type { MetricReport } from '../../../src/core/metrics/metricSource';
import { LocalLogin } from '../../../src/core/launchers/slurm/loginNode';
import { fileUri } from '../../../src/core/launchers/slurm/mlflowStore';
import { tempFolder } from '../scheduler/support';

const CLIENT = resolve(__dirname, '../../fixtures/mlflow/file-store-client');
const folder = tempFolder('hypersweep-mlflow-store-');
after(() => folder.remove());

const python = spawnSync('python3', ['--version']).status === 0;
const skip = python ? undefined : 'python3 is not on PATH (the stand-in MLflow client is Python)';

/** Runs `script` with the stand-in `mlflow` importable and the store at `root`. */
function runPython(root: string, script: string, env: Record<string, string> = {}): void {
  const result = spawnSync('python3', ['-c', script], {
    env: { ...process.env, PYTHONPATH: CLIENT, MLFLOW_TRACKING_URI: fileUri(root), ...env },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
}

function tail(root: string): { tail: MlflowFileStoreTail; reports: MetricReport[]; problems: string[] } {
  const reports: MetricReport[] = [];
  const problems: string[] = [];
  const store = new MlflowFileStoreTail('t_1', root, new LocalLogin(), { metric: (r) => reports.push(r) }, (m) => problems.push(m));
  return { tail: store, reports, problems };
}

const seen = (reports: readonly MetricReport[]): string[] => reports.map((r) => `${r.name}@${r.step}=${r.value}`);

void test('log_metric without start_run, a key with "/", nan and inf: every value once, in order, as source mlflow', { skip }, async () => {
  const root = join(folder.path, 'plain', 'mlruns');
  const t = tail(root);
  await t.tail.pump();
  assert.equal(t.reports.length, 0, 'no store yet: nothing, no error');
  runPython(root, `
import mlflow
for step in range(3):
    mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
mlflow.log_metric("val/loss", float("nan"), step=7)
mlflow.log_metric("val/loss", float("-inf"), step=8)
mlflow.log_param("lr", 0.1)
`);
  await t.tail.pump();
  assert.deepEqual(seen(t.reports), ['loss@0=1', 'loss@1=0.5', 'loss@2=0.3333333333333333', 'val/loss@7=NaN', 'val/loss@8=-Infinity']);
  assert.ok(t.reports.every((r) => r.trialId === 't_1' && r.source === 'mlflow' && Number.isSafeInteger(r.timestamp) && r.timestamp > 1.7e12));
  // Later appends arrive on the next pump, the earlier ones not again.
  runPython(root, 'import mlflow\nmlflow.log_metric("loss", 0.25, step=3)\n');
  await t.tail.pump();
  assert.deepEqual(seen(t.reports).slice(5), ['loss@3=0.25']);
  await t.tail.pump();
  assert.equal(t.reports.length, 6);
  assert.deepEqual(t.problems, []);
});

void test('with start_run() and a nested run: the top-level runs are the trial\'s, the nested run is not reported', { skip }, async () => {
  const root = join(folder.path, 'nested', 'mlruns');
  runPython(root, `
import mlflow
with mlflow.start_run():
    mlflow.log_metric("loss", 3.0, step=0)
    with mlflow.start_run(nested=True):
        mlflow.log_metric("loss", 99.0, step=0)
    mlflow.log_metric("loss", 2.0, step=1)
`);
  const t = tail(root);
  await t.tail.pump();
  assert.deepEqual(seen(t.reports), ['loss@0=3', 'loss@1=2']);
});

void test('params and tags: each value once, a rewritten tag again, without the tags the client writes itself, nested runs left out', { skip }, async () => {
  const root = join(folder.path, 'values', 'mlruns');
  const values: string[] = [];
  const store = new MlflowFileStoreTail('t_1', root, new LocalLogin(), {
    metric: () => undefined,
    param: (r) => values.push(`param ${r.key}=${r.value} ${r.trialId} ${r.source}`),
    tag: (r) => values.push(`tag ${r.key}=${r.value}`),
  });
  runPython(root, `
import mlflow
with mlflow.start_run():
    mlflow.log_param("lr", 0.1)
    mlflow.log_param("constructor", "x")
    mlflow.set_tag("stage", "warmup")
    mlflow.set_tag("mlflow.note.content", "kept: set by the script")
    with mlflow.start_run(nested=True):
        mlflow.log_param("inner", 1)
`);
  await store.pump();
  assert.deepEqual(values.sort(), [
    'param constructor=x t_1 mlflow', 'param lr=0.1 t_1 mlflow', 'tag mlflow.note.content=kept: set by the script', 'tag stage=warmup',
  ]);
  values.length = 0;
  await store.pump();
  assert.deepEqual(values, [], 'nothing new: nothing reported again');
  // The top-level run: experiment 0 holds the nested run too, which has the parent tag.
  const runId = readdirSync(join(root, '0')).find((name) => name !== 'meta.yaml' && !existsSync(join(root, '0', name, 'tags', 'mlflow.parentRunId'))) ?? '';
  runPython(root, 'import mlflow\nmlflow.set_tag("stage", "finetune")\n', { MLFLOW_RUN_ID: runId });
  await store.pump();
  assert.deepEqual(values, ['tag stage=finetune']);
});

void test('a line still being written is reported once its newline arrives; a line that is not a metric is skipped with one note', async () => {
  const root = join(folder.path, 'partial', 'mlruns');
  const metrics = join(root, '0', 'a'.repeat(32), 'metrics');
  mkdirSync(metrics, { recursive: true });
  const file = join(metrics, 'loss');
  appendFileSync(file, '1700000000000 0.5 0\n1700000000100 0.2');
  const t = tail(root);
  await t.tail.pump();
  assert.deepEqual(seen(t.reports), ['loss@0=0.5']);
  appendFileSync(file, '5 1\nnot a metric\n1700000000200 0.1 2\n');
  await t.tail.pump();
  assert.deepEqual(seen(t.reports), ['loss@0=0.5', 'loss@1=0.25', 'loss@2=0.1']);
  assert.equal(t.problems.length, 1);
  assert.match(t.problems[0] ?? '', /not "timestamp value step".*"not a metric"/);
});

void test('metric lines: 3 fields, or 2 (older clients: step 0); anything else is not a metric', () => {
  assert.deepEqual(parseMetricLine('1700000000000 0.5 3'), { timestamp: 1700000000000, value: 0.5, step: 3 });
  assert.deepEqual(parseMetricLine('1700000000000 1e-05'), { timestamp: 1700000000000, value: 1e-5, step: 0 });
  assert.equal(parseMetricLine('1700000000000 nan 1')?.value, Number.NaN);
  for (const bad of ['', '1700000000000', 'x 0.5 1', '1700000000000 abc 1', '1700000000000 0.5 1.5', '1 2 3 4']) assert.equal(parseMetricLine(bad), undefined, bad);
});
