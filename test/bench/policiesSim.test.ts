import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bestFinal, drawTrials, trueLoss } from '../../bench/policiesCurves';
import { simulateSweep } from '../../bench/policiesSim';

void describe('bench:policies simulation', () => {
  void test('curves are seeded and end near their known final value', () => {
    const a = drawTrials(7, 5, 81, 'crossing');
    assert.deepEqual(drawTrials(7, 5, 81, 'crossing'), a);
    for (const trial of a) assert.ok(Math.abs((trial.curve[80] ?? 0) - trial.final) < 0.06, `${trial.curve[80]} vs ${trial.final}`);
    assert.ok(bestFinal(81, 'crossing') <= Math.min(...a.map((t) => t.final)));
    assert.ok(trueLoss(1e-3, 0.5, 0.7, 81) < trueLoss(1e-3, 0.5, 0.7, 9), 'the loss falls with epochs');
  });

  void test('no stopping runs every epoch; ASHA stops trials and runs fewer; the same input gives the same result', () => {
    const trials = drawTrials(3, 24, 27, 'independent');
    assert.equal(simulateSweep(trials, undefined, 4).epochs, 24 * 27);
    const policy = { type: 'asha', min_resource: 1, max_resource: 27, reduction_factor: 3, brackets: 1, evaluation_interval: 1, delay_evaluation: 0 } as const;
    const asha = simulateSweep(trials, policy, 4);
    assert.ok(asha.stopped > 0 && asha.epochs < 24 * 27, JSON.stringify(asha));
    assert.deepEqual(simulateSweep(trials, policy, 4), asha);
  });
});
