/**
 * `hypersweep run --warm-start FILE` with an Optuna journal: one HyperSweep exported (its trials
 * come back with their ids and exact parameters) and one Optuna itself wrote with
 * JournalFileStorage (COMPLETE, PRUNED and FAIL trials: all three kept as priors, the pruned one
 * with its best intermediate value). The second needs Debian's python3-optuna and says when it is
 * skipped.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSweepState } from '../../src/core/journal/record';
import { tempFolder, writeSpec } from '../core/scheduler/support';
import { KNOWN_OBJECTIVE_SPEC } from './knownObjective';
import { ensureCliBuilt, runCli } from './support';

const PYTHON = '/usr/bin/python3';
const optunaMissing = spawnSync(PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' }).status !== 0
  ? `${PYTHON} cannot import optuna: install Debian's python3-optuna (apt-get install python3-optuna) to run this test`
  : false;
if (optunaMissing) console.log(`# skipped (Optuna-written journal): ${optunaMissing}`);

const folder = tempFolder('hypersweep-optuna-warm-');
after(() => folder.remove());

function spec(trials: number): string {
  return KNOWN_OBJECTIVE_SPEC.replace('max_total_trials: 60', `max_total_trials: ${trials}`);
}

/** A study Optuna runs itself: 4 complete trials, one pruned after two reports, one failed. */
const OPTUNA_STUDY = `
import sys, warnings, optuna
warnings.simplefilter("ignore")
optuna.logging.set_verbosity(optuna.logging.ERROR)
storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1]))
study = optuna.create_study(study_name="native", storage=storage, direction="minimize", sampler=optuna.samplers.RandomSampler(seed=1))
def objective(trial):
    x = trial.suggest_float("x", 0, 1)
    w = trial.suggest_float("w", 0, 1)
    d = trial.suggest_float("d", 0.000101, 0.1, log=True)
    opt = trial.suggest_categorical("opt", ["adam", "sgd"])
    if trial.number == 4:
        trial.report(5.0, 0)
        trial.report(4.0, 1)
        raise optuna.TrialPruned()
    if trial.number == 5:
        raise ValueError("diverged")
    return 3 * x + w
study.optimize(objective, n_trials=6, catch=(ValueError,))
`;

void describe('run --warm-start with an Optuna journal', () => {
  test('one HyperSweep exported: every trial back as a prior, with its id and parameters', async () => {
    await ensureCliBuilt();
    const cwd = folder.path;
    writeSpec(cwd, spec(6), 'source.yaml');
    assert.equal((await runCli(['run', 'source.yaml', '--out', 'source'], cwd)).code, 0);
    assert.equal((await runCli(['export', 'source', '--format', 'optuna-journal', '-o', 'source.optuna.log'], cwd)).code, 0);
    writeSpec(cwd, spec(1), 'target.yaml');
    const result = await runCli(['run', 'target.yaml', '--out', 'target', '--warm-start', 'source.optuna.log'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warm start from Optuna journal \(study known\) source\.optuna\.log: 6 trials, 6 kept as prior; parameters used: x, w, d, opt/);
    const source = await readSweepState(join(cwd, 'source'));
    const target = await readSweepState(join(cwd, 'target'));
    assert.deepEqual(target.priors?.trials.map((t) => [t.id, t.params, t.value]), source.trials.map((t) => [t.id, t.params, t.bestPrimary]));
  });

  test('one Optuna wrote: complete, pruned (best intermediate value) and failed trials are priors', { skip: optunaMissing }, async () => {
    await ensureCliBuilt();
    const cwd = folder.path;
    const made = spawnSync(PYTHON, ['-c', OPTUNA_STUDY, join(cwd, 'native.log')], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    writeSpec(cwd, spec(1), 'native.yaml');
    const result = await runCli(['run', 'native.yaml', '--out', 'from-native', '--warm-start', 'native.log'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warm start from Optuna journal \(study native\) native\.log: 6 trials, 6 kept as prior; parameters used: x, w, d, opt/);
    const priors = (await readSweepState(join(cwd, 'from-native'))).priors?.trials ?? [];
    assert.deepEqual(priors.map((t) => t.status), ['Completed', 'Completed', 'Completed', 'Completed', 'Canceled', 'Failed']);
    assert.equal(priors[4]?.value, 4);
    const first = priors[0];
    assert.ok(first && typeof first.params['opt'] === 'string' && first.value !== null && Math.abs(first.value - (3 * Number(first.params['x']) + Number(first.params['w']))) < 1e-12);
  });

  test('a journal of two studies, or of a multi-objective study, is refused with the reason', async () => {
    await ensureCliBuilt();
    const cwd = folder.path;
    const study = (name: string, directions: number[]): string => JSON.stringify({ op_code: 0, worker_id: 'w', study_name: name, directions });
    writeFileSync(join(cwd, 'two.log'), `${study('a', [1])}\n${study('b', [1])}\n`);
    writeFileSync(join(cwd, 'multi.log'), `${study('m', [1, 2])}\n`);
    writeSpec(cwd, spec(1), 'refused.yaml');
    const two = await runCli(['run', 'refused.yaml', '--out', 'r1', '--warm-start', 'two.log'], cwd);
    assert.equal(two.code, 2, two.stderr);
    assert.match(two.stderr, /two\.log holds 2 studies \(a, b\); warm start reads one: write each study to its own journal/);
    const multi = await runCli(['run', 'refused.yaml', '--out', 'r2', '--warm-start', 'multi.log'], cwd);
    assert.equal(multi.code, 2, multi.stderr);
    assert.match(multi.stderr, /multi\.log:1: study "m" has 2 objectives; warm start needs a single-objective study/);
  });
});
