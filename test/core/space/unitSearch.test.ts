import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstUnitWhere, previousUnit, UNIT_MAX, unitCell } from '../../../src/core/space/unitSearch';

/** The double just above a non-negative `x` (below UNIT_MAX). */
function nextUnit(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

// Thresholds where the bisection's words carry: the low word all ones or zero, the smallest
// subnormal, exponent boundaries, and the two ends of the interval.
const EDGES = [Number.MIN_VALUE, 2 ** -1022, 2 ** -32, 0.25, 0.5, nextUnit(0.5), previousUnit(0.5), 0.1, 1 / 3, UNIT_MAX, previousUnit(UNIT_MAX)];

describe('firstUnitWhere', () => {
  test('finds a threshold exactly, to the last bit, at the edges of the words', () => {
    for (const t of EDGES) {
      assert.equal(firstUnitWhere((u) => u >= t), t, `u >= ${t}`);
      if (t < UNIT_MAX) assert.equal(firstUnitWhere((u) => u > t), nextUnit(t), `u > ${t}`);
    }
  });
  test('finds any threshold exactly (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: UNIT_MAX, noNaN: true }), (t) => {
        assert.equal(firstUnitWhere((u) => u >= t), t === 0 ? 0 : t);
      }),
      { numRuns: 2000 },
    );
  });
  test('gives the same answer from a hint, good or bad, as from the whole interval (property)', () => {
    for (const t of EDGES) assert.equal(firstUnitWhere((u) => u > t, t), t < UNIT_MAX ? nextUnit(t) : undefined, `u > ${t} near it`);
    fc.assert(
      fc.property(fc.double({ min: 0, max: UNIT_MAX, noNaN: true }), fc.double({ min: -1, max: 2, noNaN: true }), fc.boolean(), (t, offset, close) => {
        const near = close ? t + offset * 2 ** -45 : offset;
        assert.equal(firstUnitWhere((u) => u >= t, near), firstUnitWhere((u) => u >= t));
        assert.equal(firstUnitWhere((u) => u > t, near), firstUnitWhere((u) => u > t));
      }),
      { numRuns: 2000 },
    );
  });
  test('says undefined when the predicate never holds and 0 when it always does', () => {
    assert.equal(firstUnitWhere(() => false), undefined);
    assert.equal(firstUnitWhere(() => true), 0);
  });
  test('unitCell brackets the values a monotone map takes', () => {
    const f = (u: number): number => Math.floor(u * 10) / 10;
    const cell = unitCell(f, 0.3);
    assert.ok(cell.exact);
    assert.equal(f(cell.low), 0.3);
    assert.equal(f(cell.high), 0.3);
    assert.notEqual(f(previousUnit(cell.low)), 0.3);
    assert.notEqual(f(nextUnit(cell.high)), 0.3);
  });
});
