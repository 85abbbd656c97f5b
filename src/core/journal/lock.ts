/**
 * `runner.lock`: at most one runner per sweep folder, because the journal has a single writer.
 *
 * The lock file holds `{pid, host, startedAt, token}` as JSON. It is created atomically with its
 * content complete: the content is written to a private temporary file and hard-linked to
 * `runner.lock`, which (like O_EXCL) fails if the lock exists, and unlike a plain O_EXCL create
 * never shows another process an empty, half-written lock that it could mistake for garbage.
 * (Where hard links are unsupported, an O_EXCL create is used instead.)
 *
 * A lock whose process is gone (same host, pid not alive, or the pid now names a process that
 * started at another time: a reused pid, as after a container restart where the new runner may
 * even get the old one's pid) or whose content is unreadable is stale and is taken over. Removing a stale lock is the racy part: two starters may both judge it
 * stale, and the slower one must not delete the lock the faster one just created. So removal
 * happens only under a second, short-lived lock (`runner.lock.takeover`) and only after re-reading
 * that the lock still holds exactly the stale content; then everybody competes for the fresh lock
 * by the atomic create, and exactly one wins.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive as processIsRunning, processStartTime } from '../system/processes';
import { isJsonObject } from './fields';
import { sweepPaths } from './layout';

/** Who holds a lock. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Epoch ms when the lock was taken. */
  readonly startedAt: number;
  /** The kernel start time of that process (see processes.ts), where known: tells a reused pid. */
  readonly processStart?: string;
}

/** A lock this process holds. */
export interface RunnerLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Remove the lock if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
}

export type LockResult =
  | {
      readonly ok: true;
      readonly lock: RunnerLock;
      /** Set when a stale lock was taken over: its owner, or `unreadable`. */
      readonly tookOverFrom?: LockOwner | 'unreadable';
    }
  | {
      readonly ok: false;
      /** The live holder, when known. */
      readonly holder?: LockOwner;
      /** Says who holds the sweep and what the user can do. */
      readonly message: string;
    };

/** The sweep folder cannot hold a lock (missing, not writable). */
export class LockError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LockError';
  }
}

/**
 * Whether the process with this pid still runs (a zombie does not: it has ended and only waits to
 * be collected, which happens late in containers whose init does not reap). Our own pid is alive.
 */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isSafeInteger(pid) || pid <= 1) return false;
  return processIsRunning(pid);
}

/** Parse a lock file's text; undefined when it is not a lock we wrote. */
export function parseLockOwner(text: string): LockOwner | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed)) return undefined;
  const { pid, host, startedAt, processStart } = parsed;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || typeof host !== 'string' || typeof startedAt !== 'number') return undefined;
  return { pid, host, startedAt, ...(typeof processStart === 'string' ? { processStart } : {}) };
}

const MAX_ROUNDS = 200;
const RETRY_DELAY_MS = 15;
/** An unreadable lock younger than this may be mid-write by an O_EXCL fallback: wait for it. */
const UNREADABLE_GRACE_MS = 2000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Create `path` holding `content`, atomically; false if it already exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temp, content, { flag: 'wx' });
  try {
    await fs.link(temp, path);
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    // File system without hard links: fall back to a plain O_EXCL create.
    try {
      await fs.writeFile(path, content, { flag: 'wx' });
      return true;
    } catch (err2) {
      if (errorCode(err2) === 'EEXIST') return false;
      throw err2;
    }
  } finally {
    await fs.rm(temp, { force: true });
  }
}

function describeOwner(owner: LockOwner): string {
  return `process ${owner.pid} on ${owner.host} (since ${new Date(owner.startedAt).toISOString()})`;
}

/** Whether the owner process of a lock on this host still runs: its pid alive, and not reused since. */
function ownerAlive(owner: LockOwner): boolean {
  if (owner.processStart !== undefined && Number.isSafeInteger(owner.pid) && owner.pid > 1) {
    const now = processStartTime(owner.pid);
    if (now !== undefined && now !== owner.processStart) return false;
  }
  return isProcessAlive(owner.pid);
}

/** Whether the lock's owner is certainly gone. Another host's process cannot be checked: assume alive. */
function isStale(owner: LockOwner | undefined): boolean {
  if (!owner) return true;
  return owner.host === hostname() && !ownerAlive(owner);
}

/**
 * Remove the lock at `lockPath` if it still holds exactly `staleText`, under the takeover lock.
 * Returns without removing anything when another process is busy taking over.
 */
