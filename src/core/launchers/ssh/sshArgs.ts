/**
 * Argument vectors for the system `ssh` client. HyperSweep always spawns `ssh` with an argv array
 * (never a local shell), non-interactive (`-T`, `BatchMode=yes`: a missing key or unknown host
 * fails at once instead of waiting on a hidden prompt), with keep-alives so a frozen host is
 * noticed, and with a ControlPath in a private folder so every command rides the host's one
 * multiplexed master connection.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** How to reach the hosts of one target with the system ssh client. */
export interface SshConnectionOptions {
  /** An ssh config file passed as `ssh -F` (default: the user's own `~/.ssh/config`). */
  readonly configFile?: string;
  /** The ssh program (default `ssh` from PATH). */
  readonly sshPath?: string;
  /** A short private folder (mode 700) holding the control sockets; see {@link createControlDir}. */
  readonly controlDir: string;
  /** `yes` (default) refuses unknown hosts; `accept-new` records a new host's key on first contact. */
  readonly strictHostKeyChecking?: 'yes' | 'accept-new';
  readonly connectTimeoutSec?: number;
  readonly serverAliveIntervalSec?: number;
  readonly serverAliveCountMax?: number;
}

/** Production defaults (remote-execution.md §4.2): a frozen host is noticed after 15 s x 4. */
export const SSH_DEFAULTS = { connectTimeoutSec: 10, serverAliveIntervalSec: 15, serverAliveCountMax: 4 } as const;

/** A host as the targets file writes it, split into what ssh takes: destination and port. */
export interface HostSpec {
  /** `alias`, `host` or `user@host`, as ssh's destination argument. */
  readonly destination: string;
  /** Set when the spec said `user@host:port` (ssh has no `host:port` syntax: it needs `-p`). */
  readonly port?: number;
}

/**
 * Splits `user@host:port`, `host:port` or `[v6addr]:port` into destination and port; anything
 * else (an alias, `user@host`, a bare IPv6 address) goes to ssh unchanged.
 */
export function parseHostSpec(spec: string): HostSpec {
  const bracketed = /^((?:[^@\s]+@)?)\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracketed) {
    const [, user = '', addr = '', port] = bracketed;
    return port === undefined ? { destination: `${user}${addr}` } : { destination: `${user}${addr}`, port: Number(port) };
  }
  const withPort = /^((?:[^@\s]+@)?[^:@\s]+):(\d+)$/.exec(spec);
  if (withPort) return { destination: withPort[1] ?? spec, port: Number(withPort[2]) };
  return { destination: spec };
}

/** Options every ssh invocation gets (before the destination). */
export function sshCommonArgs(host: string, options: SshConnectionOptions): string[] {
  const spec = parseHostSpec(host);
  const args: string[] = [];
  if (options.configFile !== undefined) args.push('-F', options.configFile);
  if (spec.port !== undefined) args.push('-p', String(spec.port));
  args.push(
    '-T',
    '-o', 'BatchMode=yes',
    '-o', `StrictHostKeyChecking=${options.strictHostKeyChecking ?? 'yes'}`,
    '-o', `ConnectTimeout=${options.connectTimeoutSec ?? SSH_DEFAULTS.connectTimeoutSec}`,
    '-o', `ServerAliveInterval=${options.serverAliveIntervalSec ?? SSH_DEFAULTS.serverAliveIntervalSec}`,
    '-o', `ServerAliveCountMax=${options.serverAliveCountMax ?? SSH_DEFAULTS.serverAliveCountMax}`,
    // %C is a hash of local host, remote host, port and user: one socket per destination, and a
    // path short enough for the 104-byte limit on unix socket names.
    '-o', `ControlPath=${join(options.controlDir, '%C')}`,
  );
  return args;
}

/** The master's own remote command: it ends when the master's stdin (a pipe from the runner) closes. */
export const MASTER_KEEPALIVE_COMMAND = 'exec cat >/dev/null';

/**
 * The master: `ssh -M` kept in the foreground as our child process, so its lifetime is ours (no
 * `ControlPersist` daemon) and its exit tells us the connection is gone. Not `-N`: its one session
 * reads the runner's stdin pipe, so if the runner dies without closing it the session sees EOF and
 * the master exits once its multiplexed sessions have ended, instead of living on as an orphan.
 */
export function masterArgs(host: string, options: SshConnectionOptions): string[] {
  return [...sshCommonArgs(host, options), '-M', '-o', 'ControlMaster=yes', '-o', 'ControlPersist=no', '-o', 'ExitOnForwardFailure=yes', parseHostSpec(host).destination, MASTER_KEEPALIVE_COMMAND];
}

/**
 * One remote command through the master. `ControlMaster=no` makes this a mux client; if the
 * master is gone ssh connects on its own, which keeps working at the cost of a new login.
 * `script` is one string, already quoted by the caller: ssh hands it to the remote login shell.
 */
export function execArgs(host: string, options: SshConnectionOptions, script: string): string[] {
  return [...sshCommonArgs(host, options), '-o', 'ControlMaster=no', parseHostSpec(host).destination, script];
}

/** A request to the running master: `-O check`, `-O exit`, `-O forward -R ...`, `-O cancel -R ...`. */
export function controlArgs(host: string, options: SshConnectionOptions, command: 'check' | 'exit' | 'forward' | 'cancel', extra: readonly string[] = []): string[] {
  return [...sshCommonArgs(host, options), '-O', command, ...extra, parseHostSpec(host).destination];
}

/** `ssh -G`: the client's resolved configuration for the host (no connection is made). */
export function resolveConfigArgs(host: string, options: SshConnectionOptions): string[] {
  return [...sshCommonArgs(host, options), '-G', parseHostSpec(host).destination];
}

/**
 * The `-e` value for rsync: the same ssh command line as one string. rsync splits it on spaces and
 * honours single quotes, so every word is single-quoted.
 */
export function rsyncRemoteShell(host: string, options: SshConnectionOptions): string {
  const words = [options.sshPath ?? 'ssh', ...sshCommonArgs(host, options), '-o', 'ControlMaster=no'];
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** A fresh private folder for control sockets, short (`/tmp/hs-XXXXXX`) for the socket name limit. */
export async function createControlDir(): Promise<string> {
  // Not os.tmpdir(): TMPDIR on macOS is long enough to push `<dir>/<40 hex chars>` past 104 bytes.
  return mkdtemp('/tmp/hs-');
}

/** Removes a folder made by {@link createControlDir} (after every master using it was closed). */
export async function removeControlDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
