/**
 * The small POSIX sh program that runs trials on an SSH host (uploaded once per host as
 * `<work_root>/bin/hs-trial-<hash>.sh`; the hash of its text is in the name, so a changed script is
 * a new file and trials started by an older one keep theirs). It needs only a POSIX shell (dash or
 * bash), `setsid`, and the usual tools (`tail -c`, `head -c`, `wc`, `stat -c`, `tar`).
 *
 * A trial folder holds what the launcher wrote, every value quoted (see {@link trialFiles}):
 * `control.sh` (cwd, setup line, lease file and TTL), `env.sh` (`export NAME='value'` lines) and
 * `argv.sh` (`set -- 'program' 'arg' ...`). The supervisor writes `pid` (`PID STARTTIME`, field 22 of
 * /proc/PID/stat, so a recycled pid is never taken for the trial), `stdout.log`, `stderr.log`, and at
 * the end `exit` (`RC`, or `RC lease` when the lease watchdog ended it), written atomically.
 *
 * Commands:
 * - `start DIR`: starts the trial detached (its own session, so no ssh disconnect reaches it) and
 *   prints `PID STARTTIME`.
 * - `stop DIR SIGNAL`: signals the trial's process group, only if the pid is still that trial.
 * - `status DIR`: `exit RC...`, `alive PID START` or `gone`.
 * - `follow DIR OUT ERR`: streams output past the byte offsets OUT and ERR as frames
 *   (`O len\n<bytes>`, `E len\n<bytes>`), a keep-alive `K` now and then (so the loop ends by SIGPIPE
 *   soon after its connection is gone), and at the end, once both logs are drained, an optional
 *   `T len\n<tar of outputs/>` and `X RC...`; `G` when the trial vanished without an exit status.
 *   One ssh session carries both streams, so a host with 8 trials uses 8 sessions, not 16.
 */
import { createHash } from 'node:crypto';
import { quoteForPosixShell } from '../../shell/quote';

