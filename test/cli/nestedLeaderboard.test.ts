/**
 * A nested choice in the CLI leaderboard: one column naming the chosen branch and one per entry of
 * the branch (`model`, `model.arch`, `model.depth`), as the dashboard shows them, never a JSON blob
 * that the table's columns cut apart.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const folder = tempFolder('hypersweep-cli-nested-');
after(() => folder.remove());

const SPEC = specYaml('--delay 1 --values 0.5 --tag ${{search_space.model}}', `
sampling_algorithm:
  type: random
  seed: 7
search_space:
  model:
    type: choice
    values:
      - arch: mlp
        depth:
          type: choice
          values: [2, 3]
      - arch: cnn
        depth:
          type: choice
          values: [4]
limits:
  max_total_trials: 8
  max_concurrent_trials: 1
`);

void test('status shows a nested choice as a branch column plus one column per entry', async () => {
  await ensureCliBuilt();
  writeSpec(folder.path, SPEC, 'nested.yaml');
  const run = await runCli(['run', 'nested.yaml', '--out', 'done'], folder.path);
  assert.equal(run.code, 0, run.stderr);
  const status = await runCli(['status', 'done'], folder.path);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /^rank\s+trial\s+status\s+loss\s+model\s+model\.arch\s+model\.depth\s+duration$/m);
  assert.doesNotMatch(status.stdout, /[{}]/, 'no JSON object in the table');
  assert.match(status.stdout, /option 1: arch=mlp\s+mlp\s+[23]\b/);
  assert.match(status.stdout, /option 2: arch=cnn\s+cnn\s+4\b/);
});
