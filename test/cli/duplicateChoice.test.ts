/**
 * `hypersweep sample` and `run` with Bayesian sampling over `values: [1, 1]` once ended with an
 * internal error (the only crash in 2,000 fuzzed specs); they now run the one configuration.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const folder = tempFolder('hypersweep-duplicate-choice-');
after(() => folder.remove());

const SPEC = specYaml('--delay 1 --values ${{search_space.x}}', `
sampling_algorithm: bayesian
search_space:
  x:
    type: choice
    values: [1, 1]
limits:
  max_total_trials: 4
  max_concurrent_trials: 1
`);

before(async () => {
  await ensureCliBuilt();
  writeSpec(folder.path, SPEC, 'dup.yaml');
});

void test('validate warns at the repeated value', async () => {
  const result = await runCli(['validate', 'dup.yaml'], folder.path);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^dup\.yaml:\d+:\d+: warning: `1` repeats value 1 of `search_space\.x`: the duplicate is ignored.* \[duplicate-choice\]$/m);
});

void test('sample and run propose the one configuration and end normally', async () => {
  const sample = await runCli(['sample', 'dup.yaml', '-n', '3', '--json', '--seed', '1'], folder.path);
  assert.equal(sample.code, 0, sample.stderr);
  assert.deepEqual(sample.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { params: unknown }).params), [{ x: 1 }]);
  const run = await runCli(['run', 'dup.yaml', '--out', 'sw', '--seed', '1'], folder.path);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /internal error/);
  assert.match(run.stderr, /Completed \(space exhausted\): 1 trials, 1 completed/);
});
