/**
 * -0 is a value like any other: a parameter value -0 (a `choice` of -0) and a metric value -0
 * (printed as `loss=-0`, sent through MLflow as `"value": -0`) come back as -0 from the journal
 * and show as -0 in `export` (JSON and CSV), `status --json` and `sample --json`. JSON.stringify
 * writes -0 as 0, so they used to come back as 0.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replay } from '../../src/core/journal/replay';
import { journalEvents, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const TRIAL = join(__dirname, '..', 'fixtures', 'scheduler', 'negative_zero_trial.js');
const folder = tempFolder('hypersweep-negative-zero-');
after(() => folder.remove());
const cwd = folder.path;

const SPEC = `type: sweep
trial:
  command: node ${JSON.stringify(TRIAL)} \${{search_space.x}}
objective:
  goal: minimize
  primary_metric: loss
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [-0]
limits:
  max_total_trials: 1
`;

before(async () => {
  await ensureCliBuilt();
  writeSpec(cwd, SPEC, 'zero.yaml');
});

void test('sample --json shows a -0 parameter as -0', async () => {
  const sample = await runCli(['sample', 'zero.yaml', '--json'], cwd);
  assert.equal(sample.code, 0, sample.stderr);
  assert.equal(sample.stdout, '{"sequence":0,"params":{"x":-0}}\n');
});

void test('-0 parameter and metric values round-trip through the journal and show as -0 in export and status', async () => {
  const run = await runCli(['run', 'zero.yaml', '--out', 'sw', '--output', 'results.json'], cwd);
  assert.equal(run.code, 0, run.stdout + run.stderr);

  const state = replay(await journalEvents(join(cwd, 'sw')));
  const trial = state.trials[0];
  assert.ok(trial);
  assert.ok(Object.is(trial.params['x'], -0), 'param x');
  assert.deepEqual(trial.metrics['loss']?.map((p) => [Object.is(p.value, -0), p.source]), [[true, 'stdout']]);
  assert.deepEqual(trial.metrics['acc']?.map((p) => [Object.is(p.value, -0), p.source]), [[true, 'mlflow']]);
  assert.ok(Object.is(trial.bestPrimary, -0), 'best');

  const exported = await runCli(['export', 'sw'], cwd);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stdout, readFileSync(join(cwd, 'results.json'), 'utf8'));
  const results = JSON.parse(exported.stdout) as { trials: { params: { x: number }; best: number; metrics: Record<string, { value: number }[]> }[] };
  const [first] = results.trials;
  assert.ok(first);
  assert.ok(Object.is(first.params.x, -0) && Object.is(first.best, -0));
  assert.ok(Object.is(first.metrics['loss']?.[0]?.value, -0) && Object.is(first.metrics['acc']?.[0]?.value, -0));

  const csv = await runCli(['export', 'sw', '--format', 'csv'], cwd);
  const [header, row] = csv.stdout.split('\n').map((l) => l.split(','));
  for (const column of ['best', 'param.x', 'last.loss', 'last.acc']) assert.equal(row?.[header?.indexOf(column) ?? -1], '-0', column);

  const status = await runCli(['status', 'sw', '--json'], cwd);
  assert.equal(status.code, 0, status.stderr);
  assert.ok(Object.is((JSON.parse(status.stdout) as { trials: { best: number }[] }).trials[0]?.best, -0));
});
