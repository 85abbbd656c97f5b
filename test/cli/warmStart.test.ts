/**
 * `hypersweep run --warm-start SRC` through the real CLI: another sweep's trials (its folder, or an
 * exported results file) become prior observations, projected onto a changed space with a summary
 * of what was kept and dropped; they are journaled as prior, never counted in max_total_trials,
 * never this sweep's best; the Bayesian sampler learns from them, and grid skips configurations
 * already evaluated.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramsKey } from '../../src/core/space/encoding';
import { tempFolder } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';
import { sweepJournal, writeObjectiveSpec } from './warmStartSupport';

const folder = tempFolder('hypersweep-cli-warmstart-');
after(() => folder.remove());
before(ensureCliBuilt);

const CHANGED_SPACE = `  x:
    type: uniform
    min_value: 0
    max_value: 2
  k:
    type: choice
    values: [a, b]
  m:
    type: choice
    values: [1, 2, 3]`;

void describe('hypersweep run --warm-start', () => {
  void test('a changed space: shared parameters are used, values outside it dropped, a new one imputed; priors are not trials of the sweep', async () => {
    const dir = join(folder.path, 'changed');
    const source = writeObjectiveSpec(dir, 'source.yaml', { trials: 12, concurrency: 2 });
    const first = await runCli(['run', source, '--out', 'source'], dir);
    assert.equal(first.code, 0, first.stderr);
    const sourceTrials = (await sweepJournal(join(dir, 'source'))).state.trials;
    const fits = sourceTrials.filter((t) => Number(t.params['x']) >= 0 && t.params['k'] !== 'c');
    const target = writeObjectiveSpec(dir, 'target.yaml', { trials: 3, space: CHANGED_SPACE });
    const result = await runCli(['run', target, '--out', 'target', '--warm-start', 'source'], dir);
    assert.equal(result.code, 0, result.stderr);
    const summary = result.stderr.split('\n').find((l) => l.startsWith('warm start from'));
    assert.ok(summary, result.stderr);
    assert.match(summary, new RegExp(`^warm start from sweep folder source: 12 trials, ${fits.length} kept as prior; ${12 - fits.length} dropped \\(`));
    assert.match(summary, /outside this space/);
    assert.match(summary, /parameters used: x, k; dropped \(not in this space\): q; new here, priors take the space's centre value: m=2$/);
    const { state, events } = await sweepJournal(join(dir, 'target'));
    assert.equal(events.filter((e) => e.type === 'priors-loaded').length, 1);
    assert.deepEqual(state.priors?.trials.map((t) => t.id), fits.map((t) => t.id));
    assert.deepEqual(state.priors?.trials[0]?.params, { x: fits[0]?.params['x'], k: fits[0]?.params['k'], m: 2 });
    assert.deepEqual(state.priors?.trials[0]?.imputed, ['m']);
    assert.equal(state.trials.length, 3, 'priors do not count in max_total_trials');
    assert.ok(state.trials.every((t) => t.id.startsWith('target_')));
    assert.ok(state.bestTrialId?.startsWith('target_'), 'the best is a trial of this sweep');
    const status = await runCli(['status', 'target'], dir);
    assert.match(status.stdout, new RegExp(`prior: ${fits.length} trials from source \\(warm start\\): best loss [0-9.e-]+ \\(source_\\d+\\); the sampler's prior observations, not trials of this sweep`));
    assert.match(status.stdout, /3 trials/);
  });

  void test('from an exported results file; a different primary metric is refused', async () => {
    const dir = join(folder.path, 'results');
    const source = writeObjectiveSpec(dir, 'source.yaml', { trials: 4 });
    assert.equal((await runCli(['run', source, '--out', 'source', '--output', 'results.json'], dir)).code, 0);
    const target = writeObjectiveSpec(dir, 'target.yaml', { trials: 1 });
    const result = await runCli(['run', target, '--out', 'target', '--warm-start', 'results.json'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warm start from results file results\.json: 4 trials, 4 kept as prior; parameters used: x, k, q/);
    const other = writeObjectiveSpec(dir, 'other.yaml', { trials: 1 });
    writeFileSync(other, readFileSync(other, 'utf8').replace('primary_metric: loss', 'primary_metric: accuracy'));
    const refused = await runCli(['run', other, '--out', 'other', '--warm-start', 'results.json'], dir);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /--warm-start results\.json: results\.json optimised `loss`, this spec `accuracy`: prior values must measure the same primary metric/);
  });

  void test('Bayesian: the priors are data, so the first proposal comes from the model, not the space-filling design', async () => {
    const dir = join(folder.path, 'bayes');
    const source = writeObjectiveSpec(dir, 'source.yaml', { trials: 12, concurrency: 2 });
    assert.equal((await runCli(['run', source, '--out', 'source'], dir)).code, 0);
    const bayes = writeObjectiveSpec(dir, 'bayes.yaml', { trials: 1, sampling: 'bayesian' });
    const cold = await runCli(['run', bayes, '--out', 'cold', '--seed', '5'], dir);
    const warm = await runCli(['run', bayes, '--out', 'warm', '--seed', '5', '--warm-start', 'source'], dir);
    assert.equal(cold.code, 0, cold.stderr);
    assert.equal(warm.code, 0, warm.stderr);
    const coldTrial = (await sweepJournal(join(dir, 'cold'))).state.trials[0];
    const warmTrial = (await sweepJournal(join(dir, 'warm'))).state.trials[0];
    assert.equal(coldTrial?.sequence, 0);
    assert.equal(warmTrial?.sequence, 0, 'the sampler sequence is its own: priors do not move it');
    assert.notEqual(paramsKey(warmTrial?.params ?? {}), paramsKey(coldTrial?.params ?? {}));
  });

  void test('grid skips the configurations the source already evaluated', async () => {
    const dir = join(folder.path, 'grid');
    const space = `  k:
    type: choice
    values: [a, b, c]
  q:
    type: choice
    values: [0, 0.25, 0.5]
  x:
    type: choice
    values: [0.5]`;
    const source = writeObjectiveSpec(dir, 'source.yaml', { trials: 4, sampling: 'grid', space });
    assert.equal((await runCli(['run', source, '--out', 'source'], dir)).code, 0);
    const target = writeObjectiveSpec(dir, 'target.yaml', { trials: 9, sampling: 'grid', space });
    const result = await runCli(['run', target, '--out', 'target', '--warm-start', 'source'], dir);
    assert.equal(result.code, 0, result.stderr);
    const sourceKeys = new Set((await sweepJournal(join(dir, 'source'))).state.trials.map((t) => paramsKey(t.params)));
    const { state } = await sweepJournal(join(dir, 'target'));
    assert.equal(state.trials.length, 5, 'the 9-point grid less the 4 evaluated ones');
    assert.ok(state.trials.every((t) => !sourceKeys.has(paramsKey(t.params))));
    assert.equal(state.skipped.length, 4);
    assert.equal(state.endReason, 'space_exhausted');
  });
});
