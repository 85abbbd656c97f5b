/**
 * A two-host SSH "pool" on loopback for tests: two real `sshd -D` (127.0.0.2 and 127.0.0.3, random
 * free ports), each with its own throw-away login user (separate homes, names unique per pool so
 * concurrent test runs never share one), generated host and client keys, an ssh_config with the
 * aliases `hs-a` and `hs-b`, and a known_hosts file. Everything it starts it stops by pid;
 * everything it creates it removes. Needs root (useradd) and openssh-server.
 */
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SshConnectionOptions } from '../../src/core/launchers/ssh/sshArgs';

const SSHD = '/usr/sbin/sshd';

export type PoolHostName = 'hs-a' | 'hs-b';

export interface PoolHost {
  /** The alias in the pool's ssh_config. */
  readonly name: PoolHostName;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly uid: number;
  readonly home: string;
  /** `user@address:port`, the other way a targets file names a host. */
  readonly spec: string;
  /** The known_hosts line for this host's key. */
  readonly knownHostsLine: string;
  readonly sshdLog: string;
  /** The listening sshd's pid (undefined once killed). */
  readonly sshdPid: number | undefined;
}

export interface SshPoolOptions {
  /** Pre-seed known_hosts with both hosts' keys (default true); false leaves it empty. */
  readonly knownHosts?: boolean;
  /** Hosts whose sessions get a PATH without rsync (through sshd's SetEnv), for the tar fallback. */
  readonly withoutRsync?: readonly PoolHostName[];
  /** Variables every session on every host gets (sshd's SetEnv), e.g. SLURM_CONF for a test cluster. */
  readonly setEnv?: Readonly<Record<string, string>>;
}

export interface SshPool {
  /** The pool's private folder (keys, configs, logs). */
  readonly dir: string;
  readonly configFile: string;
  readonly knownHostsFile: string;
  readonly clientKey: string;
  readonly hosts: readonly PoolHost[];
  host(name: PoolHostName): PoolHost;
  /**
   * Connection options for `SshHost`: the pool's ssh_config, a fresh control folder (one per call,
   * so two SshHost objects never share a socket), quick keep-alives (a frozen host is noticed in ~3 s).
   */
  connection(overrides?: Partial<SshConnectionOptions>): Promise<SshConnectionOptions>;
  /**
   * A new ssh_config whose first lines are `lines` and which then includes the pool's config (ssh
   * keeps the first value it reads, so `lines` override: another known_hosts, key, or port).
   */
  configWith(lines: readonly string[]): Promise<string>;
  /** `Accepted publickey` lines in the host's sshd log: how many logins it has seen. */
  logins(name: PoolHostName): number;
  /** Live (non-zombie) pids of the host's user. */
  userPids(name: PoolHostName): number[];
  /** Host failure: SIGKILL the host's sshd (listener and per-connection processes) and every process of its user. */
  killHost(name: PoolHostName): Promise<void>;
  /** A frozen host (like a network partition): SIGSTOP every sshd process of the host. */
  freezeHost(name: PoolHostName): void;
  /** Undoes {@link freezeHost}. */
  thawHost(name: PoolHostName): void;
  /** Stops every daemon and process started, deletes the users and the folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** sshd_config lines giving every session `env` (nothing when it is empty). */
function sessionEnv(env: Readonly<Record<string, string>>): string[] {
  const pairs = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  return pairs.length > 0 ? [`SetEnv ${pairs.join(' ')}`] : [];
}

/** Why the SSH tests cannot run here, or undefined when they can. */
export function sshPoolSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'the SSH pool fixture needs Linux';
  if (process.getuid?.() !== 0) return 'the SSH pool fixture needs root (it creates throw-away users)';
  if (!existsSync(SSHD)) return `${SSHD} is missing (apt-get install openssh-server)`;
  if (!existsSync('/usr/sbin/useradd')) return 'useradd is missing';
  return undefined;
}

function run(program: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function mustRun(program: string, args: readonly string[]): Promise<string> {
  const r = await run(program, args);
  if (r.code !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Retries commands that take the passwd lock (other test runs may add users at the same time). */
async function runLocked(program: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  let r = await run(program, args);
  for (let i = 0; i < 40 && r.code !== 0 && /lock|try again/i.test(r.stderr); i++) {
    await delay(100 + Math.random() * 200);
    r = await run(program, args);
  }
  return r;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something on address:port sends an SSH banner. */
async function waitForBanner(address: string, port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: address, port });
      socket.setTimeout(1000);
      socket.once('data', (d: Buffer) => {
        socket.destroy();
        resolve(d.toString('latin1').startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await delay(50);
  }
  throw new Error(`sshd on ${address}:${port} did not come up: ${readFileSync(log, 'utf8')}`);
}

interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  readonly uid: number;
  readonly comm: string;
}

function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? '-1');
      out.push({ pid: Number(name), ppid: Number(fields[1]), state: fields[0] ?? '?', uid, comm });
    } catch {
      // Ended while we looked.
    }
  }
  return out;
}

