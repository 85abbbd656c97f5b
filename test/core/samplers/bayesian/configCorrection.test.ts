/**
 * Configuration-aware values of early-stopped trials (src/core/samplers/bayesian/configCorrection.ts):
 * how much a stopped trial would still have improved is read from the trials around it that went
 * further, on constructed histories where slow and fast learners sit in different regions.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CorrectionFits, estimateByConfiguration, MIN_CORRECTION_REFERENCES, scheduledReferences, type ConfigurationFeatures } from '../../../../src/core/samplers/bayesian/configCorrection';
import { featureLayout, featuresOf } from '../../../../src/core/samplers/bayesian/features';
import { readObservations } from '../../../../src/core/samplers/bayesian/observations';
import type { HistoryEntry } from '../../../../src/core/samplers/sampler';
import { decode, dimensions, encode } from '../../../../src/core/space/encoding';
import type { SearchSpace } from '../../../../src/core/spec/model';
import { discreteSpace, mixedSpace, spaceOf } from '../helpers';

const space = spaceOf({ x: { type: 'uniform', min_value: 0, max_value: 1 } });
const layout = featureLayout(dimensions(space));
const features: ConfigurationFeatures = { layout, featuresOf: (entry) => featuresOf(layout, encode(space, entry.params).u) };

/** Slow learners (x < 0.5) still fall a lot after a few reports; fast ones (x > 0.5) have converged. */
const slow = (final: number, steps: number): number[] => Array.from({ length: steps }, (_, t) => final + 1.5 / Math.sqrt(t + 1));
const fast = (final: number, steps: number): number[] => Array.from({ length: steps }, (_, t) => final + 1.5 / (t + 1) ** 2);

const entry = (sequence: number, x: number, state: HistoryEntry['state'], primary: number[], origin?: HistoryEntry['origin']): HistoryEntry => ({
  sequence, params: { x }, state, primary, ...(origin !== undefined ? { origin } : {}),
});

/** Three slow and three fast learners trained fully (25 reports), all ending at 0.2 .. 0.3. */
const references: HistoryEntry[] = [
  entry(0, 0.05, 'completed', slow(0.2, 25)), entry(1, 0.1, 'completed', slow(0.25, 25)), entry(2, 0.15, 'completed', slow(0.3, 25)),
  entry(3, 0.85, 'completed', fast(0.2, 25)), entry(4, 0.9, 'completed', fast(0.25, 25)), entry(5, 0.95, 'completed', fast(0.3, 25)),
];

/** Observed value per sequence number, the way the Bayesian sampler reads the history. */
const observed = (history: readonly HistoryEntry[], goal: 'minimize' | 'maximize' = 'minimize'): Map<number, number> =>
  new Map(readObservations(history, goal, features).observed.map((o) => [o.entry.sequence, o.value]));

describe('configuration-aware value of a stopped trial', () => {
  // Both stopped after 4 reports with the very same values (1.0 .. 0.85): ranked by their curves
  // alone they are equal. One is among the slow learners, which went on to fall by about 0.55
  // after report 4; the other among the fast ones, which fell by under 0.1.
  const partial = [1.0, 0.95, 0.9, 0.85];
  const history = [...references, entry(6, 0.1, 'canceled', partial), entry(7, 0.9, 'canceled', partial)];

  test('the same partial curve reads better among slow learners than among fast ones', () => {
    const values = observed(history);
    const amongSlow = values.get(6) ?? Number.NaN;
    const amongFast = values.get(7) ?? Number.NaN;
    assert.ok(amongSlow < amongFast - 0.2, `among slow learners ${amongSlow}, among fast ones ${amongFast}`);
    // Each near its best so far minus its neighbours' improvement after report 4.
    const slowImprovement = (slow(0.25, 25)[3] ?? 0) - 0.25 - 1.5 / 5;
    assert.ok(Math.abs(amongSlow - (0.85 - slowImprovement)) < 0.15, `among slow learners ${amongSlow}`);
    assert.ok(amongFast <= 0.85 && amongFast > 0.7, `among fast learners ${amongFast}`);
  });

  test('the same when maximising (values oriented)', () => {
    const negated = history.map((e) => ({ ...e, primary: e.primary.map((v) => -v) }));
    const minimised = observed(history);
    const maximised = observed(negated, 'maximize');
    for (const sequence of [6, 7]) assert.ok(Math.abs((minimised.get(sequence) ?? 0) - (maximised.get(sequence) ?? 1)) < 1e-9);
  });

  test('deterministic: the same history gives the same values, in any order', () => {
    const a = estimateByConfiguration(history, 'minimize', features);
    const b = estimateByConfiguration([...history].reverse(), 'minimize', features);
    assert.equal(a.size, 2);
    for (const [trial, value] of a) assert.equal(b.get(trial), value);
  });

  test('an estimate is never worse than the best value the trial reached', () => {
    // References that got worse after report 2 (overfitting): a negative improvement is not applied.
    const overfit = (start: number): number[] => [start, start - 0.1, start + 0.5, start + 1];
    const worse = [0.2, 0.5, 0.8].map((x, i) => entry(i, x, 'completed', overfit(1 + i)));
    const value = estimateByConfiguration([...worse, entry(3, 0.4, 'canceled', [2.5, 2.4])], 'minimize', features).values().next().value;
    assert.ok(value !== undefined && value <= 2.4, `estimate ${value}`);
  });
});

