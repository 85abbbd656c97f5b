/**
 * Metric ingestion, on both channels a trial reports through:
 * - stdout: bytes through `createStdoutMetricSource` (line splitting + the default pattern), fed
 *   in 64 KiB chunks as a pipe delivers them, with one and with five `name=value` pairs per line;
 * - MLflow: `runs/log-batch` requests of 1,000 metrics each over real HTTP (one keep-alive
 *   connection) to `startTrackingServer` on 127.0.0.1, as `mlflow.log_metrics` batching does.
 * Every run checks that the listener received exactly the metrics sent, so a parser that silently
 * drops reports cannot look fast.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrackingServer, type TrackingServer } from '../src/core/metrics/mlflow/server';
import { createStdoutMetricSource } from '../src/core/metrics/stdoutSource';
import { grouped, perSecond, resultsFor, timeAsync, timeSync, type BenchGroup, type BenchResult } from './harness';

const CHUNK_BYTES = 64 * 1024;
const ONE_PAIR_LINES = 300_000;
const FIVE_PAIR_LINES = 100_000;
const BATCH_METRICS = 1_000;
const BATCHES = 100;
const METRIC_NAMES = ['loss', 'accuracy', 'learning_rate', 'grad_norm', 'val_loss'] as const;

function oneMetricLine(i: number): string {
  return `train_loss=${(1 / (i + 1)).toFixed(6)}`;
}

function fiveMetricLine(i: number): string {
  return `loss=${(1 / (i + 1)).toFixed(6)} acc=${(i % 1000 / 1000).toFixed(4)} lr=0.001 grad_norm=${(i % 97) / 10} epoch=${i % 50}`;
}

/** Lines/s through one stdout source; throws unless every expected metric came out. */
function stdoutRate(lines: number, makeLine: (i: number) => string, metricsPerLine: number): { ms: number; bytes: number } {
  const text = Array.from({ length: lines }, (_, i) => makeLine(i)).join('\n') + '\n';
  const bytes = Buffer.from(text, 'utf8');
  let received = 0;
  const source = createStdoutMetricSource('bench_0', { metric: () => void received++ });
  const ms = timeSync(() => {
    for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) source.write(bytes.subarray(offset, offset + CHUNK_BYTES));
    source.end();
  });
  if (received !== lines * metricsPerLine) {
    throw new Error(`The stdout source reported ${received} metrics for ${lines} lines of ${metricsPerLine}; expected ${lines * metricsPerLine}`);
  }
  return { ms, bytes: bytes.length };
}

/** The JSON body of one log-batch request: `BATCH_METRICS` metrics over five names. */
function batchBody(runId: string, batch: number): string {
  const timestamp = Date.now();
  const metrics = Array.from({ length: BATCH_METRICS }, (_, i) => {
    const n = batch * BATCH_METRICS + i;
    return { key: METRIC_NAMES[n % METRIC_NAMES.length], value: 1 / (n + 1), timestamp, step: Math.floor(n / METRIC_NAMES.length) };
  });
  return JSON.stringify({ run_id: runId, metrics });
}

function post(server: TrackingServer, agent: Agent, path: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.uri}${path}`, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${server.token}` },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode === 200) resolve();
        else reject(new Error(`log-batch answered ${String(response.statusCode)}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function mlflowRate(): Promise<{ ms: number; bodyBytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hypersweep-bench-mlflow-'));
  let received = 0;
  const server = await startTrackingServer({ artifactRoot: join(dir, 'mlruns'), listener: { metric: () => void received++ } });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { runId } = server.createTrialRun('bench_0', 'hypersweep-bench');
    // Bodies are built before the clock starts: the client's JSON encoding is not the server's cost.
    const bodies = Array.from({ length: BATCHES }, (_, batch) => batchBody(runId, batch));
    const path = '/api/2.0/mlflow/runs/log-batch';
    await post(server, agent, path, batchBody(runId, BATCHES)); // warm-up: connection, JIT
    received = 0;
    const ms = await timeAsync(async () => {
      for (const body of bodies) await post(server, agent, path, body);
    });
    if (received !== BATCHES * BATCH_METRICS) throw new Error(`The tracking server reported ${received} metrics, expected ${BATCHES * BATCH_METRICS}`);
    return { ms, bodyBytes: bodies.reduce((sum, b) => sum + b.length, 0) };
  } finally {
    agent.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `metrics` benchmark group. */
export const metricsGroup: BenchGroup = {
  name: 'metrics',
  description: 'stdout metric parsing and MLflow log-batch ingestion',
  run: async () => {
    const result = resultsFor('metrics');
    const one = stdoutRate(ONE_PAIR_LINES, oneMetricLine, 1);
    const five = stdoutRate(FIVE_PAIR_LINES, fiveMetricLine, 5);
    const mlflow = await mlflowRate();
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
    const results: BenchResult[] = [
      result('stdout, 1 metric per line', perSecond(ONE_PAIR_LINES, one.ms), 'lines/s', `${grouped(ONE_PAIR_LINES)} lines, ${mb(one.bytes)} MB in 64 KiB chunks`),
      result('stdout, 5 pairs per line', perSecond(FIVE_PAIR_LINES, five.ms), 'lines/s',
        `${grouped(FIVE_PAIR_LINES)} lines, ${mb(five.bytes)} MB; = ${grouped(perSecond(FIVE_PAIR_LINES * 5, five.ms))} metrics/s`),
      result('mlflow runs/log-batch', perSecond(BATCHES * BATCH_METRICS, mlflow.ms), 'metrics/s',
        `${BATCHES} batches x ${grouped(BATCH_METRICS)} metrics, 1 keep-alive connection, ${(mlflow.ms / BATCHES).toFixed(2)} ms per request, ${mb(mlflow.bodyBytes)} MB`),
    ];
    return results;
  },
};