/** The supervisor's text. Kept dash-safe: `kill -TERM -PID` (dash rejects `kill -- -PID`), no `local`, no arrays. */
export const SUPERVISOR_SCRIPT = `#!/bin/sh
# HyperSweep trial supervisor, uploaded by the SSH launcher (the file name carries a hash of this text).
set -u
set -f
me=$0
cmd=\${1:-}
[ $# -gt 0 ] && shift

# ours PID START: PID is alive (not a zombie) and started at START (field 22 of /proc/PID/stat).
ours() {
  want=$2
  { read -r s <"/proc/$1/stat"; } 2>/dev/null || return 1
  s=\${s##*) }
  set -- $s
  [ $# -ge 20 ] && [ "$1" != Z ] && [ "$1" != X ] && [ "\${20}" = "$want" ]
}
starttime() {
  { read -r s <"/proc/$1/stat"; } 2>/dev/null || return 1
  s=\${s##*) }
  set -- $s
  [ $# -ge 20 ] && printf '%s\\n' "\${20}"
}
readpid() {
  pid= start=
  [ -s "$1/pid" ] && read -r pid start <"$1/pid"
  [ -n "$pid" ]
}
size() {
  n=$(wc -c <"$1" 2>/dev/null) || n=0
  echo $((n + 0))
}
mtime() {
  stat -c %Y "$1" 2>/dev/null || stat -f %m "$1" 2>/dev/null || echo 0
}

case $cmd in
start)
  dir=$1
  rm -f "$dir/pid" "$dir/pid.tmp" "$dir/exit" "$dir/exit.tmp" "$dir/killed"
  : >>"$dir/stdout.log"
  : >>"$dir/stderr.log"
  setsid sh "$me" supervise "$dir" </dev/null >>"$dir/supervisor.log" 2>&1 &
  i=0
  while [ ! -s "$dir/pid" ]; do
    i=$((i + 1))
    if [ "$i" -gt 400 ]; then
      echo "the trial did not start within 20 s: $(tail -c 400 "$dir/supervisor.log" 2>/dev/null)" >&2
      exit 1
    fi
    sleep 0.05
  done
  cat "$dir/pid"
  ;;
supervise)
  dir=$1
  . "$dir/control.sh"
  trap '' HUP
  # A non-interactive sh runs a & job in the shell's own process group, so setsid(1) execs in place:
  # $! is the trial's pid and also its session and process-group id. The trial's own shell reads
  # env.sh, enters the code snapshot, runs the setup line, then execs the argv (same pid).
  setsid sh -c '
    . "$1/env.sh"
    . "$1/control.sh"
    cd "$hs_cwd" || { echo "hypersweep: cannot enter the code folder $hs_cwd" >&2; exit 126; }
    if [ -n "$hs_setup" ]; then
      command -v source >/dev/null 2>&1 || source() { . "$1"; }
      eval "$hs_setup" || { rc=$?; echo "hypersweep: the setup line failed with status $rc: $hs_setup" >&2; exit 126; }
    fi
    . "$1/argv.sh"
    exec "$@"' hs-trial "$dir" </dev/null >>"$dir/stdout.log" 2>>"$dir/stderr.log" &
  pid=$!
  start=$(starttime "$pid") || start=0
  echo "$pid $start" >"$dir/pid.tmp" && mv -f "$dir/pid.tmp" "$dir/pid"
  wd=
  if [ "$hs_ttl" -gt 0 ]; then
    (
      while kill -0 "$pid" 2>/dev/null; do
        age=$(($(date +%s) - $(mtime "$hs_lease")))
        if [ "$age" -gt "$hs_ttl" ]; then
          echo "lease $hs_lease not renewed for $age s" >"$dir/killed"
          kill -TERM "-$pid" 2>/dev/null
          i=0
          while [ "$i" -lt 5 ] && kill -0 "$pid" 2>/dev/null; do sleep 1; i=$((i + 1)); done
          kill -KILL "-$pid" 2>/dev/null
          exit 0
        fi
        sleep 1
      done
    ) &
    wd=$!
  fi
  wait "$pid"
  rc=$?
  [ -n "$wd" ] && kill "$wd" 2>/dev/null
  # Whatever the trial left in its group ends with it, as on the local target.
  kill -KILL "-$pid" 2>/dev/null
  why=
  [ -f "$dir/killed" ] && why=' lease'
  echo "$rc$why" >"$dir/exit.tmp" && mv -f "$dir/exit.tmp" "$dir/exit"
  ;;
stop)
  dir=$1 sig=$2
  case $sig in TERM | KILL | INT) ;; *) echo "unknown signal $sig" >&2; exit 2 ;; esac
  [ -f "$dir/exit" ] && exit 0
  readpid "$dir" || exit 0
  ours "$pid" "$start" || exit 0
  kill "-$sig" "-$pid" 2>/dev/null
  exit 0
  ;;
status)
  dir=$1
  for attempt in 1 2; do
    if [ -f "$dir/exit" ]; then echo "exit $(cat "$dir/exit")"; exit 0; fi
    if readpid "$dir" && ours "$pid" "$start"; then echo "alive $pid $start"; exit 0; fi
    # The supervisor writes the exit file just after the trial ends: look once more.
    [ "$attempt" = 1 ] && sleep 0.5
  done
  echo gone
  ;;
follow)
  dir=$1 o=$2 e=$3
  readpid "$dir" || { echo G; exit 0; }
  misses=0 beat=0
  while :; do
    fin=0
    [ -f "$dir/exit" ] && fin=1
    n=$(size "$dir/stdout.log")
    if [ "$n" -gt "$o" ]; then
      printf 'O %s\\n' $((n - o))
      tail -c +$((o + 1)) "$dir/stdout.log" | head -c $((n - o))
      o=$n beat=0
    fi
    n=$(size "$dir/stderr.log")
    if [ "$n" -gt "$e" ]; then
      printf 'E %s\\n' $((n - e))
      tail -c +$((e + 1)) "$dir/stderr.log" | head -c $((n - e))
      e=$n beat=0
    fi
    if [ "$fin" = 1 ]; then
      if [ -n "$(ls -A "$dir/outputs" 2>/dev/null)" ]; then
        tar -cf "$dir/outputs.tar" -C "$dir" outputs 2>/dev/null && {
          printf 'T %s\\n' "$(size "$dir/outputs.tar")"
          cat "$dir/outputs.tar"
        }
        rm -f "$dir/outputs.tar"
      fi
      echo "X $(cat "$dir/exit")"
      exit 0
    fi
    if ours "$pid" "$start"; then misses=0; else
      misses=$((misses + 1))
      [ "$misses" -ge 12 ] && { echo G; exit 0; }
    fi
    beat=$((beat + 1))
    [ "$beat" -ge 20 ] && { echo K; beat=0; }
    sleep 0.25
  done
  ;;
*)
  echo "usage: $me start|stop|status|follow TRIAL_DIR ..." >&2
  exit 2
  ;;
esac
`;

