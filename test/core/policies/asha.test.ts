import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAshaPolicy } from '../../../src/core/policies/asha';
import { createHyperbandPolicy, hyperbandBrackets } from '../../../src/core/policies/hyperband';
import { bracketOf, bracketsFitting, checkPointOf, hyperbandWeights, rungDueAt, rungsOf } from '../../../src/core/policies/ashaRungs';
import { createPolicy, type PolicyInput } from '../../../src/core/policies/index';
import type { AshaPolicy, Goal } from '../../../src/core/spec/model';

function asha(keys: Partial<AshaPolicy> = {}): ReturnType<typeof createAshaPolicy> {
  return createAshaPolicy({
    type: 'asha', min_resource: 1, max_resource: 81, reduction_factor: 3, brackets: 1, evaluation_interval: 1, delay_evaluation: 0, ...keys,
  });
}

/** A learning curve that ends (after `length` reports) at `final`, rising to it linearly. */
function curve(final: number, length: number): number[] {
  return Array.from({ length }, (_, i) => (final * (i + 1)) / length);
}

function input(trial: readonly number[], others: readonly (readonly number[])[], goal: Goal = 'maximize', index = 0): PolicyInput {
  return {
    trial: { id: `s_${index}`, index, primary: trial },
    // Others take the indices after the trial's, so with one bracket they share it.
    others: others.map((primary, i) => ({ id: `s_${index + 1 + i}`, index: index + 1 + i, primary })),
    goal,
  };
}

void describe('the rung ladder', () => {
  void test('rungs are min_resource * eta^k below max_resource, per bracket', () => {
    assert.deepEqual(rungsOf(0, { minResource: 1, eta: 3 }, 81), [1, 3, 9, 27]);
    assert.deepEqual(rungsOf(1, { minResource: 1, eta: 3 }, 81), [3, 9, 27]);
    assert.deepEqual(rungsOf(4, { minResource: 1, eta: 3 }, 81), []);
    assert.deepEqual(rungsOf(0, { minResource: 2, eta: 2 }, 20), [2, 4, 8, 16]);
  });

  void test('a rung is checked at the first evaluation point at or after it', () => {
    assert.equal(checkPointOf(3, { interval: 1, delay: 0 }), 3);
    assert.equal(checkPointOf(3, { interval: 2, delay: 0 }), 4);
    assert.equal(checkPointOf(1, { interval: 1, delay: 5 }), 5);
    assert.equal(checkPointOf(9, { interval: 4, delay: 5 }), 12);
    // A delay past two rungs makes both due at once: the higher one is judged.
    assert.equal(rungDueAt(5, [1, 3, 9], { interval: 1, delay: 5 }), 3);
    assert.equal(rungDueAt(6, [1, 3, 9], { interval: 1, delay: 5 }), undefined);
  });

  void test('equal brackets go round by trial index; Hyperband shares follow Li et al. 2017', () => {
    assert.deepEqual([0, 1, 2, 3, 4].map((index) => bracketOf({ id: 'x', index }, [1, 1, 1])), [0, 1, 2, 0, 1]);
    assert.equal(bracketOf({ id: 'sweep_7' }, [1, 1, 1]), 1, 'the index in a `<name>_<index>` id is used when none is given');
    assert.deepEqual(hyperbandWeights(5, 3), [81, 34, 15, 8, 5]);
    assert.equal(bracketsFitting(1, 81, 3), 5);
    assert.equal(bracketsFitting(1, 80, 3), 4);
    // Over a Hyperband cycle, the brackets get close to their shares (81:34:15:8:5 of 143).
    const counts = [0, 0, 0, 0, 0];
    for (let index = 0; index < 143; index++) counts[bracketOf({ id: 'x', index }, hyperbandWeights(5, 3))]! += 1;
    for (const [b, weight] of hyperbandWeights(5, 3).entries()) assert.ok(Math.abs((counts[b] ?? 0) - weight) <= 2, `bracket ${b}: ${counts[b]} of ${weight}`);
  });
});

