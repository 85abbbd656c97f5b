import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrackingServer, type TrackingServer } from '../../../../src/core/metrics/mlflow/server';
import type { MetricReport, ParamReport, RunStatusReport, TagReport } from '../../../../src/core/metrics/metricSource';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

let server: TrackingServer;
let artifactRoot: string;
const metrics: MetricReport[] = [];
const params: ParamReport[] = [];
const tags: TagReport[] = [];
const statuses: RunStatusReport[] = [];
let failListener = false;

/** Calls the endpoint like an MLflow client: GET with a query string, POST with a JSON body. */
async function api(path: string, options: { method?: string; body?: unknown; query?: Record<string, string>; token?: string | null; rawBody?: string } = {}): Promise<Answer> {
  const method = options.method ?? (options.query ? 'GET' : 'POST');
  const url = new URL(path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`, server.uri);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.append(key, value);
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? server.token : options.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body ?? {});
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

function assertError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.body['error_code'], code, answer.text);
  assert.equal(typeof answer.body['message'], 'string');
}

/** Digs into a JSON answer without `any`. */
function field(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown> | undefined)?.[key];
  return current;
}

before(async () => {
  artifactRoot = mkdtempSync(join(tmpdir(), 'hypersweep-mlflow-test-'));
  server = await startTrackingServer({
    artifactRoot,
    maxBodyBytes: 64 * 1024,
    listener: {
      metric: (report) => {
        if (failListener) throw new Error('listener broke');
        metrics.push(report);
      },
      param: (report) => params.push(report),
      tag: (report) => tags.push(report),
      runStatus: (report) => statuses.push(report),
    },
  });
});

after(async () => {
  await server.close();
  rmSync(artifactRoot, { recursive: true, force: true });
});

describe('tracking server: access', () => {
  test('listens on 127.0.0.1 only and hands trials the four MLflow variables', () => {
    assert.match(server.uri, /^http:\/\/127\.0\.0\.1:\d+$/);
    const trial = server.createTrialRun('t-access', 'sweep-access');
    assert.match(trial.runId, /^[0-9a-f]{32}$/);
    assert.deepEqual(trial.env, {
      MLFLOW_TRACKING_URI: server.uri,
      MLFLOW_TRACKING_TOKEN: trial.env.MLFLOW_TRACKING_TOKEN,
      MLFLOW_RUN_ID: trial.runId,
      MLFLOW_EXPERIMENT_ID: trial.experimentId,
    });
    // The trial's own token, never the runner's.
    assert.match(trial.env.MLFLOW_TRACKING_TOKEN, /^[0-9a-f]{64}$/);
    assert.notEqual(trial.env.MLFLOW_TRACKING_TOKEN, server.token);
  });

  test('refuses a missing, wrong or non-bearer token with 401 in MLflow format', async () => {
    const query = { experiment_id: '0' };
    assertError(await api('experiments/get', { query, token: null }), 401, 'UNAUTHENTICATED');
    assertError(await api('experiments/get', { query, token: `${server.token}x` }), 401, 'UNAUTHENTICATED');
    assertError(await api('experiments/get', { query, token: server.token.slice(0, -1) }), 401, 'UNAUTHENTICATED');
    const basic = await fetch(new URL('/api/2.0/mlflow/experiments/get?experiment_id=0', server.uri), { headers: { Authorization: `Basic ${server.token}` } });
    assert.equal(basic.status, 401);
    assert.equal(basic.headers.get('www-authenticate'), 'Bearer');
    // The token is checked before routing, so unknown paths do not reveal anything either.
    assertError(await api('/anything', { method: 'GET', token: null }), 401, 'UNAUTHENTICATED');
    assert.equal((await api('experiments/get', { query })).status, 200);
  });

  test('sends no CORS headers, and a preflight without the token is refused', async () => {
    const answer = await api('experiments/get', { query: { experiment_id: '0' } });
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(new URL('/api/2.0/mlflow/runs/log-metric', server.uri), { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    assert.equal(preflight.status, 401);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  test('unknown endpoints answer 404 ENDPOINT_NOT_FOUND', async () => {
    assertError(await api('runs/teleport', { body: {} }), 404, 'ENDPOINT_NOT_FOUND');
    assertError(await api('/api/2.0/other/runs/get', { method: 'GET' }), 404, 'ENDPOINT_NOT_FOUND');
  });

  test('bad JSON and non-object bodies answer 400 MALFORMED_REQUEST', async () => {
    assertError(await api('runs/log-metric', { rawBody: '{"run_id": ' }), 400, 'MALFORMED_REQUEST');
    assertError(await api('runs/log-metric', { rawBody: '[1, 2]' }), 400, 'MALFORMED_REQUEST');
  });

  test('a write endpoint refuses GET with 405 and says which method to use', async () => {
    const answer = await api('runs/log-metric', { query: { run_id: 'x' } });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get('allow'), 'POST');
    assert.match(String(answer.body['message']), /use POST/);
  });

  test('a body over the limit answers 413 and stores nothing', async () => {
    const trial = server.createTrialRun('t-big', 'sweep-access');
    const answer = await api('runs/set-tag', { body: { run_id: trial.runId, key: 'big', value: 'x'.repeat(70 * 1024) } });
    assert.equal(answer.status, 413);
    assert.equal(server.store.getRun(trial.runId).tags.has('big'), false);
  });

  test('the ajax-api prefix serves the same API', async () => {
    const answer = await api('/ajax-api/2.0/mlflow/experiments/get', { method: 'GET', query: { experiment_id: '0' } });
    assert.equal(field(answer.body, 'experiment', 'name'), 'Default');
  });

  test('a listener that throws turns into INTERNAL_ERROR, and the value is still stored', async () => {
    const trial = server.createTrialRun('t-fail', 'sweep-access');
    failListener = true;
    try {
      assertError(await api('runs/log-metric', { body: { run_id: trial.runId, key: 'x', value: 1, timestamp: 1, step: 0 } }), 500, 'INTERNAL_ERROR');
    } finally {
      failListener = false;
    }
    assert.equal(server.store.getMetricHistory(trial.runId, 'x').length, 1);
  });
});

describe('tracking server: experiments', () => {
  test('create, get, get-by-name, duplicate and missing', async () => {
    const created = await api('experiments/create', { body: { name: 'exp-a', tags: [{ key: 'team', value: 'ml' }] } });
    assert.equal(created.status, 200);
    const id = String(created.body['experiment_id']);
    const got = await api('experiments/get', { query: { experiment_id: id } });
    assert.equal(field(got.body, 'experiment', 'name'), 'exp-a');
    assert.equal(field(got.body, 'experiment', 'lifecycle_stage'), 'active');
    assert.deepEqual(field(got.body, 'experiment', 'tags'), [{ key: 'team', value: 'ml' }]);
    assert.match(String(field(got.body, 'experiment', 'artifact_location')), /^file:\/\//);
    const byName = await api('experiments/get-by-name', { query: { experiment_name: 'exp-a' } });
    assert.equal(field(byName.body, 'experiment', 'experiment_id'), id);
    assertError(await api('experiments/create', { body: { name: 'exp-a' } }), 400, 'RESOURCE_ALREADY_EXISTS');
    assertError(await api('experiments/create', { body: {} }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('experiments/get', { query: { experiment_id: '999' } }), 404, 'RESOURCE_DOES_NOT_EXIST');
    assertError(await api('experiments/get-by-name', { query: { experiment_name: 'nope' } }), 404, 'RESOURCE_DOES_NOT_EXIST');
  });

  test('search (GET and POST, with filter and pages), list, and experiment tags', async () => {
    await api('experiments/create', { body: { name: 'search-one' } });
    await api('experiments/create', { body: { name: 'search-two' } });
    const posted = await api('experiments/search', { body: { filter: "name LIKE 'search-%'", max_results: 1 } });
    assert.deepEqual((posted.body['experiments'] as unknown[]).map((e) => field(e, 'name')), ['search-one']);
    const token = String(posted.body['next_page_token']);
    const next = await api('experiments/search', { query: { filter: "name LIKE 'search-%'", max_results: '1', page_token: token } });
    assert.deepEqual((next.body['experiments'] as unknown[]).map((e) => field(e, 'name')), ['search-two']);
    assert.equal(next.body['next_page_token'], undefined);
    assertError(await api('experiments/search', { body: { filter: "name = 'a' OR name = 'b'" } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('experiments/search', { body: { page_token: 'garbage' } }), 400, 'INVALID_PARAMETER_VALUE');

    const id = String((await api('experiments/create', { body: { name: 'tagged' } })).body['experiment_id']);
    assert.equal((await api('experiments/set-experiment-tag', { body: { experiment_id: id, key: 'mlflow.note.content', value: 'hi' } })).status, 200);
    const listed = await api('experiments/list', { query: {} });
    const tagged = (listed.body['experiments'] as unknown[]).find((e) => field(e, 'name') === 'tagged');
    assert.deepEqual(field(tagged, 'tags'), [{ key: 'mlflow.note.content', value: 'hi' }]);
  });
});

describe('tracking server: runs and metrics', () => {
  test('a trial run resumes like start_run: get, update to RUNNING, get', async () => {
    const trial = server.createTrialRun('t-resume', 'sweep-runs', { artifactDir: join(artifactRoot, 't-resume') });
    const first = await api('runs/get', { query: { run_id: trial.runId, run_uuid: trial.runId } });
    assert.equal(field(first.body, 'run', 'info', 'experiment_id'), trial.experimentId);
    assert.equal(field(first.body, 'run', 'info', 'status'), 'RUNNING');
    assert.equal(field(first.body, 'run', 'info', 'lifecycle_stage'), 'active');
    assert.equal(field(first.body, 'run', 'info', 'run_name'), 't-resume');
    assert.equal(field(first.body, 'run', 'info', 'artifact_uri'), `file://${join(artifactRoot, 't-resume')}`);
    const updated = await api('runs/update', { body: { run_id: trial.runId, run_uuid: trial.runId, status: 'RUNNING' } });
    assert.equal(field(updated.body, 'run_info', 'run_id'), trial.runId);
    const ended = await api('runs/update', { body: { run_id: trial.runId, status: 'FINISHED', end_time: 1700000000000 } });
    assert.equal(field(ended.body, 'run_info', 'end_time'), 1700000000000);
    assert.deepEqual(statuses.filter((s) => s.trialId === 't-resume').map((s) => s.status), ['RUNNING', 'FINISHED']);
    assertError(await api('runs/update', { body: { run_id: trial.runId, status: 'DONE' } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('runs/get', { query: { run_id: 'f'.repeat(32) } }), 404, 'RESOURCE_DOES_NOT_EXIST');
    assertError(await api('runs/get', { query: {} }), 400, 'INVALID_PARAMETER_VALUE');
  });

  test('log-metric reports each call, accepts int64 strings and NaN/Infinity strings, and defaults step to 0', async () => {
    const trial = server.createTrialRun('t-metric', 'sweep-runs');
    const before = Date.now();
    await api('runs/log-metric', { body: { run_id: trial.runId, key: 'loss', value: 0.5, timestamp: 1700000000001, step: 0 } });
    await api('runs/log-metric', { body: { run_uuid: trial.runId, key: 'loss', value: 0.25, timestamp: '1700000000002', step: '1' } });
    await api('runs/log-metric', { body: { run_id: trial.runId, key: 'loss', value: 'NaN' } });
    await api('runs/log-metric', { body: { run_id: trial.runId, key: 'gain', value: '-Infinity', timestamp: 5 } });
    const mine = metrics.filter((m) => m.trialId === 't-metric');
    assert.deepEqual(mine.slice(0, 2), [
      { trialId: 't-metric', name: 'loss', value: 0.5, step: 0, timestamp: 1700000000001, source: 'mlflow' },
      { trialId: 't-metric', name: 'loss', value: 0.25, step: 1, timestamp: 1700000000002, source: 'mlflow' },
    ]);
    assert.ok(Number.isNaN(mine[2]?.value) && mine[2]?.step === 0 && (mine[2]?.timestamp ?? 0) >= before);
    assert.equal(mine[3]?.value, -Infinity);

    const history = await api('metrics/get-history', { query: { run_id: trial.runId, metric_key: 'loss' } });
    assert.match(history.text, /"value":"NaN"/);
    assert.deepEqual((history.body['metrics'] as unknown[]).map((m) => field(m, 'value')), [0.5, 0.25, 'NaN']);
    const run = await api('runs/get', { query: { run_id: trial.runId } });
    const latestGain = (field(run.body, 'run', 'data', 'metrics') as unknown[]).find((m) => field(m, 'key') === 'gain');
    assert.deepEqual(latestGain, { key: 'gain', value: '-Infinity', timestamp: 5, step: 0 });
    // Latest loss is the one with the highest step: 0.25 at step 1.
    const latest = (field(run.body, 'run', 'data', 'metrics') as unknown[]).find((m) => field(m, 'key') === 'loss');
    assert.equal(field(latest, 'value'), 0.25);

    assertError(await api('runs/log-metric', { body: { run_id: trial.runId, key: 'loss' } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('runs/log-metric', { body: { run_id: trial.runId, key: 'loss', value: 'high' } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('runs/log-metric', { body: { run_id: trial.runId, key: 'loss', value: 1, step: 1.5 } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('runs/log-metric', { body: { run_id: trial.runId, key: 'bad*name', value: 1 } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('runs/log-metric', { body: { run_id: '0'.repeat(32), key: 'loss', value: 1 } }), 404, 'RESOURCE_DOES_NOT_EXIST');
    assertError(await api('metrics/get-history', { query: { run_id: trial.runId } }), 400, 'INVALID_PARAMETER_VALUE');
  });

  test('params are write-once; tags can be set and deleted; both are reported', async () => {
    const trial = server.createTrialRun('t-params', 'sweep-runs');
    assert.equal((await api('runs/log-parameter', { body: { run_id: trial.runId, key: 'lr', value: '0.1' } })).status, 200);
    assert.equal((await api('runs/log-parameter', { body: { run_id: trial.runId, key: 'lr', value: '0.1' } })).status, 200);
    const changed = await api('runs/log-parameter', { body: { run_id: trial.runId, key: 'lr', value: '0.2' } });
    assertError(changed, 400, 'INVALID_PARAMETER_VALUE');
    assert.match(String(changed.body['message']), /Changing param values is not allowed/);
    assert.deepEqual(params.filter((p) => p.trialId === 't-params').map((p) => [p.key, p.value]), [['lr', '0.1']]);

    await api('runs/set-tag', { body: { run_id: trial.runId, key: 'stage', value: 'warmup' } });
    await api('runs/set-tag', { body: { run_id: trial.runId, key: 'stage', value: 'main' } });
    assert.deepEqual(tags.filter((t) => t.trialId === 't-params').map((t) => t.value), ['warmup', 'main']);
    assert.equal((await api('runs/delete-tag', { body: { run_id: trial.runId, key: 'stage' } })).status, 200);
    assertError(await api('runs/delete-tag', { body: { run_id: trial.runId, key: 'stage' } }), 404, 'RESOURCE_DOES_NOT_EXIST');
    const run = await api('runs/get', { query: { run_id: trial.runId } });
    assert.deepEqual(field(run.body, 'run', 'data', 'params'), [{ key: 'lr', value: '0.1' }]);
  });

  test('log-batch stores metrics, params and tags in one call, and refuses oversize batches whole', async () => {
    const trial = server.createTrialRun('t-batch', 'sweep-runs');
    const ok = await api('runs/log-batch', {
      body: {
        run_id: trial.runId,
        metrics: [
          { key: 'acc', value: 0.8, timestamp: 10, step: 3 },
          { key: 'val/acc', value: 0.7, timestamp: 10, step: 3 },
        ],
        params: [{ key: 'optimizer', value: 'adam' }],
        tags: [{ key: 'mlflow.source.name', value: 'train.py' }],
      },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(metrics.filter((m) => m.trialId === 't-batch').map((m) => [m.name, m.value, m.step]), [['acc', 0.8, 3], ['val/acc', 0.7, 3]]);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: `m${i}`, value: i, timestamp: 1, step: 0 }));
    const refused = await api('runs/log-batch', { body: { run_id: trial.runId, metrics: tooMany } });
    assertError(refused, 400, 'INVALID_PARAMETER_VALUE');
    assert.equal(server.store.getRun(trial.runId).metricHistory.size, 2);
    const conflicting = await api('runs/log-batch', { body: { run_id: trial.runId, metrics: [{ key: 'acc', value: 1, timestamp: 1, step: 4 }], params: [{ key: 'optimizer', value: 'sgd' }] } });
    assertError(conflicting, 400, 'INVALID_PARAMETER_VALUE');
    assert.equal(server.store.getMetricHistory(trial.runId, 'acc').length, 1);
    assertError(await api('runs/log-batch', { body: { run_id: trial.runId, metrics: 'acc' } }), 400, 'INVALID_PARAMETER_VALUE');
  });

  test('log-inputs and log-model (autolog) are accepted', async () => {
    const trial = server.createTrialRun('t-autolog', 'sweep-runs');
    const dataset = { dataset: { name: 'iris', digest: 'abc', source_type: 'code', source: '{}' }, tags: [{ key: 'mlflow.data.context', value: 'train' }] };
    assert.equal((await api('runs/log-inputs', { body: { run_id: trial.runId, datasets: [dataset] } })).status, 200);
    assert.equal((await api('runs/log-model', { body: { run_id: trial.runId, model_json: '{"artifact_path": "model"}' } })).status, 200);
    const run = await api('runs/get', { query: { run_id: trial.runId } });
    assert.deepEqual(field(run.body, 'run', 'inputs', 'dataset_inputs'), [dataset]);
  });

  test('runs created by a client are stored and searchable but not reported as trial metrics', async () => {
    const experimentId = String((await api('experiments/create', { body: { name: 'search-runs' } })).body['experiment_id']);
    const reportedBefore = metrics.length;
    for (const [index, accuracy] of [0.5, 0.9, 0.7].entries()) {
      const created = await api('runs/create', { body: { experiment_id: experimentId, start_time: 1000 + index, run_name: `r${index}`, tags: [{ key: 'fold', value: String(index) }] } });
      assert.equal(created.status, 200);
      const runId = String(field(created.body, 'run', 'info', 'run_id'));
      await api('runs/log-metric', { body: { run_id: runId, key: 'accuracy', value: accuracy, timestamp: 1, step: 0 } });
      await api('runs/log-parameter', { body: { run_id: runId, key: 'depth', value: String(index + 2) } });
    }
    assert.equal(metrics.length, reportedBefore);

    const names = (answer: Answer): unknown[] => (answer.body['runs'] as unknown[]).map((r) => field(r, 'info', 'run_name'));
    const all = await api('runs/search', { body: { experiment_ids: [experimentId] } });
    assert.deepEqual(names(all), ['r2', 'r1', 'r0']); // newest first by default
    const best = await api('runs/search', { body: { experiment_ids: [experimentId], filter: 'metrics.accuracy > 0.6', order_by: ['metrics.accuracy DESC'] } });
    assert.deepEqual(names(best), ['r1', 'r2']);
    const byParam = await api('runs/search', { body: { experiment_ids: [experimentId], filter: "params.depth = '2' AND tags.fold IN ('0', '1')" } });
    assert.deepEqual(names(byParam), ['r0']);
    const byName = await api('runs/search', { body: { experiment_ids: [experimentId], filter: "attributes.run_name ILIKE 'R_'", max_results: 2 } });
    assert.deepEqual(names(byName), ['r2', 'r1']);
    const rest = await api('runs/search', { body: { experiment_ids: [experimentId], filter: "attributes.run_name ILIKE 'R_'", max_results: 2, page_token: byName.body['next_page_token'] } });
    assert.deepEqual(names(rest), ['r0']);
    assertError(await api('runs/search', { body: { experiment_ids: [experimentId], filter: "metrics.accuracy > '0.5'" } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('runs/search', { body: { experiment_ids: [experimentId], max_results: 0 } }), 400, 'INVALID_PARAMETER_VALUE');
    assertError(await api('runs/create', { body: { experiment_id: '12345' } }), 404, 'RESOURCE_DOES_NOT_EXIST');
  });
});

describe('tracking server: shutdown', () => {
  test('close() finishes even with an idle keep-alive connection open', async () => {
    const other = await startTrackingServer({ artifactRoot });
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(new URL('/api/2.0/mlflow/experiments/get?experiment_id=0', other.uri), { agent: new Agent({ keepAlive: true }), headers: { Authorization: `Bearer ${other.token}` } }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      request.on('error', reject);
      request.end();
    });
    await other.close();
  });
});
