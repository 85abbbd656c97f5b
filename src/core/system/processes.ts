/**
 * Low-level process facts and signals for trial processes: is a pid alive, when did it start (so a
 * recycled pid is never mistaken for our trial), who is in a process group, and how to kill a
 * whole group without tripping over processes that are already gone.
 *
 * Linux answers from /proc; elsewhere (macOS) the functions fall back to `kill(pid, 0)` and start
 * times are unknown (`undefined`), which callers must treat as "cannot prove it is ours".
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat that this module uses. */
interface ProcStat {
  /** One-letter state: R, S, D, Z (zombie), T, ... */
  readonly state: string;
  readonly processGroup: number;
  /** Field 22: start time in clock ticks after boot, kept as the decimal text from the kernel. */
  readonly startTime: string;
}

/**
 * Parses /proc/<pid>/stat. The second field (the command name) is in parentheses and may itself
 * contain spaces and parentheses, so the fixed fields are counted from the last `)`.
 */
function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After ")" come fields 3 (state), 4 (ppid), 5 (pgrp), ... so field N is at index N - 3.
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const state = rest[0];
  const processGroup = Number(rest[2]);
  const startTime = rest[19];
  if (state === undefined || startTime === undefined || !Number.isInteger(processGroup)) return undefined;
  return { state, processGroup, startTime };
}

function procAvailable(): boolean {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
}

function assertPid(value: number, what: string): void {
  // kill(0) and kill(-1) address the caller's own group or every process it may signal: a bad
  // pid must never reach process.kill as one of those.
  if (!Number.isSafeInteger(value) || value <= 1) {
    throw new RangeError(`${what} must be an integer greater than 1, got ${String(value)}`);
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * True when a process with this pid exists and is not a zombie (a zombie has finished; it only
 * waits for its parent to collect the exit status). A process we may not signal (EPERM) exists.
 */
export function isProcessAlive(pid: number): boolean {
  assertPid(pid, 'pid');
  const stat = readProcStat(pid);
  if (stat !== undefined) return stat.state !== 'Z';
  if (procAvailable()) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/**
 * The kernel's start time of a process (field 22 of /proc/<pid>/stat, clock ticks after boot), as
 * text. A pid and its start time together name one process for the life of the machine: a pid
 * reused by a later process has a different start time. `undefined` when the process does not
 * exist or the platform has no /proc.
 */
export function processStartTime(pid: number): string | undefined {
  assertPid(pid, 'pid');
  return readProcStat(pid)?.startTime;
}

/**
 * Pids of the live (non-zombie) members of process group `pgid`, read from /proc. `undefined`
 * when /proc is unavailable, so callers can fall back to {@link processGroupExists}.
 */
export function listProcessGroup(pgid: number): number[] | undefined {
  assertPid(pgid, 'process group id');
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readProcStat(pid);
    if (stat !== undefined && stat.processGroup === pgid && stat.state !== 'Z') members.push(pid);
  }
  return members;
}

/** True while any live process remains in group `pgid`. */
export function processGroupExists(pgid: number): boolean {
  const members = listProcessGroup(pgid);
  if (members !== undefined) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/**
 * Sends `signal` to every process in group `pgid`. Returns false when the group no longer exists
 * (ESRCH), which is the normal outcome of racing a trial that is exiting anyway; other failures
 * (EPERM: the group belongs to someone else) are thrown.
 */
export function killProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  assertPid(pgid, 'process group id');
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false;
    throw error;
  }
}

/** What {@link reapOrphanedGroup} found and did. */
export type ReapOutcome =
  /** Nothing of that trial is running any more. */
  | 'gone'
  /** The pid now belongs to a different process (its start time differs): left alone. */
  | 'not-ours'
  /** The trial's group was running and has been killed. */
  | 'killed';

/** Options for {@link reapOrphanedGroup}. */
export interface ReapOptions {
  /** Time between SIGTERM and SIGKILL, so a trial can save a checkpoint. Default 5000 ms. */
  readonly graceMs?: number;
}

const POLL_MS = 50;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForGroupGone(pgid: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (!processGroupExists(pgid)) return true;
    await sleep(POLL_MS);
  }
  return !processGroupExists(pgid);
}

/**
 * Used by `resume` after a runner crash: kills what is left of a trial that was launched as group
 * leader `pid` with start time `startTime` (both from the journal). Such a trial lost its output
 * pipe with the runner, so it cannot report any more and is re-run instead.
 *
 * Safety against pid reuse: if the leader is alive, its start time must equal `startTime`. If the
 * leader is gone but its group lives on, every member must have started no earlier than the
 * leader did (members are forked after their leader), otherwise the group is not touched.
 * SIGTERM goes first, SIGKILL after the grace period.
 */
