/**
 * The MLflow REST API calls a training script makes, answered from a {@link TrackingStore}.
 * Covered: what the Python client sends for `set_experiment`, `start_run` (including resuming
 * `MLFLOW_RUN_ID`: get, update to RUNNING, get), `log_metric(s)`, `log_param(s)`, `set_tag(s)`,
 * `delete_tag`, `end_run`, `search_runs`, `search_experiments`, `MlflowClient.get_metric_history`,
 * and autolog's extra calls (`runs/log-inputs` for datasets, `runs/log-model` for model metadata:
 * accepted, and the model itself goes to the run's `file:` artifact location, which the client
 * writes directly). `experiments/list` is kept for pre-2.0 clients. Request and response shapes and
 * limits follow MLflow's REST API reference.
 */
import { MlflowError } from './errors';
import {
  isFields,
  keyValueList,
  objectList,
  optionalInteger,
  optionalString,
  requireDouble,
  requireRunId,
  requireString,
  stringList,
  type RequestFields,
} from './requestParams';
import { experimentMatches, parseFilter, runMatches, sortRuns } from './searchFilter';
import { experimentJson, metricJson, runInfoJson, runJson } from './serialize';
import { RUN_STATUSES, type MetricPoint, type RunStatus, type TrackingStore } from './store';

/** How an endpoint may be called: reads accept GET (query) and POST (body), writes only POST. */
export type EndpointMethods = 'read' | 'write';

/**
 * What a write needs the caller to be allowed (see `credentials.ts`): `run` writes to the run named
 * by `run_id`, which the caller must own; `new-run` / `new-experiment` create one, within limits.
 * Writes without it (experiment tags) are open to every authenticated caller.
 */
export type EndpointWrites = 'run' | 'new-run' | 'new-experiment';

/** Told what a creating endpoint created, so it is counted and (a run) owned by its caller. */
export interface CreationLedger {
  runCreated(runId: string): void;
  experimentCreated(): void;
}

export interface Endpoint {
  readonly methods: EndpointMethods;
  readonly writes?: EndpointWrites;
  /** The answer's body, or a promise of it (logging calls answer once their values are durable). */
  readonly handle: (store: TrackingStore, fields: RequestFields, ledger: CreationLedger) => unknown;
}

const DEFAULT_MAX_RESULTS = 1000;
const MAX_SEARCH_RESULTS = 50000;

/** Reads `max_results`/`page_token`, returns one page of `items` and the next token, if any. */
function paginate<T>(items: readonly T[], fields: RequestFields, cap: number): { page: T[]; nextPageToken?: string } {
  const maxResults = optionalInteger(fields, 'max_results') ?? DEFAULT_MAX_RESULTS;
  if (maxResults < 1 || maxResults > cap) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid value ${maxResults} for parameter 'max_results' supplied: it must be between 1 and ${cap}.`);
  }
  const token = optionalString(fields, 'page_token');
  let offset = 0;
  if (token) {
    const decoded: unknown = (() => {
      try {
        return JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
      } catch {
        return undefined;
      }
    })();
    const candidate = isFields(decoded) ? decoded['offset'] : undefined;
    if (typeof candidate !== 'number' || !Number.isSafeInteger(candidate) || candidate < 0) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'Invalid page token: pass the next_page_token of the previous response unchanged.');
    }
    offset = candidate;
  }
  const page = items.slice(offset, offset + maxResults);
  const end = offset + page.length;
  return end < items.length ? { page, nextPageToken: Buffer.from(JSON.stringify({ offset: end })).toString('base64') } : { page };
}

function withToken(body: Record<string, unknown>, nextPageToken: string | undefined): Record<string, unknown> {
  return nextPageToken === undefined ? body : { ...body, next_page_token: nextPageToken };
}

/** `ACTIVE_ONLY` (default) and `ALL` list everything: nothing here is ever deleted. */
function viewIncludesActive(fields: RequestFields, field: string): boolean {
  const view = fields[field];
  if (view === undefined || view === null || view === 'ACTIVE_ONLY' || view === 'ALL' || view === 1 || view === 3) return true;
  if (view === 'DELETED_ONLY' || view === 2) return false;
  throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid value ${JSON.stringify(view)} for parameter '${field}': use ACTIVE_ONLY, DELETED_ONLY or ALL.`);
}

