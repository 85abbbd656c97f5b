/**
 * Puts a code snapshot on a host as `<remoteRoot>/code/<hash>/`, once: a host that has the
 * snapshot is left alone, a new snapshot is uploaded into a temporary folder and renamed into
 * place with a `.complete` marker, so a snapshot folder is either whole or absent even when the
 * upload is cut off. rsync (when both ends have it) hard-links unchanged files to the newest
 * previous snapshot and sends only what changed; tar over ssh is the fallback that needs nothing
 * but tar on the host.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteForPosixShell as q } from '../../shell/quote';
import type { CodeSnapshot } from './codeSnapshot';
import { expandRemotePath, type HostProbe } from './probe';
import { runCapture, SshError, sshStderrSummary } from './sshErrors';
import type { SshHost } from './sshHost';

export interface SyncResult {
  /** How the snapshot got there: `present` = it already was, nothing sent. */
  readonly method: 'rsync' | 'tar' | 'present';
  /** Absolute path of the snapshot folder on the host. */
  readonly remoteDir: string;
  /** Wall time of the whole sync, including the presence check. */
  readonly ms: number;
}

export interface SyncOptions {
  /** Use tar even when rsync is available (tests, benchmarks). */
  readonly method?: 'rsync' | 'tar';
}

let localRsync: Promise<boolean> | undefined;
function hasLocalRsync(): Promise<boolean> {
  localRsync ??= runCapture('rsync', ['--version'], undefined, 10_000).then((r) => r.code === 0);
  return localRsync;
}

/**
 * Syncs `snapshot` (made from `localDir` by `snapshotCodeFolder`) to the host. `remoteRoot` may
 * start with `~` or be relative: it is resolved against the probe's `$HOME`. Throws an
 * {@link SshError} when the upload fails (nothing is left half-written under the snapshot's name).
 */
export async function syncSnapshot(host: SshHost, snapshot: CodeSnapshot, localDir: string, remoteRoot: string, probe: HostProbe, options: SyncOptions = {}): Promise<SyncResult> {
  const started = Date.now();
  const root = expandRemotePath(remoteRoot, probe).replace(/\/+$/, '');
  const codeRoot = `${root}/code`;
  const remoteDir = `${codeRoot}/${snapshot.hash}`;

  // One round trip: is it there, and if not, which complete snapshot is newest (for --link-dest).
  const state = await host.exec(
    `d=${q(remoteDir)}; c=${q(codeRoot)}; if test -f "$d/.complete"; then echo "HS present"; exit 0; fi; ` +
    'mkdir -p "$c" || exit 1; prev=; for p in $(ls -1t "$c" 2>/dev/null); do if test -f "$c/$p/.complete"; then prev=$p; break; fi; done; echo "HS absent $prev"',
  );
  const answer = /^HS (present|absent) ?(\S*)$/m.exec(state.stdout);
  if (state.code !== 0 || answer === null) {
    throw new SshError(host.host, 'other', `Could not create ${codeRoot} on ${host.host} (${sshStderrSummary(state.stderr) || `exit ${String(state.code)}`}).`,
      'Check that work_root is writable there and the disk is not full.');
  }
  if (answer[1] === 'present') return { method: 'present', remoteDir, ms: Date.now() - started };
  const previous = /^[0-9a-f]+$/.test(answer[2] ?? '') ? `${codeRoot}/${answer[2] ?? ''}` : undefined;

  const useRsync = options.method !== 'tar' && probe.tools.rsync && (await hasLocalRsync());
  const tmp = `${codeRoot}/.tmp-${snapshot.hash}-${randomBytes(4).toString('hex')}`;
  const listDir = await mkdtemp(join(tmpdir(), 'hypersweep-sync-'));
  try {
    const list = join(listDir, 'files');
    // NUL-separated: file names may contain newlines.
    await writeFile(list, snapshot.files.map((f) => `${f.path}\0`).join(''));
    if (useRsync) await uploadWithRsync(host, localDir, list, tmp, previous);
    else await uploadWithTar(host, localDir, list, tmp);
    const done = await host.exec(`t=${q(tmp)}; d=${q(remoteDir)}; touch "$t/.complete" && if test -e "$d"; then rm -rf "$t"; else mv "$t" "$d"; fi`);
    if (done.code !== 0) throw new SshError(host.host, 'other', `Could not finish the code snapshot on ${host.host} (${sshStderrSummary(done.stderr)}).`, 'Check the disk space there.');
  } catch (error) {
    await host.exec(`rm -rf ${q(tmp)}`).catch(() => undefined);
    throw error;
  } finally {
    await rm(listDir, { recursive: true, force: true });
  }
  return { method: useRsync ? 'rsync' : 'tar', remoteDir, ms: Date.now() - started };
}

async function uploadWithRsync(host: SshHost, localDir: string, list: string, tmp: string, previous: string | undefined): Promise<void> {
  const args = ['-a', '--from0', `--files-from=${list}`, '-e', host.rsyncRemoteShell()];
  // Link by content, never by size and mtime: an edit within the same second keeps both, and a
  // stale file linked into a snapshot named by its content hash would run the wrong code.
  if (previous !== undefined) args.push('--checksum', `--link-dest=${previous}`);
  args.push(`${localDir.replace(/\/+$/, '')}/`, `${host.rsyncDestination()}:${tmp}/`);
  const result = await host.withSession(() => runCapture('rsync', args, undefined, 60 * 60_000));
  if (result.code !== 0) {
    throw new SshError(host.host, 'other', `rsync to ${host.host} failed (${sshStderrSummary(result.stderr) || `exit ${String(result.code)}`}).`,
      'Check the disk space there, or remove rsync from the host\'s PATH to fall back to tar.');
  }
}

async function uploadWithTar(host: SshHost, localDir: string, list: string, tmp: string): Promise<void> {
  const remote = host.spawn(`t=${q(tmp)}; mkdir -p "$t" && tar -xf - -C "$t"`);
  const local = spawn('tar', ['-c', '-f', '-', '-C', localDir, '--null', '-T', list], { stdio: ['ignore', 'pipe', 'pipe'] });
  let localErr = '';
  let remoteErr = '';
  local.stderr.setEncoding('utf8').on('data', (d: string) => (localErr += d));
  remote.stderr?.setEncoding('utf8').on('data', (d: string) => (remoteErr += d));
  remote.stdout?.resume();
  remote.stdin?.on('error', () => undefined);
  if (remote.stdin) local.stdout.pipe(remote.stdin);
  const exit = (child: ReturnType<typeof spawn>): Promise<number | null> =>
    new Promise((resolve) => {
      child.on('error', () => resolve(null));
      child.on('close', (code) => resolve(code));
    });
  const [localCode, remoteCode] = await Promise.all([exit(local), exit(remote)]);
  if (localCode !== 0) throw new SshError(host.host, 'other', `tar could not read the code folder (${sshStderrSummary(localErr)}).`, 'Check that every file in the code folder is readable.');
  if (remoteCode !== 0) {
    throw new SshError(host.host, 'other', `Unpacking the code on ${host.host} failed (${sshStderrSummary(remoteErr) || `exit ${String(remoteCode)}`}).`, 'Check the disk space and that work_root is writable there.');
  }
}
