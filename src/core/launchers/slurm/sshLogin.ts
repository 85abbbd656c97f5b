/**
 * The cluster's login node over SSH (`login: <alias>`), through the SSH targets' own transport
 * (SshHost: one multiplexed master, sessions capped below MaxSessions). Slurm's programs run there
 * as one quoted command line each; files in the shared folder are written with `cat >` from stdin
 * and read back base64-encoded, so output bytes survive whatever the session's locale is.
 */
import { quoteForPosixShell as q } from '../../shell/quote';
import { SshHost, type SshConnectionOptions } from '../ssh/sshHost';
import { probeHost, expandRemotePath, type HostProbe } from '../ssh/probe';
import { syncSnapshot } from '../ssh/codeSync';
import { snapshotCodeFolder, largeUploadWarning } from '../ssh/codeSnapshot';
import type { LoginNode } from './loginNode';
import type { ToolResult } from './slurmTools';

/** What a shell says when a program is not on PATH (`command not found`, exit 127). */
const NOT_FOUND = 127;

export class SshLogin implements LoginNode {
  readonly name: string;
  private readonly ssh: SshHost;
  private probe: HostProbe | undefined;

  constructor(alias: string, connection: SshConnectionOptions) {
    this.name = alias;
    this.ssh = new SshHost(alias, connection);
  }

  /** Connects and probes the login node (its $HOME resolves `~` in shared_dir). Throws an SshError naming the fix. */
  async open(): Promise<void> {
    await this.ssh.open();
    this.probe = await probeHost(this.ssh);
  }

  /** `~/x` and relative paths made absolute with the login node's home folder. */
  absolute(path: string): string {
    return this.probe === undefined ? path : expandRemotePath(path, this.probe).replace(/\/+$/, '');
  }

  /**
   * Copies the code folder into `<sharedDir>/code/<hash>` (once per content: rsync with hard links
   * to the previous snapshot, tar otherwise) and returns that folder, which compute nodes see.
   */
  async syncCode(codeDir: string, sharedDir: string, log: (message: string) => void): Promise<string> {
    if (this.probe === undefined) await this.open();
    const probe = this.probe;
    if (probe === undefined) throw new Error(`the login node ${this.name} was not probed`);
    const snapshot = await snapshotCodeFolder(codeDir);
    const warning = largeUploadWarning(snapshot);
    if (warning !== undefined) log(warning);
    const sync = await syncSnapshot(this.ssh, snapshot, codeDir, sharedDir, probe);
    log(`${this.name}: code ${snapshot.hash} in ${sync.remoteDir} (${sync.method}, ${sync.ms} ms)`);
    return sync.remoteDir;
  }

  private async sh(script: string, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return this.ssh.exec(script, { timeoutMs: 60_000, ...(stdin !== undefined ? { stdin } : {}) });
  }

  async run(program: string, args: readonly string[]): Promise<ToolResult> {
    try {
      const result = await this.sh([program, ...args].map(q).join(' '));
      if (result.code === NOT_FOUND && !/\S/.test(result.stdout)) return { code: null, stdout: '', stderr: result.stderr, missing: true };
      return result;
    } catch (error) {
      // The login node did not answer: like a controller that did not answer, asked again next poll.
      return { code: null, stdout: '', stderr: error instanceof Error ? error.message : String(error) };
    }
  }

  async makeDir(dir: string, fresh = false): Promise<void> {
    const result = await this.sh(`${fresh ? `rm -rf ${q(dir)} && ` : ''}mkdir -p ${q(dir)}`);
    if (result.code !== 0) throw new Error(`cannot create ${dir} on ${this.name}: ${result.stderr.trim()}`);
  }

  async writeFiles(files: ReadonlyMap<string, string>, executable: ReadonlySet<string> = new Set()): Promise<void> {
    // One round trip for all files: each is a base64 block decoded into place.
    const parts: string[] = ['set -e'];
    for (const [path, text] of files) {
      parts.push(`printf '%s' ${q(Buffer.from(text, 'utf8').toString('base64'))} | base64 -d > ${q(path)}`);
      if (executable.has(path)) parts.push(`chmod 755 ${q(path)}`);
    }
    const result = await this.sh(parts.join('\n'));
    if (result.code !== 0) throw new Error(`cannot write into ${[...files.keys()][0] ?? ''} on ${this.name}: ${result.stderr.trim()}`);
  }

  async checkWritable(dir: string): Promise<void> {
    const result = await this.sh(`test -w ${q(dir)}`);
    if (result.code !== 0) throw new Error(`${dir} is not writable on ${this.name}`);
  }

  async size(path: string): Promise<number | undefined> {
    try {
      const result = await this.sh(`test -f ${q(path)} && wc -c < ${q(path)}`);
      const n = Number(result.stdout.trim());
      return result.code === 0 && Number.isFinite(n) ? n : undefined;
    } catch {
      return undefined;
    }
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      const result = await this.sh(`cat ${q(path)}`);
      return result.code === 0 ? result.stdout : undefined;
    } catch {
      return undefined;
    }
  }

  async readFrom(path: string, offset: number, max: number): Promise<Buffer | undefined> {
    try {
      // tail -c +N starts at byte N (1-based); head bounds one read; base64 keeps the bytes whole.
      const result = await this.sh(`test -f ${q(path)} || exit 3; tail -c +${offset + 1} ${q(path)} | head -c ${max} | base64`);
      if (result.code !== 0) return undefined;
      return Buffer.from(result.stdout.replace(/\s+/g, ''), 'base64');
    } catch {
      return undefined;
    }
  }

  async listFiles(patterns: readonly string[]): Promise<Map<string, number>> {
    const files = new Map<string, number>();
    if (patterns.length === 0) return files;
    // One round trip: the patterns' `*` stay unquoted for the login node's shell to expand, every
    // other name is quoted; a glob that matched nothing stays literal and fails the -e test.
    const globs = patterns.map((p) => p.split('/').map((part) => (part === '*' || part === '' ? part : q(part))).join('/'));
    const script = `for p in ${globs.join(' ')}; do [ -e "$p" ] && find "$p" -type f -printf '%s\\t%p\\n'; done 2>/dev/null; true`;
    try {
      const result = await this.sh(script);
      for (const line of result.stdout.split('\n')) {
        const tab = line.indexOf('\t');
        const size = Number(line.slice(0, tab));
        if (tab > 0 && Number.isSafeInteger(size)) files.set(line.slice(tab + 1), size);
      }
    } catch {
      // The login node did not answer: nothing new this poll, asked again next poll.
    }
    return files;
  }

  close(): Promise<void> {
    return this.ssh.close();
  }
}
