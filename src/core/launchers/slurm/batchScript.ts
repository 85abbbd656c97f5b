/**
 * What HyperSweep writes to the shared folder for Slurm: one wrapper batch script per sweep, and per
 * trial an environment file and a command file. Values never travel through `sbatch --export`
 * (commas and spaces would break it): every value is written into a file, quoted by
 * quoteForPosixShell, and the wrapper sources it. The wrapper writes the trial's exit status to an
 * `exit` file atomically (write, then rename), so the runner reads either nothing or the whole
 * number, even when it reads while the job ends.
 */
import { quoteForPosixShell } from '../../shell/quote';
import type { SlurmTarget } from '../../targets/model';

/** Variable names a POSIX shell accepts; other names cannot be exported and are left out. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `export NAME='value'` lines for every variable, after `unset` of the names in `unset` (the job
 * starts from the submitting environment, which may hold values that must not reach the trial).
 */
export function envFileText(env: Readonly<Record<string, string>>, unset: readonly string[] = []): string {
  const lines = ['# HyperSweep: this trial\'s environment, sourced by the batch wrapper.'];
  const names = unset.filter((name) => NAME.test(name));
  if (names.length > 0) lines.push(`unset ${names.join(' ')}`);
  for (const [name, value] of Object.entries(env)) {
    if (NAME.test(name)) lines.push(`export ${name}=${quoteForPosixShell(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The command file: the folder to run in and the argv, each word quoted. */
export function commandFileText(cwd: string, argv: readonly string[]): string {
  return [
    '# HyperSweep: where and what this trial runs, sourced by the batch wrapper.',
    `HS_CWD=${quoteForPosixShell(cwd)}`,
    `set -- ${argv.map(quoteForPosixShell).join(' ')}`,
    '',
  ].join('\n');
}

/** The target's `setup:` line as a file the wrapper sources (empty when there is none). */
export function setupFileText(setup: string | undefined): string {
  return `# HyperSweep: the target's setup line, run before every trial.\n${setup ?? ''}\n`;
}

/**
 * The batch script. Runs the trial as a child and waits, so a TERM from `scancel` or the time limit
 * is passed on and the exit file still says what happened (143). The trial's own exit status is
 * the job's, so `scontrol`/`sacct` agree with the exit file.
 */
export const WRAPPER_SCRIPT = `#!/bin/sh
# HyperSweep trial wrapper: sources the trial's env, the target's setup line and the command,
# runs it, and writes the exit status atomically to $HYPERSWEEP_TRIAL_DIR/exit.
d=$HYPERSWEEP_TRIAL_DIR
finish() {
  printf '%s\\n' "$1" >"$d/exit.tmp" && mv -f "$d/exit.tmp" "$d/exit"
  exit "$1"
}
child=
on_term() {
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi
  finish 143
}
trap on_term TERM INT
. "$d/env.sh" || { echo "[hypersweep] cannot read $d/env.sh" >&2; finish 125; }
. "$d/setup.sh" || { echo "[hypersweep] the target's setup line failed" >&2; finish 125; }
. "$d/command.sh" || { echo "[hypersweep] cannot read $d/command.sh" >&2; finish 125; }
cd "$HS_CWD" || { echo "[hypersweep] cannot enter the code folder $HS_CWD from node $(hostname)" >&2; finish 125; }
unset HS_CWD
"$@" &
child=$!
wait "$child"
rc=$?
child=
finish "$rc"
`;

/** Minutes for `--time`: the trial timeout plus a margin, so HyperSweep's own stop comes first. */
export function timeLimitMinutes(trialTimeoutSec: number): number {
  return Math.ceil((trialTimeoutSec + Math.max(60, trialTimeoutSec * 0.1)) / 60);
}

export interface SbatchParts {
  readonly target: SlurmTarget;
  readonly jobName: string;
  readonly trialDir: string;
  readonly wrapperPath: string;
  readonly trialTimeoutSec?: number;
}

/** The sbatch arguments for one trial (no shell: each is one argv word). */
export function sbatchArgs(parts: SbatchParts): string[] {
  const { target } = parts;
  const args = [
    '--parsable',
    `--job-name=${parts.jobName}`,
    `--output=${parts.trialDir}/stdout.log`,
    `--error=${parts.trialDir}/stderr.log`,
    '--open-mode=append',
    // HyperSweep, not Slurm, decides re-runs: the same semantics as the SSH pool.
    '--no-requeue',
    `--chdir=${parts.trialDir}`,
    // ALL (sbatch's default): the job starts from the submitting environment, with the trial's own
    // values sourced from env.sh on top. NONE makes slurmd build a login environment on the node
    // (--get-user-env, a login shell), which cost 3-6 s per job on the test cluster.
    `--export=ALL,HYPERSWEEP_TRIAL_DIR=${parts.trialDir}`,
  ];
  if (target.partition !== undefined) args.push(`--partition=${target.partition}`);
  if (target.gres !== undefined) args.push(`--gres=${target.gres}`);
  if (target.cpus_per_trial !== undefined) args.push(`--cpus-per-task=${target.cpus_per_trial}`);
  if (target.mem !== undefined) args.push(`--mem=${target.mem}`);
  if (parts.trialTimeoutSec !== undefined && parts.trialTimeoutSec > 0) args.push(`--time=${timeLimitMinutes(parts.trialTimeoutSec)}`);
  args.push(...target.sbatch_args, parts.wrapperPath);
  return args;
}
