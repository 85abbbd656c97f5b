import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBanditPolicy } from '../../../src/core/policies/bandit';
import type { BanditPolicy } from '../../../src/core/spec/model';
import { assertRows, checkedIntervals, mustCheck, type Row } from './support';

function bandit(slacks: Partial<BanditPolicy>, evaluation_interval = 1, delay_evaluation = 0): ReturnType<typeof createBanditPolicy> {
  return createBanditPolicy({ type: 'bandit', evaluation_interval, delay_evaluation, ...slacks });
}

void describe('bandit: worked examples of azureml-sweep.md §4.3', () => {
  void test('slack_factor 0.2 with best 0.8 cuts at 0.8 / 1.2 = 0.667', () => {
    const policy = bandit({ slack_factor: 0.2 });
    const stopped = mustCheck(policy, 'maximize', [0.66], [[0.8]]);
    assert.equal(stopped.outcome, 'stop');
    assert.equal(stopped.threshold, 0.8 / 1.2);
    assert.equal(mustCheck(policy, 'maximize', [0.67], [[0.8]]).outcome, 'continue');
  });

  void test('slack_amount 0.2 with best 0.8 cuts at 0.6, and 0.6 itself is kept', () => {
    const policy = bandit({ slack_amount: 0.2 });
    assert.equal(mustCheck(policy, 'maximize', [0.59], [[0.8]]).outcome, 'stop');
    // 0.8 - 0.2 is 0.6000000000000001 in floating point; a value on the cut must still be kept.
    assert.equal(mustCheck(policy, 'maximize', [0.6], [[0.8]]).outcome, 'continue');
  });

  void test('slack_factor 0.1, delay 5, interval 1: applies from interval 5, cut about 91% of the best', () => {
    const policy = bandit({ slack_factor: 0.1 }, 1, 5);
    assert.deepEqual(checkedIntervals(policy, 8), [5, 6, 7, 8]);
    const other = [1, 1, 1, 1, 1];
    assert.equal(mustCheck(policy, 'maximize', [0.9, 0.9, 0.9, 0.9, 0.9], [other]).outcome, 'stop');
    assert.equal(mustCheck(policy, 'maximize', [0.5, 0.5, 0.5, 0.5, 0.91], [other]).outcome, 'continue');
  });

  void test('interval 100, delay 200: first applied at 200, then 300', () => {
    assert.deepEqual(checkedIntervals(bandit({ slack_factor: 0.2 }, 100, 200), 350), [200, 300]);
  });

  void test('interval 2, delay 5: applied at 6, 8, 10', () => {
    assert.deepEqual(checkedIntervals(bandit({ slack_factor: 0.2 }, 2, 5), 11), [6, 8, 10]);
  });

  void test('interval 0 (what the SDK sends when the key is absent) means every interval', () => {
    assert.deepEqual(checkedIntervals(bandit({ slack_factor: 0.2 }, 0, 0), 4), [1, 2, 3, 4]);
  });
});