export async function reapOrphanedGroup(pid: number, startTime: string, options: ReapOptions = {}): Promise<ReapOutcome> {
  assertPid(pid, 'pid');
  if (!/^\d+$/.test(startTime)) {
    throw new RangeError(`start time must be the decimal tick count from /proc/<pid>/stat, got ${JSON.stringify(startTime)}`);
  }
  const graceMs = options.graceMs ?? 5000;
  const leaderStart = processStartTime(pid);
  if (leaderStart !== undefined && isProcessAlive(pid)) {
    if (leaderStart !== startTime) return 'not-ours';
  } else {
    const members = listProcessGroup(pid);
    if (members !== undefined) {
      if (members.length === 0) return 'gone';
      const recorded = BigInt(startTime);
      const olderThanLeader = members.some((member) => {
        const memberStart = processStartTime(member);
        return memberStart !== undefined && BigInt(memberStart) < recorded;
      });
      if (olderThanLeader) return 'not-ours';
    } else if (!processGroupExists(pid)) {
      return 'gone';
    }
  }
  if (!killProcessGroup(pid, 'SIGTERM')) return 'gone';
  if (!(await waitForGroupGone(pid, Date.now() + graceMs))) {
    killProcessGroup(pid, 'SIGKILL');
    await waitForGroupGone(pid, Date.now() + 2000);
  }
  return 'killed';
}

/** A live process found by {@link findProcessesByEnvironment}. */
export interface MarkedProcess {
  readonly pid: number;
  readonly processGroup: number;
  /** Kernel start time (see {@link processStartTime}): with the pid, names this one process. */
  readonly startTime: string;
  /** The values of the asked-for variables that the process has. */
  readonly environment: Readonly<Record<string, string>>;
}

/** The variables `names` from /proc/<pid>/environ (the environment the process was started with). */
function readEnvironment(pid: number, names: readonly string[]): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return undefined; // gone, or another user's process: not ours either way
  }
  const found: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq) : '';
    if (names.includes(name)) found[name] = entry.slice(eq + 1);
  }
  return found;
}

/**
 * Live processes of this user (never this process) whose start environment has `marker` with a
 * value `accept` takes, with the variables `names` (marker included) they have. A trial's whole
 * tree carries the variables it was started with, so this finds a trial's processes even when
 * nobody knows their pids. `undefined` when the platform has no /proc.
 */
export function findProcessesByEnvironment(marker: string, accept: (value: string) => boolean, names: readonly string[] = []): MarkedProcess[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const wanted = [marker, ...names];
  const found: MarkedProcess[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const pid = Number(entry);
    const environment = readEnvironment(pid, wanted);
    const value = environment?.[marker];
    if (environment === undefined || value === undefined || !accept(value)) continue;
    const stat = readProcStat(pid);
    if (stat === undefined || stat.state === 'Z') continue;
    found.push({ pid, processGroup: stat.processGroup, startTime: stat.startTime, environment });
  }
  return found;
}

/** True while `target` (that pid with that start time) is alive: a recycled pid does not count. */
function stillRunning(target: MarkedProcess): boolean {
  const stat = readProcStat(target.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.startTime === target.startTime;
}

function signalMarked(target: MarkedProcess, leaders: ReadonlySet<number>, signal: NodeJS.Signals): void {
  if (!stillRunning(target)) return;
  try {
    // Its group's leader is one of them: the group goes at once, with anything it forked since.
    if (leaders.has(target.processGroup) && target.processGroup !== process.pid) killProcessGroup(target.processGroup, signal);
    else process.kill(target.pid, signal);
  } catch (error) {
    if (errorCode(error) !== 'ESRCH') throw error;
  }
}

/**
 * Ends processes found by {@link findProcessesByEnvironment}: SIGTERM, then SIGKILL for those
 * still running after `graceMs` (default 5000). A process whose group leader is among them is
 * ended with its whole group; a pid reused meanwhile by another process is never signalled.
 */
export async function endMarkedProcesses(targets: readonly MarkedProcess[], options: ReapOptions = {}): Promise<void> {
  if (targets.length === 0) return;
  const leaders = new Set(targets.filter((t) => t.processGroup === t.pid).map((t) => t.pid));
  for (const target of targets) signalMarked(target, leaders, 'SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 5000);
  while (targets.some(stillRunning) && Date.now() < deadline) await sleep(POLL_MS);
  for (const target of targets) signalMarked(target, leaders, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (targets.some(stillRunning) && Date.now() < killDeadline) await sleep(POLL_MS);
}
