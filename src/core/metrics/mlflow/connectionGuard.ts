/**
 * Keeps anyone on the machine from starving a sweep through its tracking endpoint (127.0.0.1 is
 * reachable by every local user). Without limits, 1,100 idle connections took every file
 * descriptor of the runner, and trials failed to spawn with EMFILE. So:
 *
 * - connections are capped (`maxConnections`, beyond it new ones are closed at once), at most a
 *   quarter of the process's open-file limit, so the rest stays free for spawning trials (pipes,
 *   log files) and for the journal;
 * - half of the cap is for connections that have not yet sent an authenticated request: when a new
 *   connection would exceed that, the oldest such connection is closed, so silent or slow strangers
 *   cannot hold the slots a trial's client needs, and a client that authenticated keeps its slot;
 * - headers must arrive within `headersTimeoutMs` and a whole request within `requestTimeoutMs`
 *   (slowloris), checked every `CHECK_INTERVAL_MS`;
 * - a refused (401) request closes its connection (the server answers `Connection: close`).
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Open connections at most; default a quarter of the open-file limit, at most 256. */
  readonly maxConnections: number;
  /** Time for a request's headers to arrive; default 10 s. */
  readonly headersTimeoutMs: number;
  /** Time for a whole request (headers and body) to arrive; default 60 s. */
  readonly requestTimeoutMs: number;
}

const MAX_CONNECTIONS = 256;
/** When the open-file limit cannot be read (not Linux), the usual default. */
const ASSUMED_OPEN_FILE_LIMIT = 1024;
export const CHECK_INTERVAL_MS = 1000;

/** The soft open-file limit of this process (Linux: /proc/self/limits), or undefined. */
export function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    const limit = Number(soft);
    return Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
  } catch {
    return undefined;
  }
}

/** The default connection cap for an open-file limit: a quarter of it, between 8 and 256. */
export function defaultMaxConnections(fileLimit: number = openFileLimit() ?? ASSUMED_OPEN_FILE_LIMIT): number {
  return Math.max(8, Math.min(MAX_CONNECTIONS, Math.floor(fileLimit / 4)));
}

export function defaultConnectionLimits(): ConnectionLimits {
  return { maxConnections: defaultMaxConnections(), headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 };
}

/** Applies the cap and the eviction of unauthenticated connections; returns how to mark a connection trusted. */
export function guardConnections(server: Server, limits: ConnectionLimits): { trust(socket: Socket): void } {
  server.maxConnections = limits.maxConnections;
  const anonymousCap = Math.max(1, Math.floor(limits.maxConnections / 2));
  // Insertion-ordered: the first entry is the oldest connection that has not authenticated.
  const anonymous = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    if (anonymous.size >= anonymousCap) {
      const oldest = anonymous.values().next().value;
      if (oldest !== undefined) {
        anonymous.delete(oldest);
        oldest.destroy();
      }
    }
    anonymous.add(socket);
    socket.once('close', () => anonymous.delete(socket));
  });
  return { trust: (socket) => void anonymous.delete(socket) };
}
