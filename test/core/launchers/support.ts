/**
 * Shared helpers for the launcher tests: temporary folders, fixture paths, and an independent
 * view of which processes are still running (through `ps`, not the code under test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Folder of the launcher fixtures (trial programs). */
export const fixtures = join(__dirname, '..', '..', 'fixtures', 'launchers');

/** A fresh temporary folder and a function that removes it. */
export function tempFolder(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'hypersweep-launchers-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Live (non-zombie) pids in session `sid`, as `ps` reports them. A trial started with
 * `detached: true` leads its own session and process group, both numbered by its pid. Zombies are
 * excluded: they have ended and only wait to be collected by whichever process adopted them.
 */
export function livePidsInSession(sid: number): number[] {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'pid=,stat=', '-g', String(sid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when nothing matches
  }
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 2 && !(fields[1] ?? '').startsWith('Z'))
    .map((fields) => Number(fields[0]));
}

/** Live (non-zombie) pids among `pids`, as `ps` reports them. */
export function livePids(pids: readonly number[]): number[] {
  if (pids.length === 0) return [];
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'pid=,stat=', '-p', pids.join(',')], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 2 && !(fields[1] ?? '').startsWith('Z'))
    .map((fields) => Number(fields[0]));
}

/**
 * Polls `condition` until it holds or `limitMs` passes, and returns its last value. Signals are
 * delivered asynchronously, so a killed process may be visible for a moment; this waits for the
 * outcome without asserting anything about how long it took.
 */
export async function eventually(condition: () => boolean, limitMs = 3000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** Kills leftover pids so a failing test does not leave processes behind. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Every `pid=<n>` line in a trial's output. */
export function reportedPids(output: string): number[] {
  return [...output.matchAll(/^pid=(\d+)$/gm)].map((match) => Number(match[1]));
}
