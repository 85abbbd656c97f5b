// Strangers on the machine against the tracking endpoint, with real sockets: a refused request
// loses its connection, slow headers and slow bodies are cut, idle connections beyond the cap are
// closed, and an authenticated client still gets its answer through a flood.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultMaxConnections } from '../../../../src/core/metrics/mlflow/connectionGuard';
import { startTrackingServer, type TrackingServer } from '../../../../src/core/metrics/mlflow/server';

let server: TrackingServer;
/** Same cap, default (long) time limits: only the cap can close idle connections here. */
let capped: TrackingServer;
let artifactRoot: string;
const open: Socket[] = [];

before(async () => {
  artifactRoot = mkdtempSync(join(tmpdir(), 'hypersweep-mlflow-limits-'));
  server = await startTrackingServer({ artifactRoot, connections: { maxConnections: 10, headersTimeoutMs: 300, requestTimeoutMs: 600 } });
  capped = await startTrackingServer({ artifactRoot, connections: { maxConnections: 10 } });
});

after(async () => {
  for (const socket of open) socket.destroy();
  await server.close();
  await capped.close();
  rmSync(artifactRoot, { recursive: true, force: true });
});

interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  readonly closed: Promise<string>;
}

/** A raw TCP connection to the endpoint; `closed` resolves when the server ends it. */
async function rawConnection(port = server.port): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  open.push(socket);
  let received = '';
  socket.setEncoding('utf8').on('data', (text: string) => (received += text));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}

async function authenticatedGet(target: TrackingServer): Promise<number> {
  const response = await fetch(new URL('/api/2.0/mlflow/experiments/get?experiment_id=0', target.uri), { headers: { Authorization: `Bearer ${target.token}` } });
  await response.text();
  return response.status;
}

describe('tracking endpoint limits', () => {
  test('a request without the token gets 401 and its kept-alive connection is closed', { timeout: 20000 }, async () => {
    const { socket, closed } = await rawConnection();
    socket.write('GET /api/2.0/mlflow/experiments/get?experiment_id=0 HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const answer = await closed;
    assert.match(answer, /^HTTP\/1\.1 401 /);
    assert.match(answer, /UNAUTHENTICATED/);
    // Closed by the server because it refused, not by the idle keep-alive timer later on.
    assert.match(answer, /\r\nConnection: close\r\n/i);
  });

  test('headers that never finish are cut off', { timeout: 20000 }, async () => {
    const { socket, closed } = await rawConnection();
    socket.write('POST /api/2.0/mlflow/runs/log-metric HTTP/1.1\r\nHost: x\r\n');
    await closed; // without a header deadline this waits for a minute and more
  });

  test('an authenticated request whose body trickles in is cut off', { timeout: 20000 }, async () => {
    const { socket, closed } = await rawConnection();
    socket.write(`POST /api/2.0/mlflow/runs/log-metric HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const timer = setInterval(() => socket.write(' '), 100);
    try {
      await closed;
    } finally {
      clearInterval(timer);
    }
  });

  test('idle connections beyond the cap are closed, and an authenticated client still gets through', { timeout: 20000 }, async () => {
    const idle: RawConnection[] = [];
    for (let i = 0; i < 40; i++) idle.push(await rawConnection(capped.port));
    // These connections stay silent and the header deadline is 10 s away: only the cap (10) and
    // the eviction of unauthenticated connections (at most 5) can close them, and 35 must go.
    let closed = 0;
    await new Promise<void>((resolve) => {
      for (const connection of idle) {
        void connection.closed.then(() => {
          if (++closed === 35) resolve();
        });
      }
    });
    assert.equal(await authenticatedGet(capped), 200);
  });

  test('the default cap leaves three quarters of the open files for trials and the journal', () => {
    assert.equal(defaultMaxConnections(1024), 256);
    assert.equal(defaultMaxConnections(256), 64);
    assert.equal(defaultMaxConnections(1_048_576), 256);
    assert.equal(defaultMaxConnections(16), 8);
  });
});
