import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { downsampleMinMax, envelopeMinMax, STEP_VALUE } from '../../../src/core/results/downsample';

type Point = { step: number; value: number };

const series = fc.array(
  fc.record({ step: fc.integer({ min: 0, max: 10_000 }), value: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity)) }),
  { maxLength: 3000 },
).map((points) => points.sort((a, b) => a.step - b.step));

function pairsOf(flat: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i] as number, flat[i + 1] as number]);
  return out;
}

describe('downsampleMinMax', () => {
  test('never returns more points than asked for, and only finite input points', () => {
    fc.assert(fc.property(series, fc.integer({ min: 2, max: 800 }), (points, width) => {
      const out = downsampleMinMax(points, STEP_VALUE, width);
      assert.ok(out.length / 2 <= width, `${out.length / 2} points for width ${width}`);
      const inputs = new Set(points.map((p) => `${p.step}:${p.value}`));
      for (const [x, y] of pairsOf(out)) {
        assert.ok(Number.isFinite(x) && Number.isFinite(y));
        assert.ok(inputs.has(`${x}:${y}`), `(${x}, ${y}) is not an input point`);
      }
    }));
  });

  test('keeps the lowest and the highest finite value (spikes survive)', () => {
    fc.assert(fc.property(series, fc.integer({ min: 2, max: 400 }), (points, width) => {
      const finite = points.filter((p) => Number.isFinite(p.value));
      fc.pre(finite.length > 0);
      const ys = pairsOf(downsampleMinMax(points, STEP_VALUE, width)).map(([, y]) => y);
      assert.equal(Math.min(...ys), Math.min(...finite.map((p) => p.value)));
      assert.equal(Math.max(...ys), Math.max(...finite.map((p) => p.value)));
    }));
  });

  test('keeps every finite point, in order, when they already fit', () => {
    const points: Point[] = [{ step: 0, value: 3 }, { step: 1, value: NaN }, { step: 2, value: 1 }, { step: 3, value: 2 }];
    assert.deepEqual(downsampleMinMax(points, STEP_VALUE, 10), [0, 3, 2, 1, 3, 2]);
  });

  test('output x values are non-decreasing for sorted input', () => {
    fc.assert(fc.property(series, fc.integer({ min: 2, max: 300 }), (points, width) => {
      const xs = pairsOf(downsampleMinMax(points, STEP_VALUE, width)).map(([x]) => x);
      for (let i = 1; i < xs.length; i++) assert.ok((xs[i] as number) >= (xs[i - 1] as number));
    }));
  });

  test('a million points become at most the chart width', () => {
    const points = Array.from({ length: 1_000_000 }, (_, i) => ({ step: i, value: Math.sin(i / 1000) }));
    const out = downsampleMinMax(points, STEP_VALUE, 600);
    assert.ok(out.length / 2 <= 600 && out.length / 2 >= 590);
  });
});

describe('envelopeMinMax', () => {
  test('the band holds every finite point of every series', () => {
    fc.assert(fc.property(fc.array(series, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 200 }), (all, buckets) => {
      const band = envelopeMinMax(all, STEP_VALUE, buckets);
      assert.ok(band.length / 3 <= buckets);
      const finite = all.flat().filter((p) => Number.isFinite(p.value));
      if (finite.length === 0) {
        assert.deepEqual(band, []);
        return;
      }
      const lows: number[] = [];
      const highs: number[] = [];
      for (let i = 0; i < band.length; i += 3) {
        lows.push(band[i + 1] as number);
        highs.push(band[i + 2] as number);
      }
      assert.equal(Math.min(...lows), Math.min(...finite.map((p) => p.value)));
      assert.equal(Math.max(...highs), Math.max(...finite.map((p) => p.value)));
      lows.forEach((lo, i) => assert.ok(lo <= (highs[i] as number)));
    }));
  });
});
