/**
 * The sweep's MLflow tracking endpoint: a node:http server on 127.0.0.1 (never another
 * interface), on a port the OS picks, answering the REST API in `handlers.ts` from one in-memory
 * {@link TrackingStore}. Every trial gets `MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_TOKEN`,
 * `MLFLOW_RUN_ID` and `MLFLOW_EXPERIMENT_ID` (see {@link TrackingServer.createTrialRun}), so an
 * unchanged script's `mlflow.log_metric(...)` reports to the sweep.
 *
 * Security: other local users and web pages can reach 127.0.0.1, so every request must carry
 * `Authorization: Bearer <token>` (MLflow clients send MLFLOW_TRACKING_TOKEN that way), checked
 * before the body is read. Each trial attempt has its own token that writes only to its own run
 * (`credentials.ts`); the runner's own token is never given out. Bodies are capped (413 beyond the
 * cap), connections and their time are limited (`connectionGuard.ts`), a refused request closes
 * its connection, and no CORS headers are ever sent, so browsers cannot read responses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MetricListener } from '../metricSource';
import { CHECK_INTERVAL_MS, defaultConnectionLimits, guardConnections, type ConnectionLimits } from './connectionGuard';
import { Credentials, DEFAULT_CREDENTIAL_LIMITS, newToken, type Caller, type CredentialLimits } from './credentials';
import { MlflowError } from './errors';
import { ENDPOINTS, type CreationLedger, type Endpoint } from './handlers';
import { fieldsFromQuery, isFields, requireRunId, type RequestFields } from './requestParams';
import { toMlflowJson } from './serialize';
import { TrackingStore, type TrialRunOptions } from './store';

export interface TrackingServerOptions {
  /** Receives what trial runs log (metrics, params, tags, status). */
  readonly listener?: MetricListener;
  /** Absolute directory for default artifact locations (see `TrackingStoreOptions`). */
  readonly artifactRoot: string;
  /** Largest accepted request body in bytes; default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** The runner's own bearer token (full access, never given to trials); default 64 random hex characters. */
  readonly token?: string;
  /** Connection cap and time limits; defaults in `connectionGuard.ts`. */
  readonly connections?: Partial<ConnectionLimits>;
  /** Bounds on runs and experiments created through the API; defaults in `credentials.ts`. */
  readonly creations?: Partial<CredentialLimits>;
}

/** What a trial needs to report through MLflow. */
export interface TrialRun {
  readonly runId: string;
  readonly experimentId: string;
  /** Variables to add to the trial's environment. */
  readonly env: Readonly<Record<'MLFLOW_TRACKING_URI' | 'MLFLOW_TRACKING_TOKEN' | 'MLFLOW_RUN_ID' | 'MLFLOW_EXPERIMENT_ID', string>>;
}

export interface TrackingServer {
  /** `http://127.0.0.1:<port>`, the value of MLFLOW_TRACKING_URI. */
  readonly uri: string;
  readonly port: number;
  /** The runner's own token: full access. Trials get their own (see {@link createTrialRun}). */
  readonly token: string;
  readonly store: TrackingStore;
  /** Pre-creates the trial's run in `experimentName` and returns its id and environment, with a token for that run only. */
  createTrialRun(trialId: string, experimentName: string, options?: TrialRunOptions): TrialRun;
  /**
   * A trial an earlier runner started and this one re-attaches: its run (same id) exists again and
   * its token (known by digest) writes to it, so its MLflow calls keep working after a resume.
   */
  adoptTrialRun(trialId: string, identity: TrialRunIdentity, experimentName: string, options?: TrialRunOptions): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** What a journal keeps of a trial's MLflow identity: its run and its token's digest (never the token). */
export interface TrialRunIdentity {
  readonly runId: string;
  readonly tokenDigest: string;
}

/** Default body cap: a full log-batch (1000 entries with long values) fits with room to spare. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

const PREFIXES = ['/api/2.0/mlflow/', '/ajax-api/2.0/mlflow/', '/api/2.0/preview/mlflow/'];

/** Starts the endpoint on 127.0.0.1 and an OS-chosen port. */
export async function startTrackingServer(options: TrackingServerOptions): Promise<TrackingServer> {
  const token = options.token ?? newToken();
  if (token.length < 16) throw new RangeError('The tracking token must be at least 16 characters long.');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const credentials = new Credentials(token, { ...DEFAULT_CREDENTIAL_LIMITS, ...options.creations });
  const store = new TrackingStore({ artifactRoot: options.artifactRoot, ...(options.listener ? { listener: options.listener } : {}) });
  const limits = { ...defaultConnectionLimits(), ...options.connections };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
      connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, limits.headersTimeoutMs),
    },
    (request, response) => {
      handleRequest(request, response, { store, credentials, maxBodyBytes, trust: guard.trust });
    },
  );
  const guard = guardConnections(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const uri = `http://127.0.0.1:${port}`;

  return {
    uri,
    port,
    token,
    store,
    createTrialRun(trialId, experimentName, runOptions) {
      const runId = store.createRunForTrial(trialId, experimentName, runOptions);
      const experimentId = store.getRun(runId).experimentId;
      const trialToken = credentials.issue(trialId, runId);
      return {
        runId,
        experimentId,
        env: { MLFLOW_TRACKING_URI: uri, MLFLOW_TRACKING_TOKEN: trialToken, MLFLOW_RUN_ID: runId, MLFLOW_EXPERIMENT_ID: experimentId },
      };
    },
    adoptTrialRun(trialId, identity, experimentName, runOptions) {
      const runId = store.createRunForTrial(trialId, experimentName, runOptions, identity.runId);
      credentials.adopt(identity.tokenDigest, trialId, runId);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (Python's requests keeps them) would hold close() open.
        server.closeAllConnections();
      }),
  };
}

