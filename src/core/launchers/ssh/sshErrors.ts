/**
 * What went wrong when ssh itself failed (exit status 255 with its own message on stderr), as one
 * sentence that names the host and one fix. The kinds are the failures users actually meet with a
 * thin-SSH tool: unknown or changed host key, key not accepted, host unreachable, host silent.
 */
import { spawn } from 'node:child_process';
import { resolveConfigArgs, type SshConnectionOptions } from './sshArgs';

export type SshErrorKind = 'host-key-unknown' | 'host-key-changed' | 'auth' | 'unreachable' | 'timeout' | 'missing-tool' | 'other';

/** An ssh failure the user can act on: `message` says what happened on which host, `fix` what to do. */
export class SshError extends Error {
  readonly host: string;
  readonly kind: SshErrorKind;
  readonly fix: string;
  /** ssh's own last lines, for the details pane / log. */
  readonly detail: string;
  constructor(host: string, kind: SshErrorKind, message: string, fix: string, detail = '') {
    super(`${message} ${fix}`);
    this.name = 'SshError';
    this.host = host;
    this.kind = kind;
    this.fix = fix;
    this.detail = detail;
  }
}

/** The last meaningful lines of ssh's stderr (it pads host-key warnings with banners of `@`). */
export function sshStderrSummary(stderr: string): string {
  const lines = stderr.replaceAll('\r', '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^@+/.test(l));
  return lines.slice(-3).join(' ');
}

/**
 * Classifies a failed ssh run. Returns undefined when the failure is not ssh's own (any exit
 * status but 255 is the remote command's; 255 with none of ssh's messages may be the command's too).
 */
export function classifySshFailure(host: string, code: number | null, stderr: string): SshError | undefined {
  if (code !== 255) return undefined;
  const s = stderr.replaceAll('\r', '');
  const detail = sshStderrSummary(s);
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(s)) {
    const line = /Offending \S+ key in (\S+):(\d+)/.exec(s);
    const where = line ? `${line[1]} line ${line[2]}` : 'your known_hosts file';
    return new SshError(host, 'host-key-changed',
      `The host key of ${host} has changed since it was recorded in ${where}: the machine was reinstalled, or someone is intercepting the connection.`,
      `If the change is expected, remove the old key with \`ssh-keygen -R ${knownHostsName(host, s)}\` and connect once to record the new one.`, detail);
  }
  if (/No \S+ host key is known for|Host key verification failed/i.test(s)) {
    return new SshError(host, 'host-key-unknown',
      `The host key of ${host} is not in your known_hosts file, and HyperSweep does not trust unknown hosts silently.`,
      `Check the fingerprint and accept it by connecting once with \`ssh ${host}\`, or set \`StrictHostKeyChecking accept-new\` for this host in your ssh config.`, detail);
  }
  if (/Permission denied \(|Too many authentication failures|Load key .*: (?:invalid format|bad permissions)|no such identity/i.test(s)) {
    return new SshError(host, 'auth',
      `${host} did not accept any of your keys (${detail}).`,
      `Run \`ssh-copy-id ${host}\` (or add your public key to ~/.ssh/authorized_keys there); a passphrase-protected key must be loaded in ssh-agent (\`ssh-add\`), because HyperSweep never prompts.`, detail);
  }
  if (/Connection timed out|Operation timed out|Timeout, server .* not responding|timed out during banner exchange/i.test(s)) {
    return new SshError(host, 'timeout',
      `${host} did not answer in time (${detail}).`,
      'Check that the machine is up and reachable from here (VPN, firewall, ProxyJump in your ssh config).', detail);
  }
  if (/Could not resolve hostname|Name or service not known|nodename nor servname|Temporary failure in name resolution/i.test(s)) {
    return new SshError(host, 'unreachable',
      `The name ${host} does not resolve to an address (${detail}).`,
      'Check the spelling, or define it as a Host alias with a HostName in your ssh config.', detail);
  }
  if (/Connection refused|No route to host|Network is unreachable|Connection reset|Connection closed by|kex_exchange_identification/i.test(s)) {
    return new SshError(host, 'unreachable',
      `Could not connect to ${host} (${detail}).`,
      'Check that sshd runs there and that the port is right (`Port` in your ssh config or `user@host:port`).', detail);
  }
  return /^ssh:|^\S+: /m.test(s) ? new SshError(host, 'other', `ssh to ${host} failed (${detail}).`, `Run \`ssh -v ${host} true\` to see why.`, detail) : undefined;
}

/** The name ssh printed for the host in its message (e.g. `[127.0.0.2]:2222`), else the host. */
function knownHostsName(host: string, stderr: string): string {
  const m = /Host key for (\S+) has changed|known for (\S+) and you have requested/.exec(stderr);
  return m?.[1] ?? m?.[2] ?? host;
}

/** Runs a program, collects its output; never rejects (spawn errors come back as code null). */
export function runCapture(program: string, args: readonly string[], input?: string, timeoutMs = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Host name, port and known_hosts files ssh would use for `host` (`ssh -G`). */
export async function resolveHost(host: string, options: SshConnectionOptions): Promise<{ hostname: string; port: number; knownHostsFile: string }> {
  const { stdout } = await runCapture(options.sshPath ?? 'ssh', resolveConfigArgs(host, options));
  const get = (key: string): string | undefined => new RegExp(`^${key} (.*)$`, 'm').exec(stdout)?.[1]?.trim();
  return {
    hostname: get('hostkeyalias') ?? get('hostname') ?? host,
    port: Number(get('port') ?? '22'),
    knownHostsFile: (get('userknownhostsfile') ?? '~/.ssh/known_hosts').split(' ')[0] ?? '~/.ssh/known_hosts',
  };
}

/**
 * Turns a bare "unknown host key" error into one that shows the key's fingerprints (fetched with
 * `ssh-keyscan`, hashed with `ssh-keygen -lf -`) and the exact command that records the key, so
 * the user can compare them with what the host's admin says before trusting it.
 */
export async function explainUnknownHostKey(error: SshError, options: SshConnectionOptions): Promise<SshError> {
  if (error.kind !== 'host-key-unknown') return error;
  const { hostname, port, knownHostsFile } = await resolveHost(error.host, options);
  const scan = await runCapture('ssh-keyscan', ['-T', '5', '-p', String(port), hostname], undefined, 10_000);
  const keys = scan.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).join('\n');
  const prints = keys === '' ? '' : (await runCapture('ssh-keygen', ['-lf', '-'], `${keys}\n`)).stdout.trim();
  const fingerprints = prints.split('\n').map((l) => l.split(' ').filter((_, i) => i === 1 || i === 3).join(' ').trim()).filter((l) => l !== '');
  const portArg = port === 22 ? '' : `-p ${port} `;
  const file = knownHostsFile.startsWith(`${process.env['HOME'] ?? '~'}/`) ? knownHostsFile.replace(process.env['HOME'] ?? '~', '~') : knownHostsFile;
  const seen = fingerprints.length > 0 ? ` It presents ${fingerprints.join(', ')}.` : '';
  return new SshError(error.host, 'host-key-unknown',
    `The host key of ${error.host} (${hostname} port ${port}) is not in ${file}, and HyperSweep does not trust unknown hosts silently.${seen}`,
    `If that fingerprint is the host's, accept it with \`ssh-keyscan ${portArg}${hostname} >> ${file}\` (or set \`StrictHostKeyChecking accept-new\` for this host in your ssh config).`,
    error.detail);
}
