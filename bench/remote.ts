/**
 * The SSH transport on two real loopback sshd (test/support/sshPool.ts; needs root and
 * openssh-server): what one command costs through the host's multiplexed master against a local
 * spawn (200 no-op commands at concurrency 8), and what getting code to a host costs: a fresh
 * connection + probe + hash + first sync of a 2,000-file folder, a re-sync when nothing changed
 * (hash + presence check), and a sync after one file changed (rsync, unchanged files hard-linked).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotCodeFolder } from '../src/core/launchers/ssh/codeSnapshot';
import { syncSnapshot } from '../src/core/launchers/ssh/codeSync';
import { probeHost } from '../src/core/launchers/ssh/probe';
import { SshHost } from '../src/core/launchers/ssh/sshHost';
import { sshPoolSkipReason, startSshPool } from '../test/support/sshPool';
import { median, now, resultsFor, timeAsync, type BenchGroup, type BenchResult } from './harness';

const COMMANDS = 200;
const CONCURRENCY = 8;
const FILES = 2_000;
const result = resultsFor('remote');

/** CPU ms of this process and of its reaped children so far (/proc/self/stat utime..cstime). */
function cpuMs(): { self: number; children: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const tick = 10; // USER_HZ is 100 on Linux
  return { self: ((f[11] ?? 0) + (f[12] ?? 0)) * tick, children: ((f[13] ?? 0) + (f[14] ?? 0)) * tick };
}

function spawnTrue(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('true', [], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
}

/** `count` runs of `one`, `concurrency` at a time; returns each run's latency and the wall time. */
async function pool(count: number, concurrency: number, one: () => Promise<void>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let started = 0;
  const wallMs = await timeAsync(async () => {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started++;
        const t0 = now();
        await one();
        latencies.push(now() - t0);
      }
    }));
  });
  return { latencies, wallMs };
}

/** A code folder like a small training project: 2,000 small .py files in 40 packages. */
function makeCodeFolder(dir: string): void {
  for (let d = 0; d < 40; d++) {
    mkdirSync(join(dir, `pkg${d}`), { recursive: true });
    for (let f = 0; f < FILES / 40; f++) {
      writeFileSync(join(dir, `pkg${d}`, `m${f}.py`), `def f_${d}_${f}(x):\n    return x * ${f}  # ${'0'.repeat(900)}\n`);
    }
  }
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'pack'), Buffer.alloc(1_000_000));
}