interface RequestContext {
  readonly store: TrackingStore;
  readonly credentials: Credentials;
  readonly maxBodyBytes: number;
  /** Marks the request's connection as authenticated (it keeps its slot, see `connectionGuard.ts`). */
  readonly trust: (socket: Socket) => void;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = toMlflowJson(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

function sendError(response: ServerResponse, error: MlflowError, headers: Record<string, string> = {}): void {
  send(response, error.status, error.toBody(), headers);
}

function handleRequest(request: IncomingMessage, response: ServerResponse, context: RequestContext): void {
  const caller = context.credentials.identify(request.headers.authorization);
  if (caller === undefined) {
    request.resume();
    const message = 'Missing or wrong bearer token. HyperSweep gives each trial MLFLOW_TRACKING_TOKEN; MLflow clients send it as "Authorization: Bearer <token>".';
    // A stranger gets no kept-alive connection to hold: Node closes it once the answer is sent.
    sendError(response, new MlflowError('UNAUTHENTICATED', message), { 'WWW-Authenticate': 'Bearer', Connection: 'close' });
    return;
  }
  context.trust(request.socket);
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const prefix = PREFIXES.find((candidate) => url.pathname.startsWith(candidate));
  const endpoint = prefix === undefined ? undefined : ENDPOINTS.get(url.pathname.slice(prefix.length));
  if (endpoint === undefined) {
    request.resume();
    sendError(response, new MlflowError('ENDPOINT_NOT_FOUND', `No API endpoint at ${url.pathname}. HyperSweep's tracking endpoint serves the MLflow tracking REST API under /api/2.0/mlflow/.`));
    return;
  }
  const method = request.method ?? 'GET';
  const allowed = endpoint.methods === 'read' ? ['GET', 'POST'] : ['POST'];
  if (!allowed.includes(method)) {
    request.resume();
    sendError(response, new MlflowError('BAD_REQUEST', `${method} is not allowed here; use ${allowed.join(' or ')}.`, 405), { Allow: allowed.join(', ') });
    return;
  }
  if (method === 'GET') {
    request.resume();
    answer(response, () => authorizedCall(endpoint, fieldsFromQuery(url.searchParams), caller, context));
    return;
  }
  readBody(request, context.maxBodyBytes, (body) => {
    if (body === undefined) {
      sendError(response, new MlflowError('BAD_REQUEST', `Request body exceeds ${context.maxBodyBytes} bytes. Log in smaller batches.`, 413));
      return;
    }
    answer(response, () => authorizedCall(endpoint, parseBody(body), caller, context));
  });
}

/** Checks that `caller` may make this call (own run, creation limits), then makes it. */
function authorizedCall(endpoint: Endpoint, fields: RequestFields, caller: Caller, context: RequestContext): unknown {
  const { credentials } = context;
  if (endpoint.writes === 'run') credentials.authorizeRunWrite(caller, requireRunId(fields));
  if (endpoint.writes === 'new-run') credentials.checkRunCreation(caller);
  if (endpoint.writes === 'new-experiment') credentials.checkExperimentCreation();
  const ledger: CreationLedger = {
    runCreated: (runId) => credentials.adoptRun(caller, runId),
    experimentCreated: () => credentials.countExperiment(),
  };
  return endpoint.handle(context.store, fields, ledger);
}

/**
 * Runs a handler and sends its result, its MLflow error, or INTERNAL_ERROR for anything else. A
 * handler may answer with a promise (a logging call, once its values are durable): 200 is sent
 * only when it resolves.
 */
function answer(response: ServerResponse, run: () => unknown): void {
  const fail = (error: unknown): void => {
    if (error instanceof MlflowError) sendError(response, error);
    else sendError(response, new MlflowError('INTERNAL_ERROR', `Internal error in HyperSweep's tracking endpoint: ${error instanceof Error ? error.message : String(error)}`));
  };
  try {
    const result = run();
    if (result instanceof Promise) result.then((body: unknown) => send(response, 200, body), fail);
    else send(response, 200, result);
  } catch (error) {
    fail(error);
  }
}

/**
 * Collects the body, or `undefined` when it is larger than `limit`. An oversized body is drained,
 * not buffered, so the client (already authenticated) still reads the 413 answer.
 */
function readBody(request: IncomingMessage, limit: number, done: (body: Buffer | undefined) => void): void {
  const declared = Number(request.headers['content-length'] ?? '0');
  let tooLarge = declared > limit;
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
    } else {
      chunks.push(chunk);
    }
  });
  request.on('end', () => done(tooLarge ? undefined : Buffer.concat(chunks, size)));
  request.on('error', () => request.destroy());
}

function parseBody(body: Buffer): RequestFields {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MlflowError('MALFORMED_REQUEST', `Malformed request body: ${reason}. Send a JSON object with Content-Type: application/json.`);
  }
  if (!isFields(parsed)) throw new MlflowError('MALFORMED_REQUEST', 'Malformed request body: expected a JSON object.');
  return parsed;
}
