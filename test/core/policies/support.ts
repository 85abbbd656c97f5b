/**
 * Shared helpers for the policy tests: build inputs from plain number tables, and compare
 * numbers where NaN equals NaN.
 */
import assert from 'node:assert/strict';
import type { Goal } from '../../../src/core/spec/model';
import type { Policy, PolicyExplanation } from '../../../src/core/policies/index';

/** A table row: the checked trial's series, the others' series, and what should come out. */
export interface Row {
  readonly name: string;
  readonly trial: readonly number[];
  readonly others: readonly (readonly number[])[];
  readonly outcome: PolicyExplanation['outcome'];
  readonly reference: Readonly<Record<string, number>>;
  readonly threshold: number;
}

/** Check `trial` (id `trial_0`) against `others` (ids `other_1`, ...). */
export function check(policy: Policy, goal: Goal, trial: readonly number[], others: readonly (readonly number[])[]): PolicyExplanation | undefined {
  return policy.evaluate({
    trial: { id: 'trial_0', primary: trial },
    others: others.map((primary, i) => ({ id: `other_${i + 1}`, primary })),
    goal,
  });
}

/** Like `check`, but the check must happen. */
export function mustCheck(policy: Policy, goal: Goal, trial: readonly number[], others: readonly (readonly number[])[]): PolicyExplanation {
  const explanation = check(policy, goal, trial, others);
  assert.ok(explanation !== undefined, 'expected the policy to check this trial');
  return explanation;
}

/** Equal numbers up to 1e-12 relative (hand-computed cuts), NaN equal to NaN. */
export function assertClose(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected}, got ${actual}`);
}

/** Run a table of rows for one policy and goal, checking outcome, reference and threshold. */
export function assertRows(policy: Policy, goal: Goal, rows: readonly Row[]): void {
  for (const row of rows) {
    const got = mustCheck(policy, goal, row.trial, row.others);
    const where = `${goal} / ${row.name}`;
    assert.equal(got.outcome, row.outcome, `${where}: ${got.summary}`);
    assert.deepEqual(Object.keys(got.reference).sort(), Object.keys(row.reference).sort(), `${where}: reference keys`);
    for (const [key, value] of Object.entries(row.reference)) assertClose(got.reference[key] ?? Number.NaN, value, `${where}: reference ${key}`);
    assertClose(got.threshold, row.threshold, `${where}: threshold`);
    assert.equal(got.interval, row.trial.length, `${where}: interval`);
    assert.equal(got.trialId, 'trial_0');
    assert.equal(got.goal, goal);
    assert.match(got.summary, /^trial_0 (stopped at|continues at|not checked at) interval \d+: /, where);
  }
}

/** The intervals in 1..last at which the policy checks a trial that keeps reporting. */
export function checkedIntervals(policy: Policy, last: number): number[] {
  const checked: number[] = [];
  const other = Array.from({ length: last }, () => 1);
  for (let n = 1; n <= last; n += 1) {
    const trial = Array.from({ length: n }, () => 0.5);
    if (check(policy, 'maximize', trial, [other]) !== undefined) checked.push(n);
  }
  return checked;
}
