import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MlflowError } from '../../../../src/core/metrics/mlflow/errors';
import { TrackingStore } from '../../../../src/core/metrics/mlflow/store';
import type { MetricReport } from '../../../../src/core/metrics/metricSource';

function newStore(reports: MetricReport[] = []): TrackingStore {
  return new TrackingStore({ artifactRoot: '/tmp/hypersweep-store-test', listener: { metric: (r) => reports.push(r) } });
}

describe('TrackingStore', () => {
  test('has the Default experiment 0, and trial runs share their experiment by name', () => {
    const store = newStore();
    assert.equal(store.getExperiment('0').name, 'Default');
    const a = store.createRunForTrial('t1', 'sweep');
    const b = store.createRunForTrial('t2', 'sweep');
    assert.notEqual(a, b);
    assert.equal(store.getRun(a).experimentId, store.getRun(b).experimentId);
    assert.equal(store.getRun(a).artifactUri, `file:///tmp/hypersweep-store-test/${store.getRun(a).experimentId}/${a}/artifacts`);
  });

  test('params are write-once: the first value stays, a log succeeds exactly when it repeats it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('lr', 'depth', 'seed'), fc.constantFrom('1', '2', '3')), { maxLength: 20 }), (attempts) => {
        const store = newStore();
        const runId = store.createRunForTrial('t', 'sweep');
        const first = new Map<string, string>();
        for (const [key, value] of attempts) {
          const expected = first.get(key);
          let accepted = true;
          try {
            store.logBatch(runId, { params: [{ key, value }] });
          } catch (error) {
            assert.ok(error instanceof MlflowError && error.errorCode === 'INVALID_PARAMETER_VALUE');
            accepted = false;
          }
          assert.equal(accepted, expected === undefined || expected === value);
          if (expected === undefined) first.set(key, value);
        }
        assert.deepEqual(new Map(store.getRun(runId).params), first);
      }),
    );
  });

  test('every logged value is reported once and kept in history order; latest has the highest step', () => {
    const point = fc.record({ value: fc.double(), step: fc.nat({ max: 5 }), timestamp: fc.nat({ max: 100 }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 30 }), (points) => {
        const reports: MetricReport[] = [];
        const store = newStore(reports);
        const runId = store.createRunForTrial('t', 'sweep');
        for (const p of points) store.logBatch(runId, { metrics: [{ key: 'loss', ...p }] });
        assert.deepEqual(reports.map((r) => [r.value, r.step, r.timestamp]), points.map((p) => [p.value, p.step, p.timestamp]));
        assert.deepEqual(store.getMetricHistory(runId, 'loss').map((m) => m.value), points.map((p) => p.value));
        const latest = store.getRun(runId).latestMetrics.get('loss');
        const maxStep = Math.max(...points.map((p) => p.step));
        assert.equal(latest?.step, maxStep);
        assert.equal(latest?.timestamp, Math.max(...points.filter((p) => p.step === maxStep).map((p) => p.timestamp)));
      }),
    );
  });

  test('keys are validated as MLflow does', () => {
    const store = newStore();
    const runId = store.createRunForTrial('t', 'sweep');
    for (const key of ['', 'a*b', '../x', 'x'.repeat(251)]) {
      assert.throws(() => store.logBatch(runId, { metrics: [{ key, value: 1, step: 0, timestamp: 0 }] }), MlflowError, key);
    }
    store.logBatch(runId, { metrics: [{ key: 'val/acc: top-1 métrique', value: 1, step: 0, timestamp: 0 }] });
  });
});