void describe('bandit: hand-computed tables', () => {
  // Columns: the checked trial's series (n = its length), the others' series, outcome, reference B, cut.
  const factorMaximize: Row[] = [
    { name: 'doc cut', trial: [0.5, 0.61], others: [[0.7, 0.8], [0.3, 0.75]], outcome: 'stop', reference: { best: 0.8 }, threshold: 0.8 / 1.2 },
    { name: 'others count up to n only', trial: [0.7], others: [[0.6, 0.99], [0.8]], outcome: 'continue', reference: { best: 0.8 }, threshold: 0.8 / 1.2 },
    { name: 'others short of n left out', trial: [0.1, 0.2, 0.3], others: [[0.9, 0.9], [0.3, 0.3, 0.35]], outcome: 'continue', reference: { best: 0.35 }, threshold: 0.35 / 1.2 },
    { name: 'best so far, not the last value', trial: [0.9, 0.1], others: [[1.0, 0.5]], outcome: 'continue', reference: { best: 1.0 }, threshold: 1 / 1.2 },
    { name: 'on the cut (2/3) is kept', trial: [2 / 3], others: [[0.8]], outcome: 'continue', reference: { best: 0.8 }, threshold: 0.8 / 1.2 },
    { name: 'NaN counts as worst', trial: [Number.NaN], others: [[0.5]], outcome: 'stop', reference: { best: 0.5 }, threshold: 0.5 / 1.2 },
    { name: 'others NaN never best', trial: [0.3], others: [[Number.NaN], [0.5]], outcome: 'stop', reference: { best: 0.5 }, threshold: 0.5 / 1.2 },
    { name: 'B < 0: ratio meaningless', trial: [-0.5], others: [[-0.1]], outcome: 'skip', reference: { best: -0.1 }, threshold: Number.NaN },
    { name: 'B = 0: ratio meaningless', trial: [-0.5], others: [[0]], outcome: 'skip', reference: { best: 0 }, threshold: Number.NaN },
    { name: 'no finite value among others', trial: [0.5], others: [[Number.NaN], [Number.POSITIVE_INFINITY]], outcome: 'skip', reference: {}, threshold: Number.NaN },
  ];
  const factorMinimize: Row[] = [
    { name: 'cut B * 1.2', trial: [0.9, 0.65], others: [[0.6, 0.5], [0.7, 0.55]], outcome: 'stop', reference: { best: 0.5 }, threshold: 0.6 },
    { name: 'on the cut is kept', trial: [0.6], others: [[0.5]], outcome: 'continue', reference: { best: 0.5 }, threshold: 0.6 },
    { name: 'others short of n left out', trial: [0.9, 0.8, 0.7], others: [[0.1, 0.1], [0.6, 0.6, 0.6]], outcome: 'continue', reference: { best: 0.6 }, threshold: 0.72 },
    { name: 'B < 0: ratio meaningless', trial: [0.5], others: [[-0.2]], outcome: 'skip', reference: { best: -0.2 }, threshold: Number.NaN },
    { name: 'B = 0: literal cut 0, above it stops', trial: [0.1], others: [[0]], outcome: 'stop', reference: { best: 0 }, threshold: 0 },
    { name: 'B = 0: 0 is kept', trial: [0], others: [[0]], outcome: 'continue', reference: { best: 0 }, threshold: 0 },
    { name: 'infinite loss counts as worst', trial: [Number.POSITIVE_INFINITY], others: [[0.5]], outcome: 'stop', reference: { best: 0.5 }, threshold: 0.6 },
  ];
  const amountMaximize: Row[] = [
    { name: 'below B - a', trial: [0.59], others: [[0.8]], outcome: 'stop', reference: { best: 0.8 }, threshold: 0.6 },
    { name: 'negative metric works', trial: [-1.3], others: [[-1.0], [-2.0]], outcome: 'stop', reference: { best: -1.0 }, threshold: -1.2 },
    { name: 'negative metric on the cut', trial: [-1.2], others: [[-1.0]], outcome: 'continue', reference: { best: -1.0 }, threshold: -1.2 },
  ];
  const amountMinimize: Row[] = [
    { name: 'above B + a', trial: [0.71], others: [[0.5]], outcome: 'stop', reference: { best: 0.5 }, threshold: 0.7 },
    { name: 'on the cut is kept', trial: [0.7], others: [[0.5]], outcome: 'continue', reference: { best: 0.5 }, threshold: 0.7 },
    { name: 'negative metric works', trial: [-0.7], others: [[-1.0]], outcome: 'stop', reference: { best: -1.0 }, threshold: -0.8 },
  ];

  void test('slack_factor 0.2, maximize', () => assertRows(bandit({ slack_factor: 0.2 }), 'maximize', factorMaximize));
  void test('slack_factor 0.2, minimize', () => assertRows(bandit({ slack_factor: 0.2 }), 'minimize', factorMinimize));
  void test('slack_amount 0.2, maximize', () => assertRows(bandit({ slack_amount: 0.2 }), 'maximize', amountMaximize));
  void test('slack_amount 0.2, minimize', () => assertRows(bandit({ slack_amount: 0.2 }), 'minimize', amountMinimize));

  void test('both slacks: stops only when both rules say stop (maximize: factor 0.2, amount 0.1)', () => {
    // B = 0.8: ratio cut 0.6667, amount cut 0.7; the trial must be below both, i.e. below 0.6667.
    assertRows(bandit({ slack_factor: 0.2, slack_amount: 0.1 }), 'maximize', [
      { name: 'between the cuts', trial: [0.68], others: [[0.8]], outcome: 'continue', reference: { best: 0.8 }, threshold: 0.8 / 1.2 },
      { name: 'below both', trial: [0.6], others: [[0.8]], outcome: 'stop', reference: { best: 0.8 }, threshold: 0.8 / 1.2 },
      { name: 'ratio meaningless skips all', trial: [-1], others: [[-0.5]], outcome: 'skip', reference: { best: -0.5 }, threshold: Number.NaN },
    ]);
  });

  void test('both slacks: stops only when both rules say stop (minimize: factor 0.1, amount 0.2)', () => {
    // B = 0.5: ratio cut 0.55, amount cut 0.7; the trial must be above both, i.e. above 0.7.
    assertRows(bandit({ slack_factor: 0.1, slack_amount: 0.2 }), 'minimize', [
      { name: 'between the cuts', trial: [0.65], others: [[0.5]], outcome: 'continue', reference: { best: 0.5 }, threshold: 0.7 },
      { name: 'above both', trial: [0.75], others: [[0.5]], outcome: 'stop', reference: { best: 0.5 }, threshold: 0.7 },
    ]);
  });

  void test('neither slack (or both 0): slack 0, stop when worse than B', () => {
    for (const slacks of [{}, { slack_factor: 0, slack_amount: 0 }]) {
      assertRows(bandit(slacks), 'maximize', [
        { name: 'worse', trial: [0.79], others: [[0.8]], outcome: 'stop', reference: { best: 0.8 }, threshold: 0.8 },
        { name: 'equal', trial: [0.8], others: [[0.8]], outcome: 'continue', reference: { best: 0.8 }, threshold: 0.8 },
        { name: 'negative B is fine', trial: [-2], others: [[-1]], outcome: 'stop', reference: { best: -1 }, threshold: -1 },
      ]);
      assertRows(bandit(slacks), 'minimize', [
        { name: 'worse', trial: [0.81], others: [[0.8]], outcome: 'stop', reference: { best: 0.8 }, threshold: 0.8 },
        { name: 'equal', trial: [0.8], others: [[0.8]], outcome: 'continue', reference: { best: 0.8 }, threshold: 0.8 },
      ]);
    }
  });
});

