/**
 * `hypersweep run` picks its target: `--target NAME` (unknown = usage error listing the defined
 * targets), `--targets FILE` (problems printed as file:line:col, exit 2), a `compute:` naming no
 * target (a warning: trials run locally); a local GPU target shows where each trial ran in
 * `status` and `export`. Real CLI processes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const folder = tempFolder('hypersweep-cli-targets-');
after(() => folder.remove());
before(async () => ensureCliBuilt());

const SECTIONS = `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2]
limits:
  max_total_trials: 2
`;

function spec(compute?: string): string {
  const text = specYaml('--values ${{search_space.x}}', SECTIONS);
  return compute === undefined ? text : `compute: ${compute}\n${text}`;
}

describe('hypersweep run on targets', () => {
  test('an unknown --target is a usage error naming the defined targets; nothing is created', async () => {
    writeFileSync(join(folder.path, 'hypersweep.targets.yaml'), 'targets:\n  gpus:\n    type: local\n    gpus: [0, 1]\n');
    writeSpec(folder.path, spec(), 'a.sweep.yaml');
    const result = await runCli(['run', 'a.sweep.yaml', '--target', 'nowhere', '--out', 'a'], folder.path);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /No target named `nowhere`\. Defined targets: `local`, `gpus`/);
    assert.equal(existsSync(join(folder.path, 'a')), false);
  });

  test('errors in the targets file print as file:line:col and exit 2', async () => {
    const dir = join(folder.path, 'bad');
    const file = join(folder.path, 'bad.targets.yaml');
    writeFileSync(file, 'targets:\n  pool:\n    type: ssh\n    hots: [a]\n');
    writeSpec(folder.path, spec('pool'), 'b.sweep.yaml');
    const result = await runCli(['run', 'b.sweep.yaml', '--targets', 'bad.targets.yaml', '--out', dir], folder.path);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^bad\.targets\.yaml:4:5: error: .*`hots`/m);
    assert.equal(existsSync(dir), false);
  });

  test('compute: naming no target warns that trials run locally, and the sweep runs', async () => {
    writeSpec(folder.path, spec('azureml:gpu-cluster'), 'c.sweep.yaml');
    const result = await runCli(['run', 'c.sweep.yaml', '--out', 'c'], folder.path);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: `compute: azureml:gpu-cluster` names no defined target, so trials run on this machine \(`local`\)/);
  });

  test('--target picks a local GPU target: status and export show the GPU of each trial', async () => {
    writeSpec(folder.path, spec(), 'd.sweep.yaml');
    const run = await runCli(['run', 'd.sweep.yaml', '--target', 'gpus', '--out', 'd'], folder.path);
    assert.equal(run.code, 0, run.stderr);
    const status = await runCli(['status', 'd'], folder.path);
    assert.match(status.stdout, /duration\s+where/);
    assert.match(status.stdout, /gpus GPU [01]/);
    const exported = JSON.parse((await runCli(['export', 'd'], folder.path)).stdout) as { trials: { placement: { target: string; gpus: string[] } | null }[] };
    assert.deepEqual(exported.trials.map((t) => t.placement?.target), ['gpus', 'gpus']);
    assert.ok(exported.trials.every((t) => t.placement?.gpus.length === 1));
  });
});