describe('configuration-aware value: when it does not estimate', () => {
  test(`fewer than ${MIN_CORRECTION_REFERENCES} trials went further: the best value so far`, () => {
    const values = observed([...references.slice(0, MIN_CORRECTION_REFERENCES - 1), entry(6, 0.1, 'canceled', [1, 0.9])]);
    assert.equal(values.get(6), 0.9);
  });

  test('prior trials are neither estimated nor references', () => {
    const priors = references.slice(0, 3).map((e) => ({ ...e, origin: 'prior' as const }));
    const values = observed([...priors, entry(6, 0.1, 'canceled', [1, 0.9]), entry(7, 0.2, 'canceled', [0.7], 'prior')]);
    assert.equal(values.get(6), 0.9);
    assert.equal(values.get(7), 0.7);
  });
});

describe('configuration-aware value: every distribution and a nested choice', () => {
  for (const [name, other] of [['mixed distributions', mixedSpace], ['nested choice', discreteSpace]] as [string, SearchSpace][]) {
    test(`${name}: finite estimates, never worse than the best so far, the same on every call`, () => {
      const otherLayout = featureLayout(dimensions(other));
      const otherFeatures: ConfigurationFeatures = { layout: otherLayout, featuresOf: (e) => featuresOf(otherLayout, encode(other, e.params).u) };
      const d = dimensions(other).length;
      // 24 configurations on a fixed lattice of the unit cube; every third stopped after 3 of 9 reports.
      const history: HistoryEntry[] = Array.from({ length: 24 }, (_, i) => {
        const params = decode(other, Array.from({ length: d }, (_, k) => ((i * (2 * k + 3) * 0.618034) % 1)));
        const values = slow(0.1 + (i % 7) / 10, 9);
        return { sequence: i, params, state: i % 3 === 2 ? 'canceled' : 'completed', primary: i % 3 === 2 ? values.slice(0, 3) : values };
      });
      const first = estimateByConfiguration(history, 'minimize', otherFeatures);
      const second = estimateByConfiguration(history, 'minimize', otherFeatures);
      assert.equal(first.size, 8);
      for (const [trial, value] of first) {
        assert.ok(Number.isFinite(value) && value <= Math.min(...trial.primary), `${value}`);
        assert.equal(second.get(trial), value);
      }
    });
  }
});

test('without a stopped trial no configuration is encoded (a fresh sampler at 1,000 trials skipped them all)', () => {
  let encoded = 0;
  const counting: ConfigurationFeatures = { layout, featuresOf: (e) => { encoded += 1; return features.featuresOf(e); } };
  assert.equal(estimateByConfiguration([...references, entry(6, 0.5, 'failed', [0.4])], 'minimize', counting).size, 0);
  assert.equal(encoded, 0);
  estimateByConfiguration([...references, entry(6, 0.5, 'canceled', [1, 0.9])], 'minimize', counting);
  assert.ok(encoded > 0, 'with a stopped trial the references are encoded');
});

describe('configuration-aware value: the correction fit on a schedule, remembered', () => {
  // 22 references on a lattice (slow learners left, fast ones right), then more of them.
  const lattice = (sequence: number): HistoryEntry => {
    const x = (sequence * 0.618034) % 1;
    return entry(sequence, x, 'completed', x < 0.5 ? slow(0.2 + x / 10, 25) : fast(0.2 + x / 10, 25));
  };
  const base = Array.from({ length: 22 }, (_, i) => lattice(i));
  const stopped = (sequence: number, x: number): HistoryEntry => entry(sequence, x, 'canceled', [1.0, 0.95, 0.9, 0.85]);

  test('the schedule: every reference count to 20, then every 10 % more', () => {
    assert.deepEqual([3, 10, 20, 21, 22, 23, 24, 25, 33, 35, 46].map(scheduledReferences), [3, 10, 20, 20, 22, 22, 24, 24, 33, 33, 46]);
  });

  test('one fit while the scheduled references stay the same; estimates equal a fresh caller\'s', () => {
    const fits = new CorrectionFits();
    const remembering: ConfigurationFeatures = { ...features, fits };
    const histories = [
      [...base, stopped(100, 0.1)],
      // A 23rd reference: the schedule still fits on the first 22.
      [...base, lattice(22), stopped(100, 0.1)],
      // Another trial stopped at the same step: no new reference.
      [...base, lattice(22), stopped(100, 0.1), stopped(101, 0.9)],
    ];
    for (const history of histories) {
      const remembered = estimateByConfiguration(history, 'minimize', remembering);
      const fresh = estimateByConfiguration(history, 'minimize', features);
      assert.ok(remembered.size > 0);
      for (const [trial, value] of fresh) assert.equal(remembered.get(trial), value);
    }
    assert.equal(fits.fitsComputed, 1);
    // A 24th reference is a schedule point: the fit runs again.
    estimateByConfiguration([...base, lattice(22), lattice(23), stopped(100, 0.1)], 'minimize', remembering);
    assert.equal(fits.fitsComputed, 2);
  });

  test('a changed reference value is a new fit, never a stale one', () => {
    const fits = new CorrectionFits();
    const remembering: ConfigurationFeatures = { ...features, fits };
    estimateByConfiguration([...base, stopped(100, 0.1)], 'minimize', remembering);
    // Its final 1e-9 lower: its improvement after report 4 differs in the last digits.
    const changed = base.map((e, i) => (i === 5 ? { ...e, primary: [...e.primary.slice(0, -1), (e.primary[e.primary.length - 1] ?? 0) - 1e-9] } : e));
    const history = [...changed, stopped(100, 0.1)];
    const remembered = estimateByConfiguration(history, 'minimize', remembering);
    const fresh = estimateByConfiguration(history, 'minimize', features);
    assert.equal(fits.fitsComputed, 2);
    for (const [trial, value] of fresh) assert.equal(remembered.get(trial), value);
  });
});