function readStatus(fields: RequestFields): RunStatus | undefined {
  const status = optionalString(fields, 'status');
  if (status === undefined || status === '') return undefined;
  const known = RUN_STATUSES.find((candidate) => candidate === status);
  if (!known) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid run status '${status}': use one of ${RUN_STATUSES.join(', ')}.`);
  return known;
}

/** One metric from a request: value required, timestamp defaults to now, step to 0. */
function readMetric(fields: RequestFields): MetricPoint {
  return {
    key: requireString(fields, 'key'),
    value: requireDouble(fields, 'value'),
    timestamp: optionalInteger(fields, 'timestamp') ?? Date.now(),
    step: optionalInteger(fields, 'step') ?? 0,
  };
}

const EMPTY = {};

/** The empty answer of a logging call, once what it logged is durable (a kill -9 then loses none of it). */
async function acknowledged(store: TrackingStore): Promise<typeof EMPTY> {
  await store.recorded();
  return EMPTY;
}

/** The endpoint table, keyed by the path after `/api/2.0/mlflow/`. */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  ['experiments/create', {
    methods: 'write',
    writes: 'new-experiment',
    handle: (store, fields, ledger) => {
      const experimentId = store.createExperiment(requireString(fields, 'name'), optionalString(fields, 'artifact_location'), keyValueList(fields, 'tags'));
      ledger.experimentCreated();
      return { experiment_id: experimentId };
    },
  }],
  ['experiments/get', {
    methods: 'read',
    handle: (store, fields) => ({ experiment: experimentJson(store.getExperiment(requireString(fields, 'experiment_id'))) }),
  }],
  ['experiments/get-by-name', {
    methods: 'read',
    handle: (store, fields) => ({ experiment: experimentJson(store.getExperimentByName(requireString(fields, 'experiment_name'))) }),
  }],
  ['experiments/search', {
    methods: 'read',
    handle: (store, fields) => {
      const clauses = parseFilter(optionalString(fields, 'filter'));
      const matching = viewIncludesActive(fields, 'view_type') ? store.listExperiments().filter((experiment) => experimentMatches(experiment, clauses)) : [];
      const { page, nextPageToken } = paginate(matching, fields, MAX_SEARCH_RESULTS);
      return withToken({ experiments: page.map(experimentJson) }, nextPageToken);
    },
  }],
  ['experiments/list', {
    methods: 'read',
    handle: (store, fields) => ({ experiments: viewIncludesActive(fields, 'view_type') ? store.listExperiments().map(experimentJson) : [] }),
  }],
  ['experiments/set-experiment-tag', {
    methods: 'write',
    handle: (store, fields) => {
      store.setExperimentTag(requireString(fields, 'experiment_id'), { key: requireString(fields, 'key'), value: optionalString(fields, 'value') ?? '' });
      return EMPTY;
    },
  }],
  ['runs/create', {
    methods: 'write',
    writes: 'new-run',
    handle: (store, fields, ledger) => {
      const run = store.createRun({
        experimentId: optionalString(fields, 'experiment_id') || '0',
        userId: optionalString(fields, 'user_id') ?? '',
        startTime: optionalInteger(fields, 'start_time') ?? Date.now(),
        runName: optionalString(fields, 'run_name') ?? '',
        tags: keyValueList(fields, 'tags'),
      });
      ledger.runCreated(run.runId);
      return { run: runJson(run) };
    },
  }],
  ['runs/get', {
    methods: 'read',
    handle: (store, fields) => ({ run: runJson(store.getRun(requireRunId(fields))) }),
  }],
  ['runs/update', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      const update: { status?: RunStatus; endTime?: number; runName?: string } = {};
      const status = readStatus(fields);
      const endTime = optionalInteger(fields, 'end_time');
      const runName = optionalString(fields, 'run_name');
      if (status !== undefined) update.status = status;
      if (endTime !== undefined) update.endTime = endTime;
      if (runName !== undefined) update.runName = runName;
      return { run_info: runInfoJson(store.updateRun(requireRunId(fields), update)) };
    },
  }],
  ['runs/log-metric', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      store.logBatch(requireRunId(fields), { metrics: [readMetric(fields)] });
      return acknowledged(store);
    },
  }],
  ['runs/log-parameter', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      store.logBatch(requireRunId(fields), { params: [{ key: requireString(fields, 'key'), value: optionalString(fields, 'value') ?? '' }] });
      return acknowledged(store);
    },
  }],
  ['runs/set-tag', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      store.logBatch(requireRunId(fields), { tags: [{ key: requireString(fields, 'key'), value: optionalString(fields, 'value') ?? '' }] });
      return acknowledged(store);
    },
  }],
  ['runs/delete-tag', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      store.deleteTag(requireRunId(fields), requireString(fields, 'key'));
      return EMPTY;
    },
  }],
  ['runs/log-batch', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      store.logBatch(requireRunId(fields), {
        metrics: objectList(fields, 'metrics').map(readMetric),
        params: keyValueList(fields, 'params'),
        tags: keyValueList(fields, 'tags'),
      });
      return acknowledged(store);
    },
  }],
  ['runs/log-inputs', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      store.logInputs(requireRunId(fields), objectList(fields, 'datasets'));
      return EMPTY;
    },
  }],
  ['runs/log-model', {
    methods: 'write',
    writes: 'run',
    handle: (store, fields) => {
      // Model files are written by the client to the artifact location; the metadata is only checked.
      store.getRun(requireRunId(fields));
      requireString(fields, 'model_json');
      return EMPTY;
    },
  }],
  ['runs/search', {
    methods: 'read',
    handle: (store, fields) => {
      const experimentIds = new Set(stringList(fields, 'experiment_ids'));
      const clauses = parseFilter(optionalString(fields, 'filter'));
      const candidates = viewIncludesActive(fields, 'run_view_type')
        ? store.listRuns().filter((run) => (experimentIds.size === 0 || experimentIds.has(run.experimentId)) && runMatches(run, clauses))
        : [];
      const { page, nextPageToken } = paginate(sortRuns(candidates, stringList(fields, 'order_by')), fields, MAX_SEARCH_RESULTS);
      return withToken({ runs: page.map(runJson) }, nextPageToken);
    },
  }],
  ['metrics/get-history', {
    methods: 'read',
    handle: (store, fields) => {
      const history = store.getMetricHistory(requireRunId(fields), requireString(fields, 'metric_key'));
      // Without max_results the whole history comes back in one answer, as older clients expect.
      const { page, nextPageToken } = paginate(history, { ...fields, max_results: fields['max_results'] ?? Math.max(history.length, 1) }, Number.MAX_SAFE_INTEGER);
      return withToken({ metrics: page.map(metricJson) }, nextPageToken);
    },
  }],
]);
