/**
 * A real single-node Slurm cluster for tests, started as root from its own temp folder: a private
 * munged (own key and socket), `slurmctld -D`, and `slurmd -D` with 4 fake GPUs (device files made
 * with mknod, listed in gres.conf), no cgroups (proctrack/linuxproc), a short SlurmdTimeout so a
 * killed slurmd turns into NODE_FAIL within seconds. Clients find it through `SLURM_CONF`, which
 * `env` carries (the CLI under test gets it too). Ports are Slurm's defaults (6817/6818): no other
 * test here runs Slurm. slurmd runs in its own mount namespace where `hiddenDir` is an empty tmpfs:
 * a folder the "login node" (this process) sees and the "compute node" does not, as a shared_dir
 * that is not mounted on the compute nodes. `stop()` ends every daemon by pid and the job steps slurmd left behind
 * (recognised by their cwd, the cluster folder), then removes the folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync, chmodSync, openSync, closeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Why the Slurm tests cannot run here, or undefined when they can. */
export function slurmSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'the Slurm tests start slurmctld/slurmd/munged and need root (run them in CI or a root container)';
  if (!existsSync('/usr/bin/unshare')) return '/usr/bin/unshare is missing (util-linux): slurmd runs in its own mount namespace';
  for (const daemon of ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/sbin/munged']) {
    if (!existsSync(daemon)) return `${daemon} is missing: install the Debian packages slurm-wlm and munge`;
  }
  if (spawnSync('pgrep', ['-x', 'slurmctld']).status === 0) return 'another slurmctld already runs on this machine (ports 6817/6818 are taken)';
  return undefined;
}

export class SlurmCluster {
  readonly dir: string;
  readonly node = hostname().split('.')[0] ?? 'localhost';
  /** A folder the compute node cannot see (an empty tmpfs over it in slurmd's mount namespace). */
  readonly hiddenDir: string;
  /** Environment for Slurm clients (sbatch, squeue, the CLI under test). */
  readonly env: NodeJS.ProcessEnv;
  private munged?: ChildProcess;
  private ctld?: ChildProcess;
  private slurmd?: ChildProcess;

  private constructor(dir: string) {
    this.dir = dir;
    this.hiddenDir = join(dir, 'hidden');
    this.env = { ...process.env, SLURM_CONF: join(dir, 'slurm.conf') };
  }

