import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMedianStoppingPolicy, finiteMean, medianOf } from '../../../src/core/policies/medianStopping';
import { assertRows, checkedIntervals, mustCheck, type Row } from './support';

function median(evaluation_interval = 1, delay_evaluation = 0): ReturnType<typeof createMedianStoppingPolicy> {
  return createMedianStoppingPolicy({ type: 'median_stopping', evaluation_interval, delay_evaluation });
}

void describe('median stopping: worked example of azureml-sweep.md §4.4 (delay 5, interval 1)', () => {
  void test('applied at every interval from 5', () => {
    assert.deepEqual(checkedIntervals(median(1, 5), 8), [5, 6, 7, 8]);
  });

  void test('at interval 5 the best so far is compared with the median of running averages over 1:5', () => {
    // Averages over 1:5: 0.9 (the 0.1 at interval 6 is not seen), 0.3, 0.6 -> median 0.6.
    const others = [[0.9, 0.9, 0.9, 0.9, 0.9, 0.1], [0.1, 0.2, 0.3, 0.4, 0.5], [0.6, 0.6, 0.6, 0.6, 0.6]];
    const stopped = mustCheck(median(1, 5), 'maximize', [0.5, 0.5, 0.5, 0.5, 0.5], others);
    assert.equal(stopped.outcome, 'stop');
    assert.equal(stopped.threshold, 0.6);
    assert.equal(mustCheck(median(1, 5), 'maximize', [0.1, 0.1, 0.1, 0.1, 0.61], others).outcome, 'continue');
  });
});

void describe('median stopping: hand-computed tables', () => {
  // Columns: the checked trial's series (n = its length), the others' series, outcome, median M, cut (= M).
  const common = [[0.4, 0.8], [0.7, 0.9], [0.2, 0.4]]; // averages at 2: 0.6, 0.8, 0.3 -> median 0.6
  const maximize: Row[] = [
    { name: 'on the median is kept', trial: [0.5, 0.6], others: common, outcome: 'continue', reference: { median: 0.6 }, threshold: 0.6 },
    { name: 'below the median', trial: [0.55, 0.5], others: common, outcome: 'stop', reference: { median: 0.6 }, threshold: 0.6 },
    { name: 'even count: mean of middle two', trial: [0.49], others: [[0.2], [0.4], [0.6], [0.8]], outcome: 'stop', reference: { median: 0.5 }, threshold: 0.5 },
    { name: 'even count: on it', trial: [0.5], others: [[0.2], [0.4], [0.6], [0.8]], outcome: 'continue', reference: { median: 0.5 }, threshold: 0.5 },
    { name: 'values after n unseen', trial: [0.29], others: [[0.2, 1.0, 1.0], [0.4, 1.0]], outcome: 'stop', reference: { median: 0.3 }, threshold: 0.3 },
    { name: 'non-finite values left out', trial: [0.5, 0.5], others: [[Number.NaN, 0.4], [0.6, Number.POSITIVE_INFINITY], [Number.NaN, Number.NaN]], outcome: 'continue', reference: { median: 0.5 }, threshold: 0.5 },
    { name: 'NaN trial counts as worst', trial: [Number.NaN], others: [[0.1]], outcome: 'stop', reference: { median: 0.1 }, threshold: 0.1 },
    { name: 'no finite average: skipped', trial: [0.5], others: [[Number.NaN]], outcome: 'skip', reference: {}, threshold: Number.NaN },
  ];
  const minimize: Row[] = [
    { name: 'below the median is kept', trial: [0.5, 0.6], others: common, outcome: 'continue', reference: { median: 0.6 }, threshold: 0.6 },
    { name: 'above the median', trial: [0.7, 0.65], others: common, outcome: 'stop', reference: { median: 0.6 }, threshold: 0.6 },
    { name: 'even count: on it', trial: [0.5], others: [[0.2], [0.4], [0.6], [0.8]], outcome: 'continue', reference: { median: 0.5 }, threshold: 0.5 },
    { name: 'even count: above', trial: [0.51], others: [[0.2], [0.4], [0.6], [0.8]], outcome: 'stop', reference: { median: 0.5 }, threshold: 0.5 },
    { name: 'negative values: kept', trial: [-1.0, -2.0], others: [[-3, -1], [0, 0]], outcome: 'continue', reference: { median: -1 }, threshold: -1 },
    { name: 'negative values: stopped', trial: [-0.5, -0.9], others: [[-3, -1], [0, 0]], outcome: 'stop', reference: { median: -1 }, threshold: -1 },
    { name: 'infinite loss counts as worst', trial: [Number.POSITIVE_INFINITY], others: [[5]], outcome: 'stop', reference: { median: 5 }, threshold: 5 },
  ];

  void test('maximize', () => assertRows(median(), 'maximize', maximize));
  void test('minimize', () => assertRows(median(), 'minimize', minimize));

  void test('populationSize counts every trial that reached n, and the sentence names those left out', () => {
    const got = mustCheck(median(), 'maximize', [0.5, 0.5], [[Number.NaN, 0.4], [0.6, 0.6], [Number.NaN, Number.NaN]]);
    assert.equal(got.populationSize, 3);
    assert.match(got.summary, /1 trial without a finite value left out/);
  });
});

void describe('median stopping: helpers', () => {
  void test('finiteMean ignores non-finite values and is NaN without any', () => {
    assert.equal(finiteMean([1, Number.NaN, 3, Number.NEGATIVE_INFINITY]), 2);
    assert.ok(Number.isNaN(finiteMean([Number.NaN])));
    assert.ok(Number.isNaN(finiteMean([])));
  });

  void test('medianOf: odd takes the middle, even the mean of the two middle values, input untouched', () => {
    const values = [5, 1, 3];
    assert.equal(medianOf(values), 3);
    assert.deepEqual(values, [5, 1, 3]);
    assert.equal(medianOf([4, 1, 3, 2]), 2.5);
    assert.equal(medianOf([-7]), -7);
  });
});

void describe('median stopping: summaries', () => {
  void test('continue, like the docs example', () => {
    const others = [[0.7, 0.7, 0.7, 0.7], [0.6, 0.6, 0.6, 0.6], [0.8, 0.8, 0.8, 0.8], [0.5, 0.5, 0.5, 0.5], [0.9, 0.9, 0.9, 0.9]];
    const got = mustCheck(median(), 'maximize', [0.1, 0.72, 0.3, 0.2], others);
    assert.equal(got.summary, 'trial_0 continues at interval 4: best 0.72 >= median 0.7 of running averages (median stopping, compared with 5 trials)');
  });

  void test('stop, minimize', () => {
    const got = mustCheck(median(), 'minimize', [0.7, 0.65], [[0.4, 0.8], [0.7, 0.9], [0.2, 0.4]]);
    assert.equal(got.summary, 'trial_0 stopped at interval 2: best 0.65 > median 0.6 of running averages (median stopping, compared with 3 trials)');
  });

  void test('a skip says why', () => {
    const got = mustCheck(median(), 'maximize', [0.5], [[Number.NaN]]);
    assert.match(got.summary, /^trial_0 not checked at interval 1: no other trial has a finite value/);
  });
});
