import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MlflowError } from '../../../../src/core/metrics/mlflow/errors';
import { parseFilter, runMatches, sortRuns } from '../../../../src/core/metrics/mlflow/searchFilter';
import { TrackingStore } from '../../../../src/core/metrics/mlflow/store';

function storeWithRuns(): { store: TrackingStore; ids: string[] } {
  const store = new TrackingStore({ artifactRoot: '/tmp/hypersweep-filter-test' });
  const ids = ['a', 'b', 'c'].map((name, index) => {
    const run = store.createRun({ experimentId: '0', runName: name, startTime: index });
    store.logBatch(run.runId, {
      metrics: index === 2 ? [] : [{ key: 'val/acc', value: 0.5 + index / 10, timestamp: 0, step: 0 }],
      params: [{ key: 'opt', value: index === 1 ? 'Adam' : 'sgd' }],
      tags: [{ key: 'mlflow.parentRunId', value: 'p1' }],
    });
    return run.runId;
  });
  return { store, ids };
}

function names(store: TrackingStore, filter: string): string[] {
  const clauses = parseFilter(filter);
  return store.listRuns().filter((run) => runMatches(run, clauses)).map((run) => run.runName);
}

describe('search filter', () => {
  test('parses entities, aliases, quoted keys, comparators and lists', () => {
    assert.deepEqual(parseFilter('metrics."val/acc" >= 0.6 and param.opt != \'x\' AND tags.`mlflow.parentRunId` NOT IN (\'p2\', "p3")'), [
      { entity: 'metric', key: 'val/acc', comparator: '>=', value: 0.6 },
      { entity: 'param', key: 'opt', comparator: '!=', value: 'x' },
      { entity: 'tag', key: 'mlflow.parentRunId', comparator: 'NOT IN', value: ['p2', 'p3'] },
    ]);
    assert.deepEqual(parseFilter('   '), []);
  });

  test('matches runs; a run without the metric never matches a metric clause', () => {
    const { store } = storeWithRuns();
    assert.deepEqual(names(store, 'metrics."val/acc" > 0'), ['a', 'b']);
    assert.deepEqual(names(store, "params.opt ILIKE 'adam'"), ['b']);
    assert.deepEqual(names(store, "params.opt LIKE 'adam'"), []);
    assert.deepEqual(names(store, "params.opt LIKE 's_d' AND attributes.status = 'RUNNING'"), ['a', 'c']);
    assert.deepEqual(names(store, "tags.mlflow.parentRunId = 'p1' AND attributes.start_time >= 1"), ['b', 'c']);
  });

  test('LIKE treats regex characters literally', () => {
    const { store } = storeWithRuns();
    assert.deepEqual(names(store, "params.opt LIKE '.*'"), []);
  });

  test('sorts with missing values last, newest first by default', () => {
    const { store } = storeWithRuns();
    assert.deepEqual(sortRuns(store.listRuns(), []).map((r) => r.runName), ['c', 'b', 'a']);
    assert.deepEqual(sortRuns(store.listRuns(), ['metrics.`val/acc` ASC']).map((r) => r.runName), ['a', 'b', 'c']);
    assert.deepEqual(sortRuns(store.listRuns(), ['metrics.`val/acc` DESC']).map((r) => r.runName), ['b', 'a', 'c']);
  });

  test('unsupported syntax is refused with INVALID_PARAMETER_VALUE, never ignored', () => {
    for (const filter of ["metrics.a > 1 OR metrics.b > 1", '(metrics.a > 1)', 'metrics.a >', "nonsense.a = 'x'", "params.p = 3", "metrics.a = 'x'", 'metrics.a IN 3']) {
      assert.throws(() => parseFilter(filter), (error: unknown) => error instanceof MlflowError && error.errorCode === 'INVALID_PARAMETER_VALUE', filter);
    }
  });
});