void describe('ASHA decisions', () => {
  const others = [curve(0.9, 81), curve(0.8, 81), curve(0.7, 81), curve(0.6, 81)];

  void test('checked only at rung boundaries', () => {
    const trial = curve(0.5, 10);
    const checked = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((n) => asha().evaluate(input(trial.slice(0, n), others)) !== undefined);
    assert.deepEqual(checked, [1, 3, 9]);
  });

  void test('a trial outside the top 1/eta of its rung stops, with rung, rank and values in one sentence', () => {
    // At rung 9 the others have 0.1, 0.0889, 0.0778, 0.0667; 0.5 * 9/10 = 0.45 would lead, 0.05 ranks last.
    const explanation = asha().evaluate(input(curve(0.05, 81).slice(0, 9), others));
    assert.ok(explanation);
    assert.equal(explanation.outcome, 'stop');
    assert.equal(explanation.policy, 'asha');
    assert.deepEqual(explanation.rung, { resource: 9, bracket: 0, brackets: 1, rungs: [1, 3, 9, 27], rank: 5, count: 5, promoted: 1 });
    assert.ok(Math.abs(explanation.threshold - 0.1) < 1e-12);
    assert.equal(
      explanation.summary,
      's_0 stopped at interval 9: best 0.005556 ranks 5 of 5 at rung 9 (rungs 1, 3, 9, 27), outside the top 1 (max(1, floor(5 / 3))) promoted: it needed 0.1 or more (asha, compared with 4 trials)',
    );
  });

  void test('the best of a rung goes on, and a tie with the cut is kept', () => {
    const best = asha().evaluate(input(curve(1, 81).slice(0, 3), others));
    assert.equal(best?.outcome, 'continue');
    assert.equal(best?.rung?.rank, 1);
    const tie = asha().evaluate(input(curve(0.9, 81).slice(0, 3), others));
    assert.equal(tie?.outcome, 'continue', tie?.summary);
    assert.match(tie?.summary ?? '', /within the top 1 .* promoted \(cut 0\.03333\)/);
  });

  void test('the top floor(count/eta) go on: 2 of 6 at eta 3', () => {
    const five = [curve(0.9, 81), curve(0.8, 81), curve(0.7, 81), curve(0.6, 81), curve(0.5, 81)];
    assert.equal(asha().evaluate(input(curve(0.85, 81).slice(0, 3), five))?.outcome, 'continue');
    const third = asha().evaluate(input(curve(0.75, 81).slice(0, 3), five));
    assert.equal(third?.outcome, 'stop');
    assert.deepEqual([third?.rung?.rank, third?.rung?.count, third?.rung?.promoted], [3, 6, 2]);
  });

  void test('minimize ranks the lowest first', () => {
    const losses = [[1, 0.5, 0.2], [1, 0.6, 0.3], [1, 0.7, 0.4]];
    assert.equal(asha().evaluate(input([1, 0.5, 0.1], losses, 'minimize'))?.outcome, 'continue');
    const worst = asha().evaluate(input([1, 0.9, 0.8], losses, 'minimize'));
    assert.equal(worst?.outcome, 'stop');
    assert.match(worst?.summary ?? '', /it needed 0\.2 or less/);
  });

  void test('the first trial at a rung is not checked (nothing to compare with); others not there yet do not count', () => {
    assert.equal(asha().evaluate(input(curve(0.1, 81).slice(0, 9), [curve(0.9, 5), curve(0.8, 3)])), undefined);
  });

  void test('a NaN best ranks last', () => {
    const explanation = asha().evaluate(input([Number.NaN, Number.NaN, Number.NaN], [[0.1, 0.1, 0.1]]));
    assert.equal(explanation?.outcome, 'stop');
    assert.match(explanation?.summary ?? '', /best NaN \(no finite value yet, counted as worst\) ranks 2 of 2/);
  });

  void test('max_resource absent: the longest trial so far bounds the rungs', () => {
    const policy = asha({ max_resource: undefined });
    // Nobody went past 9, so 9 is the top and no rung is checked there.
    assert.equal(policy.evaluate(input(curve(0.1, 9), [curve(0.9, 9), curve(0.8, 9)])), undefined);
    // Once a trial reached 27, rung 9 is a rung.
    assert.equal(policy.evaluate(input(curve(0.1, 9), [curve(0.9, 27), curve(0.8, 9)]))?.outcome, 'stop');
  });

  void test('evaluation_interval and delay_evaluation move the check to the next evaluation point', () => {
    const policy = asha({ evaluation_interval: 2, delay_evaluation: 4 });
    const checked = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((n) => policy.evaluate(input(curve(0.05, 81).slice(0, n), others)) !== undefined);
    // Rungs 1 and 3 fall due at 4 (rung 3 is judged), rung 9 at 10.
    assert.deepEqual(checked, [4, 10]);
    assert.equal(policy.evaluate(input(curve(0.05, 81).slice(0, 4), others))?.rung?.resource, 3);
  });

  void test('brackets: a trial is compared only within its bracket, whose first rung is min_resource * eta^b', () => {
    const policy = asha({ brackets: 2 });
    // Index 1 is in bracket 1 (rungs 3, 9, 27): not checked at 1.
    assert.equal(policy.evaluate(input([0.01], [[0.9]], 'maximize', 1)), undefined);
    const explanation = policy.evaluate({
      trial: { id: 's_1', index: 1, primary: [0.01, 0.01, 0.01] },
      // s_2 is in bracket 0 and far better, s_3 in bracket 1.
      others: [{ id: 's_2', index: 2, primary: [0.9, 0.9, 0.9] }, { id: 's_3', index: 3, primary: [0.02, 0.02, 0.02] }],
      goal: 'maximize',
    });
    assert.equal(explanation?.populationSize, 1);
    assert.deepEqual(explanation?.rung?.rungs, [3, 9, 27]);
    assert.match(explanation?.summary ?? '', /at rung 3 \(bracket 2 of 2, rungs 3, 9, 27\)/);
  });

  void test('the same input in any order of the others gives the same decision', () => {
    const a = asha().evaluate(input(curve(0.75, 81).slice(0, 9), others));
    const b = asha().evaluate(input(curve(0.75, 81).slice(0, 9), [...others].reverse()));
    assert.deepEqual(a?.rung && { ...a, rung: { ...a.rung } }, b?.rung && { ...b, rung: { ...b.rung } });
  });

  void test('out-of-range keys are refused by name', () => {
    assert.throws(() => asha({ reduction_factor: 1 }), /early_termination\.reduction_factor must be a whole number >= 2/);
    assert.throws(() => asha({ min_resource: 0 }), /early_termination\.min_resource must be a whole number >= 1/);
    assert.throws(() => asha({ min_resource: 5, max_resource: 5 }), /early_termination\.max_resource must be a whole number >= 6/);
    assert.throws(() => asha({ brackets: 0 }), /early_termination\.brackets must be a whole number >= 1/);
  });
});

