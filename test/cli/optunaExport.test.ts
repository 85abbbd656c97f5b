/**
 * `hypersweep export --format optuna-journal` read back by Optuna itself: Debian's python3-optuna
 * (3.1) loads the file with JournalStorage(JournalFileStorage(FILE)) and must see the same trials,
 * parameters with their distributions (log, int, categorical, nested branches), states, intermediate
 * values and best trial. Skipped, saying so, when /usr/bin/python3 cannot import optuna.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readSweepState } from '../../src/core/journal/record';
import { tempFolder, writeSpec } from '../core/scheduler/support';
import { writeKnownSweep, type KnownSweep } from '../core/analysis/support';
import { KNOWN_OBJECTIVE_SPEC } from './knownObjective';
import { ensureCliBuilt, ROOT, runCli } from './support';

const PYTHON = '/usr/bin/python3';
const LOADER = join(ROOT, 'test', 'fixtures', 'analysis', 'load_optuna.py');
const optunaMissing = spawnSync(PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' }).status !== 0
  ? `${PYTHON} cannot import optuna: install Debian's python3-optuna (apt-get install python3-optuna) to run this test`
  : false;
if (optunaMissing) console.log(`# skipped: ${optunaMissing}`);

interface OptunaTrial {
  number: number;
  state: string;
  value: number | string | null;
  params: Record<string, unknown>;
  distributions: Record<string, string>;
  intermediate: Record<string, number | string>;
  user_attrs: Record<string, string>;
  complete: boolean;
}
interface OptunaView {
  optuna: string;
  studies: number;
  name: string;
  direction: string;
  user_attrs: Record<string, unknown>;
  best: number | null;
  trials: OptunaTrial[];
}

function loadWithOptuna(file: string): OptunaView {
  const result = spawnSync(PYTHON, [LOADER, file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as OptunaView;
}

const SPEC = `type: sweep
name: mixed
trial:
  command: python train.py
sampling_algorithm: random
search_space:
  lr:
    type: loguniform
    min_value: ${Math.log(1e-4)}
    max_value: ${Math.log(1e-1)}
  layers:
    type: randint
    upper: 6
  model:
    type: choice
    values:
      - arch: cnn
        kernel:
          type: choice
          values: [3, 5]
      - arch: mlp
        width:
          type: uniform
          min_value: 16
          max_value: 256
objective:
  goal: minimize
  primary_metric: val_loss
limits:
  max_total_trials: 10
`;

const folder = tempFolder('hypersweep-optuna-export-');
let mixed: KnownSweep;
after(() => {
  folder.remove();
  mixed.remove();
});

before(async () => {
  await ensureCliBuilt();
  mixed = await writeKnownSweep('mixed', [
    { params: { lr: 0.01, layers: 2, model: { arch: 'cnn', kernel: 3 } }, values: [0.9, 0.5, 0.4] },
    { params: { lr: 0.001, layers: 5, model: { arch: 'mlp', width: 64.5 } }, values: [0.8, 0.3, 0.35] },
    { params: { lr: 0.05, layers: 0, model: { arch: 'cnn', kernel: 5 } }, values: [1.5, Number.NaN], status: 'Canceled', reason: 'early_termination' },
    { params: { lr: 0.0002, layers: 3, model: { arch: 'mlp', width: 200 } }, values: [], status: 'Failed' },
    { params: { lr: 0.02, layers: 1, model: { arch: 'cnn', kernel: 3 } }, values: [0.1], status: 'Canceled', reason: 'user' },
  ], { spec: SPEC });
});

void describe('export --format optuna-journal, loaded by Optuna', { skip: optunaMissing }, () => {
  test('the same trials, states, parameters with their distributions, intermediate values and best trial', async () => {
    const file = join(folder.path, 'mixed.optuna.log');
    const exported = await runCli(['export', mixed.dir, '--format', 'optuna-journal', '-o', file], folder.path);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /wrote 5 trials to /);
    const view = loadWithOptuna(file);
    assert.match(view.optuna, /^3\./);
    assert.deepEqual([view.studies, view.name, view.direction], [1, 'mixed', 'MINIMIZE']);
    assert.deepEqual(view.trials.map((t) => [t.number, t.state, t.user_attrs.hypersweep_status]), [
      [0, 'COMPLETE', 'Completed'],
      [1, 'COMPLETE', 'Completed'],
      [2, 'PRUNED', 'Canceled (early_termination)'],
      [3, 'FAIL', 'Failed'],
      [4, 'COMPLETE', 'Canceled (user)'],
    ]);
    const [first, second, pruned, failed] = view.trials;
    // The value is the trial's best primary value; the curve is every step's value.
    assert.equal(second?.value, 0.3);
    assert.deepEqual(second?.intermediate, { 0: 0.8, 1: 0.3, 2: 0.35 });
    assert.deepEqual(pruned?.intermediate, { 0: 1.5, 1: 'nan' });
    assert.equal(pruned?.value, null);
    // A trial canceled by the user counts for best (decisions.md), so it is COMPLETE with its value.
    assert.equal(view.trials[4]?.value, 0.1);
    assert.equal(view.best, 4);
    assert.equal(view.user_attrs.hypersweep_best_trial, 'mixed_4');
    // The log-uniform bounds are e^min..e^max; randint is an IntDistribution; a nested choice is
    // its branch label plus the chosen branch's entries.
    assert.deepEqual(first?.params, { lr: 0.01, layers: 2, model: 'option 1: arch=cnn', 'model.kernel': 3 });
    assert.deepEqual(second?.params, { lr: 0.001, layers: 5, model: 'option 2: arch=mlp', 'model.width': 64.5 });
    assert.match(first?.distributions.lr ?? '', /^FloatDistribution\(high=0\.1\d*, log=True, low=(0\.0001\d*|9\.99\d*e-05), step=None\)$/);
    assert.equal(first?.distributions.layers, 'IntDistribution(high=5, log=False, low=0, step=1)');
    assert.equal(first?.distributions['model.kernel'], 'CategoricalDistribution(choices=(3, 5))');
    assert.equal(second?.distributions['model.width'], 'FloatDistribution(high=256.0, log=False, low=16.0, step=None)');
    assert.match(first?.distributions.model ?? '', /^CategoricalDistribution\(choices=\('option 1: arch=cnn', 'option 2: arch=mlp'\)\)$/);
    assert.equal(failed?.complete, true);
    assert.equal(JSON.parse(failed?.user_attrs.hypersweep_params ?? '{}').model.width, 200);
  });

  test('a real sweep run by the CLI opens in Optuna with every trial and the same best trial', async () => {
    writeSpec(folder.path, KNOWN_OBJECTIVE_SPEC.replace('max_total_trials: 60', 'max_total_trials: 8'), 'known.yaml');
    const run = await runCli(['run', 'known.yaml', '--out', 'known'], folder.path);
    assert.equal(run.code, 0, run.stderr);
    const exported = await runCli(['export', 'known', '--format', 'optuna-journal', '-o', 'known.log'], folder.path);
    assert.equal(exported.code, 0, exported.stderr);
    const view = loadWithOptuna(join(folder.path, 'known.log'));
    const state = await readSweepState(join(folder.path, 'known'));
    assert.equal(view.trials.length, 8);
    assert.ok(view.trials.every((t) => t.state === 'COMPLETE' && Object.keys(t.intermediate).length === 3));
    assert.equal(view.trials.find((t) => t.number === view.best)?.user_attrs.hypersweep_trial_id, state.bestTrialId);
    assert.deepEqual(Object.keys(view.trials[0]?.params ?? {}), ['x', 'w', 'd', 'opt']);
  });
});