/** Short content hash of {@link SUPERVISOR_SCRIPT}, part of its remote file name. */
export const SUPERVISOR_HASH = createHash('sha256').update(SUPERVISOR_SCRIPT, 'utf8').digest('hex').slice(0, 12);

/** Remote path of the supervisor under a host's work root (an absolute path). */
export function supervisorPath(workRoot: string): string {
  return `${workRoot}/bin/hs-trial-${SUPERVISOR_HASH}.sh`;
}

/** A shell command line that runs the supervisor with `args`, each quoted. */
export function supervisorCommand(workRoot: string, command: 'start' | 'stop' | 'status' | 'follow', args: readonly string[]): string {
  return ['sh', supervisorPath(workRoot), command, ...args].map((word, index) => (index === 0 ? word : quoteForPosixShell(word))).join(' ');
}

/** A script that installs the supervisor (from stdin) unless that version is already there. */
export function installSupervisorCommand(workRoot: string): string {
  const path = quoteForPosixShell(supervisorPath(workRoot));
  const bin = quoteForPosixShell(`${workRoot}/bin`);
  return `if [ -s ${path} ]; then cat >/dev/null; else mkdir -p ${bin} && cat >${path}.tmp && mv -f ${path}.tmp ${path}; fi`;
}

/** What the supervisor needs to run one trial. */
export interface TrialSpec {
  /** Program and arguments, run without a shell after the setup line. */
  readonly argv: readonly string[];
  /** Remote working directory (inside the code snapshot). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The target's setup line (run in the trial's shell before the program), or undefined. */
  readonly setup: string | undefined;
  /** Remote lease file the runner touches; the trial ends when it is older than `leaseTtlSec`. */
  readonly leaseFile: string;
  /** 0 = no lease. */
  readonly leaseTtlSec: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The contents of a trial folder's `control.sh`, `env.sh` and `argv.sh`. Every value goes through
 * {@link quoteForPosixShell}; a variable name that is not a shell identifier is refused (it could
 * not be exported, and it must never reach a shell as code).
 */
export function trialFiles(spec: TrialSpec): { readonly 'control.sh': string; readonly 'env.sh': string; readonly 'argv.sh': string } {
  const bad = Object.keys(spec.env).filter((name) => !ENV_NAME.test(name));
  if (bad.length > 0) {
    throw new Error(`environment variable name(s) ${bad.map((name) => JSON.stringify(name)).join(', ')} cannot be passed to a remote shell: use letters, digits and _ only`);
  }
  if (spec.argv.length === 0 || spec.argv[0] === '') throw new Error('the trial command is empty');
  if (!Number.isSafeInteger(spec.leaseTtlSec) || spec.leaseTtlSec < 0) throw new RangeError(`lease TTL must be a whole number of seconds, got ${spec.leaseTtlSec}`);
  const control = [
    `hs_cwd=${quoteForPosixShell(spec.cwd)}`,
    `hs_setup=${quoteForPosixShell(spec.setup ?? '')}`,
    `hs_lease=${quoteForPosixShell(spec.leaseFile)}`,
    `hs_ttl=${spec.leaseTtlSec}`,
    '',
  ].join('\n');
  const env = Object.entries(spec.env)
    .map(([name, value]) => `export ${name}=${quoteForPosixShell(value)}\n`)
    .join('');
  const argv = `set -- ${spec.argv.map(quoteForPosixShell).join(' ')}\n`;
  return { 'control.sh': control, 'env.sh': env, 'argv.sh': argv };
}

/**
 * A script (sent on stdin, read by `sh -s`) that creates `dir` and writes `files` into it, private
 * to the user (env values may be secrets). Contents travel as quoted printf arguments, so no
 * value is ever read as code.
 */
export function writeFilesScript(dir: string, files: Readonly<Record<string, string>>, extraDirs: readonly string[] = []): string {
  const lines = ['umask 077', `mkdir -p ${[dir, ...extraDirs].map(quoteForPosixShell).join(' ')} || exit 1`];
  for (const [name, content] of Object.entries(files)) {
    lines.push(`printf '%s' ${quoteForPosixShell(content)} >${quoteForPosixShell(`${dir}/${name}`)} || exit 1`);
  }
  return `${lines.join('\n')}\n`;
}
