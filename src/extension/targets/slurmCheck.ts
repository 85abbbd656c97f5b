/**
 * Check Target for a Slurm target: asks the cluster (on this machine, or on the login node over
 * SSH like the runner does) for its partition's state (`sinfo`) and the user's jobs (`squeue
 * --me`), for the Targets view. Never throws: a failure is a check with its error and the fix.
 * No `vscode` import.
 */
import { createControlDir, removeControlDir } from '../../core/launchers/ssh/sshArgs';
import { LocalLogin, type LoginNode } from '../../core/launchers/slurm/loginNode';
import { SshLogin } from '../../core/launchers/slurm/sshLogin';
import type { SlurmTarget } from '../../core/targets/model';

/** One partition as sinfo reports it: availability and nodes per state. */
export interface PartitionState {
  readonly name: string;
  /** The cluster's default partition (sinfo marks it with `*`). */
  readonly isDefault: boolean;
  /** `up`, `down`, `drain`, `inact`. */
  readonly availability: string;
  readonly nodes: number;
  /** Nodes per state (`idle`, `mixed`, `allocated`, `down*`, ...), most first. */
  readonly byState: readonly (readonly [string, number])[];
}

export interface SlurmCheck {
  readonly target: string;
  readonly ok: boolean;
  readonly checkedAt: number;
  readonly ms: number;
  /** The target's partition (or every partition when the target names none). */
  readonly partitions?: readonly PartitionState[];
  /** The user's jobs in the whole queue (not only HyperSweep's). */
  readonly myJobs?: { readonly running: number; readonly pending: number };
  readonly error?: string;
}

/** The sinfo format: partition, availability, node count, node state; one line per partition and state. */
export const SINFO_FORMAT = '%P|%a|%D|%T';

/** Parses `sinfo -h -o '%P|%a|%D|%T'`. */
export function parseSinfo(text: string): PartitionState[] {
  const parts = new Map<string, { isDefault: boolean; availability: string; byState: Map<string, number> }>();
  for (const line of text.split('\n')) {
    const [rawName = '', availability = '', count = '', state = ''] = line.trim().split('|');
    if (rawName === '' || !/^\d+$/.test(count)) continue;
    const name = rawName.replace(/\*$/, '');
    const entry = parts.get(name) ?? { isDefault: rawName.endsWith('*'), availability, byState: new Map<string, number>() };
    entry.byState.set(state, (entry.byState.get(state) ?? 0) + Number(count));
    parts.set(name, entry);
  }
  return [...parts].map(([name, p]) => {
    const byState = [...p.byState].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return { name, isDefault: p.isDefault, availability: p.availability, nodes: byState.reduce((n, [, c]) => n + c, 0), byState };
  });
}

/** Counts `squeue -h -o %T` lines: running (and completing) against pending. */
export function countJobStates(text: string): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const line of text.split('\n')) {
    const state = line.trim();
    if (state === 'PENDING') pending++;
    else if (state !== '') running++;
  }
  return { running, pending };
}

export interface SlurmCheckOptions {
  readonly sshPath?: string;
}

async function ask(login: LoginNode, target: SlurmTarget): Promise<Omit<SlurmCheck, 'target' | 'checkedAt' | 'ms'>> {
  const sinfo = await login.run('sinfo', ['-h', ...(target.partition !== undefined ? ['-p', target.partition] : []), '-o', SINFO_FORMAT]);
  if (sinfo.missing === true) return { ok: false, error: `sinfo is not on PATH${login.name === 'local' ? '' : ` on ${login.name}`}: Slurm's client programs must be there (load its module in a file non-interactive sessions read)` };
  if (sinfo.code !== 0) return { ok: false, error: `sinfo failed: ${sinfo.stderr.trim() || `exit ${String(sinfo.code)}`}` };
  const partitions = parseSinfo(sinfo.stdout);
  if (partitions.length === 0) return { ok: false, error: `Slurm has no partition ${target.partition ?? ''}`.trimEnd() + ': fix `partition` in the target (`sinfo -s` lists them)' };
  const queue = await login.run('squeue', ['-h', '--me', '-o', '%T']);
  return { ok: true, partitions, ...(queue.code === 0 ? { myJobs: countJobStates(queue.stdout) } : {}) };
}

/** Asks the cluster behind `target`; never throws. */
export async function checkSlurmTarget(target: SlurmTarget, options: SlurmCheckOptions = {}): Promise<SlurmCheck> {
  const started = Date.now();
  let controlDir: string | undefined;
  let login: LoginNode = new LocalLogin();
  try {
    if (target.login !== 'local') {
      controlDir = await createControlDir();
      const ssh = new SshLogin(target.login, {
        controlDir,
        ...(target.ssh_config !== undefined ? { configFile: target.ssh_config } : {}),
        ...(options.sshPath !== undefined ? { sshPath: options.sshPath } : {}),
        connectTimeoutSec: 10,
      });
      login = ssh;
      await ssh.open();
    }
    const answer = await ask(login, target);
    return { target: target.name, checkedAt: Date.now(), ms: Date.now() - started, ...answer };
  } catch (error) {
    return { target: target.name, ok: false, checkedAt: Date.now(), ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await login.close().catch(() => undefined);
    if (controlDir !== undefined) await removeControlDir(controlDir);
  }
}