async function removeStaleLock(lockPath: string, staleText: string, me: string): Promise<void> {
  const mutexPath = `${lockPath}.takeover`;
  if (!(await createExclusive(mutexPath, me))) {
    // Someone else is taking over. If they died doing it, clear their takeover lock (it is held
    // only for a few file operations, so a dead holder is the only way it can linger).
    const mutexText = await readText(mutexPath);
    if (mutexText !== undefined && isStale(parseLockOwner(mutexText))) {
      const again = await readText(mutexPath);
      if (again === mutexText) await fs.rm(mutexPath, { force: true });
    }
    await sleep(RETRY_DELAY_MS);
    return;
  }
  try {
    if ((await readText(lockPath)) === staleText) await fs.rm(lockPath, { force: true });
  } finally {
    await fs.rm(mutexPath, { force: true });
  }
}

/**
 * Take the runner lock of the sweep folder `sweepDir`. Refused (ok: false) while another live
 * runner holds it; a stale lock is taken over.
 * @throws LockError when the folder does not exist or cannot be written.
 */
export async function acquireRunnerLock(sweepDir: string): Promise<LockResult> {
  const lockPath = sweepPaths(sweepDir).lock;
  const processStart = processStartTime(process.pid);
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: Date.now(), ...(processStart !== undefined ? { processStart } : {}) };
  // The token makes our content unique, so release() and takeovers can tell our lock from another.
  const text = JSON.stringify({ ...owner, token: randomBytes(8).toString('hex') }) + '\n';
  let tookOverFrom: LockOwner | 'unreadable' | undefined;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (await createExclusive(lockPath, text)) {
        return { ok: true, lock: makeLock(lockPath, owner, text), ...(tookOverFrom ? { tookOverFrom } : {}) };
      }
      const existing = await readText(lockPath);
      if (existing === undefined) continue; // released meanwhile: try again
      const holder = parseLockOwner(existing);
      if (!isStale(holder)) {
        return { ok: false, ...(holder ? { holder } : {}), message: refusalMessage(sweepDir, lockPath, holder) };
      }
      if (!holder && (await isYoung(lockPath))) {
        await sleep(RETRY_DELAY_MS);
        continue;
      }
      tookOverFrom = holder ?? 'unreadable';
      await removeStaleLock(lockPath, existing, text);
    }
  } catch (err) {
    throw new LockError(
      errorCode(err) === 'ENOENT'
        ? `The sweep folder ${sweepDir} does not exist; create it before starting a runner.`
        : `Cannot take the runner lock ${join(sweepDir, 'runner.lock')}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return { ok: false, message: `Could not take the runner lock ${lockPath}: other processes keep competing for it. Try again.` };
}

/** What a viewer (CLI status, VS Code) can tell about a sweep's runner without taking the lock. */
export type RunnerLockStatus =
  | { readonly state: 'free' }
  | { readonly state: 'unreadable' }
  /** `alive` is `unknown` when the runner is on another host. */
  | { readonly state: 'held'; readonly owner: LockOwner; readonly alive: boolean | 'unknown' };

/**
 * Who holds the sweep's runner lock, and whether that process still lives. A journal whose last
 * runner is dead without a `sweep-ended` event belongs to a crashed sweep (to be resumed).
 */
export async function inspectRunnerLock(sweepDir: string): Promise<RunnerLockStatus> {
  const text = await readText(sweepPaths(sweepDir).lock);
  if (text === undefined) return { state: 'free' };
  const owner = parseLockOwner(text);
  if (!owner) return { state: 'unreadable' };
  return { state: 'held', owner, alive: owner.host === hostname() ? ownerAlive(owner) : 'unknown' };
}

async function isYoung(path: string): Promise<boolean> {
  try {
    const { mtimeMs } = await fs.stat(path);
    return Date.now() - mtimeMs < UNREADABLE_GRACE_MS;
  } catch {
    return false;
  }
}

function refusalMessage(sweepDir: string, lockPath: string, holder: LockOwner | undefined): string {
  if (!holder) return `The sweep in ${sweepDir} is locked (${lockPath}).`;
  if (holder.host !== hostname()) {
    return `The sweep in ${sweepDir} is being run by ${describeOwner(holder)}, another machine that cannot be checked from here. ` +
      `If no HyperSweep runner is running there, delete ${lockPath} and try again.`;
  }
  return `The sweep in ${sweepDir} is already being run by ${describeOwner(holder)}. ` +
    `Wait for it to finish or cancel it (\`hypersweep cancel\`); if pid ${holder.pid} is not a HyperSweep runner, delete ${lockPath}.`;
}

function makeLock(path: string, owner: LockOwner, text: string): RunnerLock {
  return {
    path,
    owner,
    async release(): Promise<void> {
      // Only remove the lock if it is still ours: if we were (wrongly) judged dead and taken
      // over, the file now belongs to the new runner.
      if ((await readText(path)) === text) await fs.rm(path, { force: true });
    },
  };
}