/** Live (not zombie) descendants of `root`, and `root` itself when live. */
function liveTree(root: number, all: readonly ProcInfo[]): ProcInfo[] {
  const found: ProcInfo[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const pid = frontier.pop();
    for (const p of all) {
      if (p.pid === pid || p.ppid === pid) {
        if (found.some((f) => f.pid === p.pid)) continue;
        if (p.state !== 'Z') found.push(p);
        if (p.pid !== pid) frontier.push(p.pid);
      }
    }
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** A folder of links to every program on the standard PATH except rsync. */
async function pathWithoutRsync(dir: string): Promise<string> {
  const farm = join(dir, 'bin-no-rsync');
  await mkdir(farm, { recursive: true });
  const seen = new Set<string>();
  for (const d of ['/usr/local/bin', '/usr/bin', '/bin']) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) {
      if (n === 'rsync' || seen.has(n)) continue;
      seen.add(n);
      await symlink(join(d, n), join(farm, n)).catch(() => undefined);
    }
  }
  await chmod(farm, 0o755);
  return farm;
}

interface HostState {
  readonly name: PoolHostName;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  uid: number;
  home: string;
  readonly dir: string;
  child: ChildProcess | undefined;
  knownHostsLine: string;
  frozen: number[];
}

export async function startSshPool(options: SshPoolOptions = {}): Promise<SshPool> {
  const reason = sshPoolSkipReason();
  if (reason !== undefined) throw new Error(reason);
  // Short: control sockets live under it, and unix socket paths are limited to 104 bytes.
  const dir = await mkdtemp('/tmp/hsp-');
  await chmod(dir, 0o755);
  const tag = randomBytes(3).toString('hex');
  const states: HostState[] = [];
  const createdUsers: string[] = [];
  let controlDirs = 0;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const s of states) {
      for (const pid of s.frozen) signal(pid, 'SIGCONT');
      if (s.child?.pid !== undefined && s.child.exitCode === null) signal(s.child.pid, 'SIGTERM');
    }
    for (let i = 0; i < 20 && states.some((s) => s.child !== undefined && s.child.exitCode === null && s.child.signalCode === null); i++) await delay(50);
    for (let round = 0; round < 30; round++) {
      const all = processes();
      const live = states.flatMap((s) => [...(s.child?.pid === undefined ? [] : liveTree(s.child.pid, all)), ...all.filter((p) => p.uid === s.uid && p.state !== 'Z')]);
      if (live.length === 0) break;
      for (const p of live) signal(p.pid, 'SIGKILL');
      await delay(100);
    }
    for (const user of createdUsers) {
      let r = await runLocked('userdel', ['-r', user]);
      if (r.code !== 0 && r.code !== 6) r = await runLocked('userdel', ['-f', '-r', user]);
      if (r.code !== 0 && r.code !== 6 && r.code !== 12) process.stderr.write(`sshPool: userdel ${user}: ${r.stderr}\n`);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const clientKey = join(dir, 'client_key');
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'hypersweep-test', '-f', clientKey]);
    const publicKey = await readFile(`${clientKey}.pub`, 'utf8');
    const noRsyncPath = (options.withoutRsync ?? []).length > 0 ? await pathWithoutRsync(dir) : undefined;
    // /run/sshd: the privilege-separation folder; Debian creates it only through systemd.
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

    for (const [name, address] of [['hs-a', '127.0.0.2'], ['hs-b', '127.0.0.3']] as const) {
      const user = `hs${name.slice(-1)}${tag}${randomBytes(2).toString('hex')}`;
      const added = await runLocked('useradd', ['-m', '-s', '/bin/bash', '-p', '*', user]);
      if (added.code !== 0) throw new Error(`useradd ${user} failed: ${added.stderr}`);
      createdUsers.push(user);
      const uid = Number((await mustRun('id', ['-u', user])).trim());
      const home = (await mustRun('getent', ['passwd', user])).split(':')[5] ?? `/home/${user}`;
      await mkdir(join(home, '.ssh'), { mode: 0o700 });
      await writeFile(join(home, '.ssh', 'authorized_keys'), publicKey, { mode: 0o600 });
      await chown(join(home, '.ssh'), uid, uid);
      await chown(join(home, '.ssh', 'authorized_keys'), uid, uid);

      const hostDir = join(dir, `sshd-${name}`);
      await mkdir(hostDir);
      await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(hostDir, 'host_key')]);
      const port = await freePort(address);
      const config = [
        `ListenAddress ${address}:${port}`,
        `HostKey ${join(hostDir, 'host_key')}`,
        'PidFile none',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'AuthorizedKeysFile .ssh/authorized_keys',
        'PermitRootLogin no',
        `AllowUsers ${user}`,
        'UsePAM no',
        'AllowTcpForwarding yes',
        'AllowStreamLocalForwarding yes',
        'X11Forwarding no',
        'PrintMotd no',
        'Subsystem sftp internal-sftp',
        // One SetEnv line: sshd keeps the first of repeated keywords.
        ...sessionEnv(noRsyncPath !== undefined && options.withoutRsync?.includes(name) ? { ...options.setEnv, PATH: noRsyncPath } : options.setEnv ?? {}),
      ];
      const configFile = join(hostDir, 'sshd_config');
      await writeFile(configFile, `${config.join('\n')}\n`);
      await mustRun(SSHD, ['-t', '-f', configFile]);
      const log = join(hostDir, 'sshd.log');
      const fd = openSync(log, 'a');
      const child = spawn(SSHD, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', fd] });
      closeSync(fd);
      child.on('error', () => undefined);
      const hostKey = (await readFile(join(hostDir, 'host_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
      const state: HostState = { name, address, port, user, uid, home, dir: hostDir, child, knownHostsLine: `[${address}]:${port} ${hostKey}`, frozen: [] };
      states.push(state);
      await waitForBanner(address, port, child, log);
    }

    const knownHostsFile = join(dir, 'known_hosts');
    await writeFile(knownHostsFile, options.knownHosts === false ? '' : states.map((s) => `${s.knownHostsLine}\n`).join(''));
    const configFile = join(dir, 'ssh_config');
    const sshConfig = [
      ...states.flatMap((s) => [`Host ${s.name}`, `  HostName ${s.address}`, `  Port ${s.port}`, `  User ${s.user}`]),
      'Host *',
      `  IdentityFile ${clientKey}`,
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      `  UserKnownHostsFile ${knownHostsFile}`,
      '  GlobalKnownHostsFile /dev/null',
    ];
    await writeFile(configFile, `${sshConfig.join('\n')}\n`);

    const find = (name: PoolHostName): HostState => {
      const s = states.find((x) => x.name === name);
      if (s === undefined) throw new Error(`no host ${name}`);
      return s;
    };
    const view = (s: HostState): PoolHost => ({
      name: s.name, address: s.address, port: s.port, user: s.user, uid: s.uid, home: s.home,
      spec: `${s.user}@${s.address}:${s.port}`, knownHostsLine: s.knownHostsLine, sshdLog: join(s.dir, 'sshd.log'),
      sshdPid: s.child !== undefined && s.child.exitCode === null && s.child.signalCode === null ? s.child.pid : undefined,
    });

    return {
      dir, configFile, knownHostsFile, clientKey,
      get hosts() {
        return states.map(view);
      },
      host: (name) => view(find(name)),
      async connection(overrides = {}) {
        controlDirs += 1;
        const controlDir = join(dir, `c${controlDirs}`);
        await mkdir(controlDir, { mode: 0o700 });
        return { configFile, controlDir, connectTimeoutSec: 5, serverAliveIntervalSec: 1, serverAliveCountMax: 3, ...overrides };
      },
      async configWith(lines) {
        controlDirs += 1;
        const file = join(dir, `ssh_config.${controlDirs}`);
        await writeFile(file, `${[...lines, "Host *", `Include ${configFile}`].join('\n')}\n`);
        return file;
      },
      logins(name) {
        return (readFileSync(join(find(name).dir, 'sshd.log'), 'utf8').match(/Accepted publickey/g) ?? []).length;
      },
      userPids(name) {
        const s = find(name);
        return processes().filter((p) => p.uid === s.uid && p.state !== 'Z').map((p) => p.pid);
      },
      async killHost(name) {
        const s = find(name);
        for (let round = 0; round < 30; round++) {
          const all = processes();
          const live = [...(s.child?.pid === undefined ? [] : liveTree(s.child.pid, all)), ...all.filter((p) => p.uid === s.uid && p.state !== 'Z')];
          if (live.length === 0) break;
          for (const p of live) signal(p.pid, 'SIGKILL');
          await delay(50);
        }
      },
      freezeHost(name) {
        const s = find(name);
        if (s.child?.pid === undefined) return;
        // Repeat until a pass finds nothing new: a connection's monitor may fork its post-auth child
        // between our look at /proc and its SIGSTOP, and that child alone answers keep-alives.
        for (let pass = 0; pass < 20; pass++) {
          const running = liveTree(s.child.pid, processes()).filter((p) => p.comm === 'sshd' && p.state !== 'T');
          if (running.length === 0 && pass > 0) break;
          for (const p of running) signal(p.pid, 'SIGSTOP');
          s.frozen.push(...running.map((p) => p.pid).filter((pid) => !s.frozen.includes(pid)));
          execFileSync('sleep', ['0.02']);
        }
      },
      thawHost(name) {
        const s = find(name);
        for (const pid of s.frozen.splice(0)) signal(pid, 'SIGCONT');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