void describe('Hyperband', () => {
  const base = { type: 'hyperband' as const, min_resource: 1, reduction_factor: 3, evaluation_interval: 1, delay_evaluation: 0 };

  void test('brackets: every one max_resource allows, or as given; one of the two is needed', () => {
    assert.equal(hyperbandBrackets({ ...base, max_resource: 81 }), 5);
    assert.equal(hyperbandBrackets({ ...base, max_resource: 81, brackets: 2 }), 2);
    assert.throws(() => createHyperbandPolicy(base), /hyperband needs max_resource \(or brackets\)/);
  });

  void test('the cautious bracket (first rung at max_resource) never stops a trial; others are judged like ASHA', () => {
    const policy = createPolicy({ ...base, max_resource: 9 });
    assert.equal(policy.type, 'hyperband');
    // 3 brackets weighted 9:6:3 (of 18); find an index of each.
    const weights = hyperbandWeights(3, 3);
    const indexIn = (b: number): number => Array.from({ length: 40 }, (_, i) => i).find((i) => bracketOf({ id: 'x', index: i }, weights) === b) ?? -1;
    const trialIn = (b: number, primary: number[]): PolicyInput['trial'] => ({ id: `h_${indexIn(b)}`, index: indexIn(b), primary });
    const sameBracketOthers = (b: number): PolicyInput['others'] => Array.from({ length: 40 }, (_, i) => i)
      .filter((i) => i !== indexIn(b) && bracketOf({ id: 'x', index: i }, weights) === b)
      .slice(0, 3)
      .map((i) => ({ id: `h_${i}`, index: i, primary: curve(0.9, 9) }));
    const cautious = trialIn(2, curve(0.01, 9));
    for (let n = 1; n <= 9; n++) {
      assert.equal(policy.evaluate({ trial: { ...cautious, primary: cautious.primary.slice(0, n) }, others: sameBracketOthers(2), goal: 'maximize' }), undefined);
    }
    const aggressive = policy.evaluate({ trial: trialIn(0, [0.01]), others: sameBracketOthers(0), goal: 'maximize' });
    assert.equal(aggressive?.outcome, 'stop');
    assert.equal(aggressive?.policy, 'hyperband');
    assert.match(aggressive?.summary ?? '', /at rung 1 \(bracket 1 of 3, rungs 1, 3\).*\(hyperband, compared with 3 trials\)$/);
  });
});