void describe('bandit: no check', () => {
  void test('no other trial reached the interval', () => {
    const policy = bandit({ slack_factor: 0.2 });
    assert.equal(mustCheck(policy, 'maximize', [0.1], [[0.9]]).populationSize, 1);
    assert.equal(policy.evaluate({ trial: { id: 't', primary: [0.1, 0.2] }, others: [{ id: 'o', primary: [0.9] }], goal: 'maximize' }), undefined);
    assert.equal(policy.evaluate({ trial: { id: 't', primary: [0.1] }, others: [], goal: 'maximize' }), undefined);
  });

  void test('a trial that has not reported is not checked, and is never compared with itself', () => {
    const policy = bandit({ slack_factor: 0.2 });
    assert.equal(policy.evaluate({ trial: { id: 't', primary: [] }, others: [{ id: 'o', primary: [1] }], goal: 'maximize' }), undefined);
    const self = { id: 't', primary: [0.5] };
    assert.equal(policy.evaluate({ trial: self, others: [self], goal: 'maximize' }), undefined);
  });
});

void describe('bandit: summaries', () => {
  void test('stop with the ratio, like the docs example', () => {
    const others = [[0.8], [0.7], [0.5], [0.6], [0.3], [0.75]];
    const got = mustCheck(bandit({ slack_factor: 0.2 }), 'maximize', [0.61], others);
    assert.equal(got.summary, 'trial_0 stopped at interval 1: best 0.61 < 0.8 / (1 + 0.2) = 0.6667 (bandit, compared with 6 trials)');
  });

  void test('continue with the amount, minimize, on the cut', () => {
    const got = mustCheck(bandit({ slack_amount: 0.2 }), 'minimize', [0.7], [[0.5]]);
    assert.equal(got.summary, 'trial_0 continues at interval 1: best 0.7 <= 0.5 + 0.2 = 0.7 (bandit, compared with 1 trial)');
  });

  void test('both slacks name both cuts', () => {
    const policy = bandit({ slack_factor: 0.2, slack_amount: 0.1 });
    assert.equal(
      mustCheck(policy, 'maximize', [0.6], [[0.8]]).summary,
      'trial_0 stopped at interval 1: best 0.6 < 0.8 / (1 + 0.2) = 0.6667 and < 0.8 - 0.1 = 0.7 (bandit, compared with 1 trial)',
    );
    assert.match(mustCheck(policy, 'maximize', [0.68], [[0.8]]).summary, /best 0\.68 >= 0\.8 \/ \(1 \+ 0\.2\) = 0\.6667 \(with both slacks set.*0\.8 - 0\.1 = 0\.7\)/);
  });

  void test('a skip says why and what to do', () => {
    const got = mustCheck(bandit({ slack_factor: 0.2 }), 'maximize', [-0.5], [[-0.1]]);
    assert.equal(got.outcome, 'skip');
    assert.match(got.summary, /^trial_0 not checked at interval 1: the best of the others -0\.1 is <= 0.*use slack_amount/);
  });

  void test('close numbers get more digits', () => {
    // At 4 digits both would read 0.6667.
    const got = mustCheck(bandit({ slack_factor: 0.2 }), 'maximize', [0.66666], [[0.8]]);
    assert.match(got.summary, /best 0\.66666 < 0\.8 \/ \(1 \+ 0\.2\) = 0\.66667 /);
  });
});

void describe('bandit: bad configuration', () => {
  void test('a negative or non-finite slack is refused with the key named', () => {
    assert.throws(() => bandit({ slack_factor: -0.1 }), /slack_factor must be a number >= 0 \(got -0\.1\)/);
    assert.throws(() => bandit({ slack_amount: Number.NaN }), /slack_amount must be a number >= 0/);
  });

  void test('a fractional schedule is refused with the key named', () => {
    assert.throws(() => bandit({ slack_factor: 0.1 }, 1.5, 0), /evaluation_interval must be a whole number/);
    assert.throws(() => bandit({ slack_factor: 0.1 }, 1, 2.5), /delay_evaluation must be a whole number/);
  });
});