async function run(): Promise<BenchResult[]> {
  const skip = sshPoolSkipReason();
  if (skip !== undefined) throw new Error(`needs two loopback sshd: ${skip}`);
  const sshPool = await startSshPool();
  const code = mkdtempSync(join(tmpdir(), 'hypersweep-bench-remote-'));
  const hosts: SshHost[] = [];
  const results: BenchResult[] = [];
  try {
    // 1. Per-command overhead through the master vs a local spawn.
    const a = new SshHost('hs-a', await sshPool.connection({ serverAliveIntervalSec: 15, serverAliveCountMax: 4 }));
    hosts.push(a);
    const openMs = await timeAsync(() => a.open());
    results.push(result('master: open (new connection + auth)', openMs, 'ms', 'ssh -M until the control socket exists'));
    await a.exec('true');
    const localCpu = cpuMs();
    const local = await pool(COMMANDS, CONCURRENCY, spawnTrue);
    const afterLocal = cpuMs();
    const remote = await pool(COMMANDS, CONCURRENCY, async () => {
      const r = await a.exec('true');
      if (r.code !== 0) throw new Error(`remote true exited ${String(r.code)}: ${r.stderr}`);
    });
    const afterRemote = cpuMs();
    const localMedian = median(local.latencies);
    const remoteMedian = median(remote.latencies);
    const notes = `${COMMANDS} no-op commands at concurrency ${CONCURRENCY}`;
    results.push(
      result('local spawn `true`: latency (median)', localMedian, 'ms', notes),
      result('ssh exec `true` via master: latency (median)', remoteMedian, 'ms', notes),
      result('ssh over local: extra per command (median)', remoteMedian - localMedian, 'ms', `${notes}; goal < 150 ms`),
      result('ssh exec via master: wall per command', remote.wallMs / COMMANDS, 'ms', `${notes} (local: ${(local.wallMs / COMMANDS).toFixed(1)} ms)`),
      result('ssh exec: runner CPU per command', (afterRemote.self - afterLocal.self) / COMMANDS, 'ms',
        `node's own CPU; local spawn: ${((afterLocal.self - localCpu.self) / COMMANDS).toFixed(2)} ms; the ssh client: ${((afterRemote.children - afterLocal.children) / COMMANDS).toFixed(2)} ms`),
      result('logins for all of it', sshPool.logins('hs-a'), 'count', 'sshd "Accepted publickey" lines: 1 = every command rode the master'),
    );

    // 2. Code: first contact (connect + probe + hash + first sync), no-change re-sync, one file changed.
    makeCodeFolder(code);
    const b = new SshHost('hs-b', await sshPool.connection({ serverAliveIntervalSec: 15, serverAliveCountMax: 4 }));
    hosts.push(b);
    let probe: Awaited<ReturnType<typeof probeHost>> | undefined;
    let method = '';
    const phases: Record<string, number> = {};
    const firstMs = await timeAsync(async () => {
      phases['open'] = await timeAsync(() => b.open());
      phases['probe'] = await timeAsync(async () => {
        probe = await probeHost(b);
      });
      let snapshot: Awaited<ReturnType<typeof snapshotCodeFolder>> | undefined;
      phases['hash'] = await timeAsync(async () => {
        snapshot = await snapshotCodeFolder(code);
      });
      if (!probe || !snapshot) throw new Error('probe or snapshot missing');
      const s = snapshot;
      const p = probe;
      phases['sync'] = await timeAsync(async () => {
        method = (await syncSnapshot(b, s, code, '~/.hypersweep', p)).method;
      });
    });
    const breakdown = Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    results.push(result('first snapshot on a host: connect + probe + hash + sync', firstMs, 'ms', `${FILES} files, ${method}; ${breakdown} ms`));
    if (!probe) throw new Error('no probe');
    const p = probe;
    const again: number[] = [];
    for (let i = 0; i < 5; i++) {
      again.push(await timeAsync(async () => {
        const s = await snapshotCodeFolder(code);
        const r = await syncSnapshot(b, s, code, '~/.hypersweep', p);
        if (r.method !== 'present') throw new Error(`expected present, got ${r.method}`);
      }));
    }
    results.push(result('re-sync, nothing changed: hash + presence check (median)', median(again), 'ms', `${FILES} files, 5 runs; goal < 1,000 ms`));
    writeFileSync(join(code, 'pkg7', 'm3.py'), '# edited\n');
    const edited = await timeAsync(async () => {
      const s = await snapshotCodeFolder(code);
      await syncSnapshot(b, s, code, '~/.hypersweep', p);
    });
    results.push(result('new snapshot after one file changed (rsync --link-dest)', edited, 'ms', `${FILES} files, unchanged ones hard-linked to the previous snapshot`));
    const tarMs = await timeAsync(async () => {
      const s = await snapshotCodeFolder(code);
      await syncSnapshot(b, s, code, '~/hs-tar', p, { method: 'tar' });
    });
    results.push(result('first snapshot by tar over ssh (host without rsync)', tarMs, 'ms', `${FILES} files, hash + full copy`));
    return results;
  } finally {
    for (const h of hosts) await h.close();
    await sshPool.stop();
    rmSync(code, { recursive: true, force: true });
  }
}

export const remoteGroup: BenchGroup = {
  name: 'remote',
  description: `SSH transport on loopback sshd: ${COMMANDS} no-op commands through the master vs local spawns, code sync of ${FILES} files`,
  run,
};