  /** Starts the cluster and waits until its node is idle (about 2 s). */
  static async start(): Promise<SlurmCluster> {
    const cluster = new SlurmCluster(mkdtempSync(join(tmpdir(), 'hs-slurm-')));
    try {
      cluster.writeConfig();
      await cluster.startDaemons();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private writeConfig(): void {
    const w = this.dir;
    for (const sub of ['state', 'spool', 'log', 'munge', 'dev', 'shared', 'hidden']) mkdirSync(join(w, sub), { recursive: true });
    mkdirSync(join(w, 'sock'), { mode: 0o755 });
    chmodSync(w, 0o755);
    writeFileSync(join(w, 'munge', 'munge.key'), randomBytes(1024), { mode: 0o400 });
    chmodSync(join(w, 'munge'), 0o700);
    for (let i = 0; i < 4; i += 1) {
      // /dev/null's numbers: with no cgroup device constraint Slurm only needs a file to index.
      const made = spawnSync('mknod', [join(w, 'dev', `fakegpu${i}`), 'c', '1', '3']);
      if (made.status !== 0) throw new Error(`mknod failed: ${made.stderr.toString()}`);
    }
    writeFileSync(join(w, 'gres.conf'), `AutoDetect=off\nName=gpu File=${w}/dev/fakegpu[0-3]\n`);
    writeFileSync(join(w, 'slurm.conf'), [
      'ClusterName=hs',
      `SlurmctldHost=${this.node}(127.0.0.1)`,
      'SlurmUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${w}/sock/munge.socket`,
      'SlurmctldPort=6817',
      'SlurmdPort=6818',
      `StateSaveLocation=${w}/state`,
      `SlurmdSpoolDir=${w}/spool`,
      `SlurmctldPidFile=${w}/slurmctld.pid`,
      `SlurmdPidFile=${w}/slurmd.pid`,
      `SlurmctldLogFile=${w}/log/slurmctld.log`,
      `SlurmdLogFile=${w}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'SwitchType=switch/none',
      'ReturnToService=2',
      // Lets the node claim more CPUs than this machine has, so 4 one-GPU trials run at once.
      'SlurmdParameters=config_overrides',
      'GresTypes=gpu',
      // A killed slurmd becomes NODE_FAIL in seconds, not minutes.
      'SlurmdTimeout=5',
      'KillWait=2',
      'MinJobAge=300',
      'SchedulerParameters=sched_interval=1',
      `NodeName=${this.node} NodeAddr=127.0.0.1 CPUs=8 RealMemory=4000 Gres=gpu:4 State=UNKNOWN`,
      'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'));
  }

  private daemon(program: string, args: readonly string[], logName: string): ChildProcess {
    const log = openSync(join(this.dir, 'log', logName), 'a');
    // cwd = the cluster folder: slurmstepd inherits it, which is how stop() recognises strays.
    const child = spawn(program, args, { cwd: this.dir, env: this.env, stdio: ['ignore', log, log] });
    closeSync(log);
    child.on('error', () => undefined);
    return child;
  }

  private async startDaemons(): Promise<void> {
    const w = this.dir;
    this.munged = this.daemon('/usr/sbin/munged', ['-F', '-f', `--socket=${w}/sock/munge.socket`, `--key-file=${w}/munge/munge.key`,
      `--log-file=${w}/log/munged.log`, `--pid-file=${w}/munge/munged.pid`, `--seed-file=${w}/munge/seed`], 'munged.out');
    await this.until(() => existsSync(join(w, 'sock', 'munge.socket')), 10_000, 'munged did not create its socket');
    this.ctld = this.daemon('/usr/sbin/slurmctld', ['-D', '-c', '-f', join(w, 'slurm.conf')], 'ctld.out');
    this.startSlurmd();
    await this.waitNode(/idle/, 30_000);
  }

  /** Starts slurmd (again, after `killSlurmd`). */
  startSlurmd(): void {
    // unshare and sh exec into slurmd: the child's pid is slurmd's, for killSlurmd and stop.
    const script = 'mount -t tmpfs hs-hidden "$1" && exec /usr/sbin/slurmd -D -f "$2"';
    this.slurmd = this.daemon('/usr/bin/unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', this.hiddenDir, join(this.dir, 'slurm.conf')], 'slurmd.out');
  }

  /** Kills slurmd with SIGKILL, as a crashed node; its job steps keep running (orphans). */
  killSlurmd(): void {
    this.slurmd?.kill('SIGKILL');
    this.slurmd = undefined;
  }

  /** `sinfo` node state (idle, mixed, down*, ...). */
  nodeState(): string {
    return spawnSync('sinfo', ['-h', '-o', '%T'], { env: this.env, encoding: 'utf8' }).stdout.trim();
  }

  /** Waits until the node state matches `pattern`. */
  async waitNode(pattern: RegExp, timeoutMs: number): Promise<void> {
    await this.until(() => pattern.test(this.nodeState()), timeoutMs, `node never became ${String(pattern)}`);
  }

  /** Job ids in the queue (any state). */
  queuedJobs(): string[] {
    const out = spawnSync('squeue', ['-h', '-o', '%i'], { env: this.env, encoding: 'utf8' }).stdout;
    return out.split('\n').map((line) => line.trim()).filter(Boolean);
  }

  private async until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms (logs in ${this.dir}/log)`);
      await sleep(100);
    }
  }

  /** Stops the daemons by pid, kills leftover job steps and trials, removes the folder. */
  async stop(): Promise<void> {
    // Every job, whoever submitted it (tests submit as root and as the SSH pool's login users).
    const jobs = this.queuedJobs();
    if (jobs.length > 0) spawnSync('scancel', ['--full', ...jobs], { env: this.env, timeout: 5000 });
    for (const child of [this.slurmd, this.ctld]) child?.kill('SIGTERM');
    await sleep(300);
    // slurmd may ignore SIGTERM for a while when the controller is gone.
    for (const child of [this.slurmd, this.ctld]) if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.killStrays();
    this.munged?.kill('SIGTERM');
    await sleep(100);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** slurmstepd processes (and their process groups) whose cwd is this cluster's folder. */
  private killStrays(): void {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'slurmstepd') continue;
        if (readlinkSync(`/proc/${entry}/cwd`) !== this.dir) continue;
        const pid = Number(entry);
        for (const child of childrenOf(pid)) {
          killQuietly(-child);
          killQuietly(child);
        }
        killQuietly(pid);
      } catch {
        // The process ended meanwhile.
      }
    }
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function childrenOf(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map(Number);
}
