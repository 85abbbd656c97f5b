/**
 * Parameter importance (fANOVA over a random forest) against objectives whose importance is known
 * analytically, read from real sweep folders: a strong and a weak term and a dummy parameter, a
 * categorical parameter, a log-scaled one (judged on its log scale), a nested choice, and the rule
 * for which trials count.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countedTrials } from '../../../src/core/analysis/countedTrials';
import { parameterImportance } from '../../../src/core/analysis/importance';
import { readSweepState } from '../../../src/core/journal/record';
import { readSweepSpace } from '../../../src/core/results/sweepSpace';
import { seededRandom, writeKnownSweep, type KnownSweep, type KnownTrial } from './support';

const sweeps: KnownSweep[] = [];
after(() => sweeps.forEach((s) => s.remove()));

async function importanceOf(name: string, trials: readonly KnownTrial[], spec?: string, seed?: number) {
  const sweep = await writeKnownSweep(name, trials, spec !== undefined ? { spec } : {});
  sweeps.push(sweep);
  return parameterImportance(await readSweepState(sweep.dir), readSweepSpace(sweep.dir), seed);
}

function sumOf(shares: Readonly<Record<string, number>>): number {
  return Object.values(shares).reduce((a, b) => a + b, 0);
}

function specWith(searchSpace: string): string {
  return `type: sweep
trial:
  command: python train.py
sampling_algorithm: random
search_space:
${searchSpace}
objective:
  goal: minimize
  primary_metric: val_loss
limits:
  max_total_trials: 400
`;
}

// y = 3·strong + weak: Var = 9/12 + 1/12 over the unit square, so the shares are 0.9 and 0.1.
function additiveTrials(count: number, seed: number): KnownTrial[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const [strong, weak, dummy] = [random(), random(), random()];
    return { params: { strong, weak, dummy }, values: [3 * strong + weak] };
  });
}

void describe('parameter importance', () => {
  test('a strong term, a weak term and a dummy: shares near 0.9, 0.1 and 0, summing to 1', async () => {
    const result = await importanceOf('additive', additiveTrials(300, 11));
    const { strong = -1, weak = -1, dummy = -1 } = result.importance;
    assert.ok(Math.abs(sumOf(result.importance) - 1) < 1e-9, `shares sum to ${sumOf(result.importance)}`);
    assert.ok(strong > 0.8 && strong < 0.97, `strong ${strong}`);
    assert.ok(weak > 0.03 && weak < 0.2, `weak ${weak}`);
    assert.ok(dummy >= 0 && dummy < 0.03, `dummy ${dummy}`);
    assert.deepEqual(result.order, ['strong', 'weak', 'dummy']);
    assert.equal(result.trialCount, 300);
    assert.ok(result.mainEffects > 0.9, `an additive objective is all main effects, got ${result.mainEffects}`);
  });

  test('the same trials and seed give the same numbers; another seed moves them only a little', async () => {
    const trials = additiveTrials(120, 5);
    const first = await importanceOf('seeded_a', trials, undefined, 7);
    const again = await importanceOf('seeded_b', trials, undefined, 7);
    const other = await importanceOf('seeded_c', trials, undefined, 8);
    assert.deepEqual(again.importance, first.importance);
    assert.notDeepEqual(other.importance, first.importance);
    assert.ok(Math.abs((other.importance.strong ?? 0) - (first.importance.strong ?? 0)) < 0.05);
  });

  test('a categorical parameter that decides the objective gets almost all of it', async () => {
    const random = seededRandom(3);
    const effect: Record<string, number> = { adam: 0, sgd: 1, rmsprop: 0.5 };
    const trials = Array.from({ length: 150 }, (): KnownTrial => {
      const optimizer = ['adam', 'sgd', 'rmsprop'][Math.floor(random() * 3)] ?? 'adam';
      const dropout = random();
      return { params: { optimizer, dropout }, values: [(effect[optimizer] ?? 0) + 0.01 * random()] };
    });
    const result = await importanceOf('categorical', trials, specWith(`  optimizer:
    type: choice
    values: [adam, sgd, rmsprop]
  dropout:
    type: uniform
    min_value: 0
    max_value: 1`));
    assert.ok((result.importance.optimizer ?? 0) > 0.95, JSON.stringify(result.importance));
  });

  // lr is searched log-uniformly over 1e-5..1e-1 and only "lr below 1e-3" matters: half of the
  // searched log scale, as much as "x below 0.5". On a linear scale that half would be 1% wide.
  const LOG_SPACE = `  lr:
    type: loguniform
    min_value: ${Math.log(1e-5)}
    max_value: ${Math.log(1e-1)}
  x:
    type: uniform
    min_value: 0
    max_value: 1`;
  function stepTrials(): KnownTrial[] {
    const random = seededRandom(9);
    return Array.from({ length: 200 }, () => {
      const lr = 10 ** (-5 + 4 * random());
      const x = random();
      return { params: { lr, x }, values: [(lr < 1e-3 ? 1 : 0) + (x < 0.5 ? 1 : 0)] };
    });
  }

  test('a log-scaled parameter is judged on its log scale (from the spec copy)', async () => {
    const result = await importanceOf('logscale', stepTrials(), specWith(LOG_SPACE));
    const { lr = -1, x = -1 } = result.importance;
    assert.ok(lr > 0.35 && lr < 0.65, `lr ${lr} (x ${x})`);
    // Without the spec copy, lr's scale is unknown and its step is 1% of a linear axis.
    const linear = await importanceOf('logscale_nospec', stepTrials());
    assert.ok((linear.importance.lr ?? 1) < 0.2, `lr on a linear scale ${linear.importance.lr}`);
  });

  test('nested choices: the branch and the entries of each branch are columns; constants stay with their branch', async () => {
    const random = seededRandom(21);
    const trials = Array.from({ length: 240 }, (): KnownTrial => {
      const cnn = random() < 0.5;
      const kernel = random() < 0.5 ? 3 : 5;
      const depth = Math.floor(random() * 6);
      // The branch matters most; in the mlp branch depth matters too; the kernel does not.
      const value = cnn ? 1 : 0.2 * depth / 5;
      return { params: { model: cnn ? { arch: 'cnn', kernel } : { arch: 'mlp', depth }, dropout: random() }, values: [value] };
    });
    const result = await importanceOf('nested', trials, specWith(`  model:
    type: choice
    values:
      - arch: cnn
        kernel:
          type: choice
          values: [3, 5]
      - arch: mlp
        depth:
          type: randint
          upper: 6
  dropout:
    type: uniform
    min_value: 0
    max_value: 1`));
    assert.deepEqual(Object.keys(result.importance).sort(), ['dropout', 'model', 'model.depth', 'model.kernel']);
    assert.equal(result.order[0], 'model');
    const { 'model.depth': depth = 0, 'model.kernel': kernel = 1, dropout = 1 } = result.importance;
    assert.ok(depth > kernel && depth > dropout, JSON.stringify(result.importance));
    assert.ok(Math.abs(sumOf(result.importance) - 1) < 1e-9);
  });

  test('completed and early-stopped trials count (the stopped ones with their best value before the stop); failed and user-canceled ones do not', async () => {
    const trials: KnownTrial[] = [
      ...additiveTrials(60, 4),
      { params: { strong: 0.1, weak: 0.1, dummy: 0.1 }, values: [9, 8], status: 'Canceled', reason: 'early_termination' },
      { params: { strong: 0.2, weak: 0.2, dummy: 0.2 }, values: [7], status: 'Failed' },
      { params: { strong: 0.3, weak: 0.3, dummy: 0.3 }, values: [7], status: 'Canceled', reason: 'user' },
    ];
    const result = await importanceOf('counted', trials);
    assert.equal(result.trialCount, 61);
    const stopped = countedTrials(await readSweepState(sweeps.at(-1)?.dir ?? '')).find((t) => t.earlyStopped);
    assert.deepEqual([stopped?.trial.id, stopped?.value], ['counted_60', 8]);
    const few = await importanceOf('few', additiveTrials(3, 1));
    assert.deepEqual(few.importance, {});
    assert.match(few.undetermined ?? '', /3 counted trials; importance needs at least 4/);
  });
});
