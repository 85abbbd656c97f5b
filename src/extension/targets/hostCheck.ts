/**
 * Check Target and Add SSH Target: probe each host of a target through a short-lived master (the
 * SSH transport of src/core/launchers/ssh), and, for a host whose key is unknown, fetch its key and
 * fingerprint so the user can compare it before anything is written to known_hosts. No `vscode`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createControlDir, removeControlDir } from '../../core/launchers/ssh/sshArgs';
import { SshError, resolveHost, runCapture } from '../../core/launchers/ssh/sshErrors';
import { SshHost } from '../../core/launchers/ssh/sshHost';
import { probeHost, type HostProbe } from '../../core/launchers/ssh/probe';

export interface HostCheck {
  readonly host: string;
  readonly ok: boolean;
  readonly checkedAt: number;
  readonly ms: number;
  readonly probe?: HostProbe;
  /** What went wrong and the fix (ssh's own classification), when not ok. */
  readonly error?: { readonly kind: string; readonly message: string };
}

export interface CheckOptions {
  readonly configFile?: string;
  readonly sshPath?: string;
  readonly connectTimeoutSec?: number;
}

/** Opens a master to `host`, runs the probe, closes it; never throws. */
export async function checkHost(host: string, options: CheckOptions): Promise<HostCheck> {
  const started = Date.now();
  const controlDir = await createControlDir();
  const ssh = new SshHost(host, {
    controlDir,
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.sshPath !== undefined ? { sshPath: options.sshPath } : {}),
    connectTimeoutSec: options.connectTimeoutSec ?? 10,
  });
  try {
    await ssh.open();
    const probe = await probeHost(ssh);
    return { host, ok: true, checkedAt: Date.now(), ms: Date.now() - started, probe };
  } catch (error) {
    const kind = error instanceof SshError ? error.kind : 'other';
    const message = error instanceof Error ? error.message : String(error);
    return { host, ok: false, checkedAt: Date.now(), ms: Date.now() - started, error: { kind, message } };
  } finally {
    await ssh.close().catch(() => undefined);
    await removeControlDir(controlDir);
  }
}

/** A host's public keys as `ssh-keyscan` printed them, with their fingerprints and where they go. */
export interface ScannedHostKey {
  readonly host: string;
  readonly hostname: string;
  readonly port: number;
  /** known_hosts lines, exactly as they will be appended. */
  readonly lines: readonly string[];
  /** `SHA256:... (ED25519)` per key. */
  readonly fingerprints: readonly string[];
  readonly knownHostsFile: string;
}

/** Fetches the host's keys (ssh-keyscan) and their fingerprints (ssh-keygen -lf); undefined when it answers nothing. */
export async function scanHostKey(host: string, options: CheckOptions): Promise<ScannedHostKey | undefined> {
  const connection = { controlDir: '/nonexistent', ...(options.configFile !== undefined ? { configFile: options.configFile } : {}), ...(options.sshPath !== undefined ? { sshPath: options.sshPath } : {}) };
  const { hostname, port, knownHostsFile } = await resolveHost(host, connection);
  const scan = await runCapture('ssh-keyscan', ['-T', '5', '-p', String(port), hostname], undefined, 10_000);
  const lines = scan.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return undefined;
  const prints = (await runCapture('ssh-keygen', ['-lf', '-'], `${lines.join('\n')}\n`)).stdout.trim().split('\n');
  const fingerprints = prints.map((l) => l.split(' ')).map((f) => `${f[1] ?? ''} ${f[3] ?? ''}`.trim()).filter((l) => l !== '');
  const file = knownHostsFile.startsWith('~/') ? join(homedir(), knownHostsFile.slice(2)) : knownHostsFile;
  return { host, hostname, port, lines, fingerprints, knownHostsFile: file };
}

/** Appends the keys the user saw (not a fresh scan) to their known_hosts file. */
export function acceptHostKey(key: ScannedHostKey): void {
  mkdirSync(dirname(key.knownHostsFile), { recursive: true, mode: 0o700 });
  appendFileSync(key.knownHostsFile, `${key.lines.join('\n')}\n`, { mode: 0o600 });
}
