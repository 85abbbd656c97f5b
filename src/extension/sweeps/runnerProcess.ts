/**
 * Starting a sweep's runner as a detached process (`node dist/cli.js run|resume ...`), so it keeps
 * running when the VS Code window reloads or closes. Its output goes to `<sweep>/runner.log`.
 * No `vscode` import.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sanitizeName, sweepPaths } from '../../core/journal/layout';

export const RUNNER_LOG = 'runner.log';

/** How to start the runner: the CLI bundle and the JavaScript runtime that runs it. */
export interface RunnerCommand {
  readonly cliPath: string;
  /** Node (or the editor's own runtime with ELECTRON_RUN_AS_NODE). */
  readonly execPath: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface StartedRunner {
  readonly pid: number | undefined;
  /** Settles with the exit code if the runner ends while this process still lives. */
  readonly exited: Promise<number | null>;
}

/** A sweep name from the spec's `name`, else the file name without its YAML extensions. */
export function sweepNameFor(specName: string | undefined, specPath: string): string {
  return specName || basename(specPath).replace(/(\.sweep)?\.ya?ml$/i, '') || 'sweep';
}

/** A folder `<root>/<name>` not used by an earlier sweep (`<name>-2`, `-3`, ... otherwise). */
export function freshSweepFolder(root: string, name: string): { dir: string; name: string } {
  const base = sanitizeName(name);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const dir = join(root, candidate);
    if (!existsSync(sweepPaths(dir).journal) && !existsSync(join(dir, RUNNER_LOG))) return { dir, name: candidate };
  }
}

function spawnDetached(command: RunnerCommand, args: readonly string[], sweepDir: string, cwd: string): StartedRunner {
  mkdirSync(sweepDir, { recursive: true });
  const log = openSync(join(sweepDir, RUNNER_LOG), 'a');
  try {
    const child = spawn(command.execPath, [command.cliPath, ...args], {
      cwd,
      detached: true,
      stdio: ['ignore', log, log],
      // The editor's runtime is Electron in desktop VS Code: this makes it behave as plain Node.
      env: { ...(command.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
    });
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
    child.unref();
    return { pid: child.pid, exited };
  } finally {
    closeSync(log);
  }
}

/**
 * `hypersweep run SPEC --out DIR --name NAME [--metric-pattern RE] [--target NAME] [--targets FILE]
 * [--enqueue FILE] [--warm-start SRC]`, detached.
 */
export function startRunRunner(command: RunnerCommand, run: { specPath: string; sweepDir: string; name: string; metricPattern?: string; targetArgs?: readonly string[]; startArgs?: readonly string[] }): StartedRunner {
  const args = ['run', run.specPath, '--out', run.sweepDir, '--name', run.name];
  if (run.metricPattern) args.push('--metric-pattern', run.metricPattern);
  if (run.targetArgs) args.push(...run.targetArgs);
  if (run.startArgs) args.push(...run.startArgs);
  return spawnDetached(command, args, run.sweepDir, dirname(run.specPath));
}

/** `hypersweep resume DIR [--metric-pattern RE]`, detached. */
export function startResumeRunner(command: RunnerCommand, sweepDir: string, metricPattern?: string): StartedRunner {
  const args = ['resume', sweepDir];
  if (metricPattern) args.push('--metric-pattern', metricPattern);
  return spawnDetached(command, args, sweepDir, sweepDir);
}

/** `hypersweep extend DIR --max-trials N [--metric-pattern RE]`, detached. */
export function startExtendRunner(command: RunnerCommand, sweepDir: string, addTrials: number, metricPattern?: string): StartedRunner {
  const args = ['extend', sweepDir, '--max-trials', String(addTrials)];
  if (metricPattern) args.push('--metric-pattern', metricPattern);
  return spawnDetached(command, args, sweepDir, sweepDir);
}

/** The last lines of the runner's log, for an error message when it ends early. */
export function runnerLogTail(sweepDir: string, lines = 8): string {
  try {
    return readFileSync(join(sweepDir, RUNNER_LOG), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
