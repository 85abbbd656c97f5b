/**
 * Helpers for the CLI tests: the bundled CLI is built once (when dist/cli.js is missing or older
 * than the engine and CLI sources) and run as a real process, `node bin/hypersweep.js ...`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'hypersweep.js');
const BUNDLE = join(ROOT, 'dist', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = statSync(path);
    newest = Math.max(newest, stats.isDirectory() ? newestSource(path) : stats.mtimeMs);
  }
  return newest;
}

function bundleIsFresh(): boolean {
  if (!existsSync(BUNDLE)) return false;
  const sources = Math.max(newestSource(join(ROOT, 'src', 'core')), newestSource(join(ROOT, 'src', 'cli')));
  return statSync(BUNDLE).mtimeMs >= sources;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds dist/cli.js if it is stale. Test files run in parallel processes, so the build runs under
 * a lock folder (mkdir is atomic): one file builds, the others wait and then see a fresh bundle.
 */
export async function ensureCliBuilt(): Promise<void> {
  const lock = join(tmpdir(), 'hypersweep-cli-test-build.lock');
  for (let waited = 0; ; waited += 100) {
    if (bundleIsFresh()) return;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a build that died is not fresh forever: take it after a minute.
      if (waited > 60_000) rmdirSync(lock);
      await sleep(100);
    }
  }
  try {
    if (bundleIsFresh()) return;
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (!bundleIsFresh()) {
      throw new Error(`building the CLI failed (exit ${String(build.status)}):\n${build.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A CLI process that is still running, with its output so far. */
export interface RunningCli {
  readonly child: ChildProcess;
  output(): string;
  readonly done: Promise<CliResult>;
}

/** Starts `hypersweep ...args` in `cwd` (stdio piped, no terminal). */
export function startCli(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => stdout + stderr, done };
}

/** Runs `hypersweep ...args` in `cwd` to the end. */
export function runCli(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, cwd, env).done;
}

/** Polls `condition` until it holds or `limitMs` passes; returns whether it held. */
export async function waitUntil(condition: () => boolean, limitMs = 10_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await sleep(25);
  }
  return true;
}
