import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTruncationSelectionPolicy } from '../../../src/core/policies/truncationSelection';
import { assertRows, checkedIntervals, mustCheck, type Row } from './support';

function truncation(truncation_percentage: number, evaluation_interval = 1, delay_evaluation = 0): ReturnType<typeof createTruncationSelectionPolicy> {
  return createTruncationSelectionPolicy({ type: 'truncation_selection', truncation_percentage, evaluation_interval, delay_evaluation });
}

const four = [[0.5], [0.6], [0.7], [0.8]];

void describe('truncation selection: worked example of azureml-sweep.md §4.5 (20%, delay 5, interval 1)', () => {
  void test('applied at every interval from 5', () => {
    assert.deepEqual(checkedIntervals(truncation(20, 1, 5), 7), [5, 6, 7]);
  });

  void test('20% of 5 trials is 1 trial: only the worst stops', () => {
    const others = [0.5, 0.6, 0.7, 0.8].map((v) => [0.1, 0.1, 0.1, 0.1, v]);
    const worst = mustCheck(truncation(20, 1, 5), 'maximize', [0.2, 0.2, 0.2, 0.2, 0.41], others);
    assert.equal(worst.outcome, 'stop');
    assert.deepEqual(worst.ranking, { rank: 1, count: 5, cut: 1 });
    const second = mustCheck(truncation(20, 1, 5), 'maximize', [0.2, 0.2, 0.2, 0.2, 0.55], others);
    assert.equal(second.outcome, 'continue');
    assert.deepEqual(second.ranking, { rank: 2, count: 5, cut: 1 });
  });
});

void describe('truncation selection: hand-computed tables', () => {
  // Columns: the checked trial's series (n = its length), the others' series, outcome, cut-off
  // (the cut-th worst of the others), threshold (= cut-off).
  const six = [[0.5], [0.6], [0.7], [0.8], [0.9]];
  const maximize: Row[] = [
    { name: 'worst of 5 at 20%', trial: [0.41], others: four, outcome: 'stop', reference: { cutoff: 0.5 }, threshold: 0.5 },
    { name: 'second worst of 5', trial: [0.55], others: four, outcome: 'continue', reference: { cutoff: 0.5 }, threshold: 0.5 },
    { name: 'tie with the worst is kept', trial: [0.5], others: four, outcome: 'continue', reference: { cutoff: 0.5 }, threshold: 0.5 },
    { name: 'best so far counts', trial: [0.9, 0.1], others: [[0.5, 0.5], [0.6, 0.6], [0.7, 0.7], [0.8, 0.8]], outcome: 'continue', reference: { cutoff: 0.5 }, threshold: 0.5 },
    { name: 'values after n unseen', trial: [0.55], others: [[0.6, 0.1], [0.5, 0.1], [0.7], [0.8]], outcome: 'continue', reference: { cutoff: 0.5 }, threshold: 0.5 },
    { name: '50% of 6 = 3: rank 3 stops', trial: [0.65], others: six, outcome: 'stop', reference: { cutoff: 0.7 }, threshold: 0.7 },
    { name: '50% of 6 = 3: tie at the cut-off kept', trial: [0.7], others: six, outcome: 'continue', reference: { cutoff: 0.7 }, threshold: 0.7 },
    { name: 'NaN other is the worst', trial: [0.1], others: [[Number.NaN], [0.6], [0.7], [0.8]], outcome: 'continue', reference: { cutoff: Number.NaN }, threshold: Number.NaN },
    { name: 'NaN trial is the worst', trial: [Number.NaN], others: four, outcome: 'stop', reference: { cutoff: 0.5 }, threshold: 0.5 },
    { name: '20% of 4 rounds down to 0', trial: [0.1], others: [[0.5], [0.6], [0.7]], outcome: 'skip', reference: {}, threshold: Number.NaN },
  ];
  const minimize: Row[] = [
    { name: 'worst (highest) of 5 at 20%', trial: [0.9], others: four, outcome: 'stop', reference: { cutoff: 0.8 }, threshold: 0.8 },
    { name: 'second worst of 5', trial: [0.75], others: four, outcome: 'continue', reference: { cutoff: 0.8 }, threshold: 0.8 },
    { name: 'tie with the worst is kept', trial: [0.8], others: four, outcome: 'continue', reference: { cutoff: 0.8 }, threshold: 0.8 },
    { name: '50% of 6 = 3: rank 4 kept', trial: [0.65], others: six, outcome: 'continue', reference: { cutoff: 0.7 }, threshold: 0.7 },
    { name: '50% of 6 = 3: rank 3 stops', trial: [0.75], others: six, outcome: 'stop', reference: { cutoff: 0.7 }, threshold: 0.7 },
    { name: 'infinite loss is the worst', trial: [Number.POSITIVE_INFINITY], others: four, outcome: 'stop', reference: { cutoff: 0.8 }, threshold: 0.8 },
  ];

  void test('20% / 50%, maximize', () => {
    assertRows(truncation(20), 'maximize', maximize.filter((row) => !row.name.startsWith('50%')));
    assertRows(truncation(50), 'maximize', maximize.filter((row) => row.name.startsWith('50%')));
  });

  void test('20% / 50%, minimize', () => {
    assertRows(truncation(20), 'minimize', minimize.filter((row) => !row.name.startsWith('50%')));
    assertRows(truncation(50), 'minimize', minimize.filter((row) => row.name.startsWith('50%')));
  });

  void test('ranks: ties count in favour of the trial', () => {
    assert.deepEqual(mustCheck(truncation(20), 'maximize', [0.5], four).ranking, { rank: 2, count: 5, cut: 1 });
    assert.deepEqual(mustCheck(truncation(20), 'maximize', [0.5], [[0.5], [0.5], [0.5], [0.5]]).ranking, { rank: 5, count: 5, cut: 1 });
  });
});

void describe('truncation selection: summaries', () => {
  void test('stop, like the docs example', () => {
    const got = mustCheck(truncation(20), 'maximize', [0.41], four);
    assert.equal(
      got.summary,
      'trial_0 stopped at interval 1: best 0.41 is in the lowest 20% (rank 1 of 5, cut 1; stops below 0.5) (truncation selection, compared with 4 trials)',
    );
  });

  void test('continue, minimize, speaks of the highest values', () => {
    const got = mustCheck(truncation(20), 'minimize', [0.75], four);
    assert.equal(
      got.summary,
      'trial_0 continues at interval 1: best 0.75 is not in the highest 20% (rank 2 of 5, cut 1; stops only above 0.8) (truncation selection, compared with 4 trials)',
    );
  });

  void test('a skip says the cut rounds to 0', () => {
    const got = mustCheck(truncation(20), 'maximize', [0.1], [[0.5], [0.6], [0.7]]);
    assert.match(got.summary, /^trial_0 not checked at interval 1: 20% of 4 trials rounds down to 0/);
  });
});

void describe('truncation selection: bad configuration', () => {
  void test('a percentage outside 1..99 is refused with the key named', () => {
    for (const bad of [0, 100, -5, Number.NaN]) {
      assert.throws(() => truncation(bad), /truncation_percentage must be between 1 and 99/);
    }
  });
});
