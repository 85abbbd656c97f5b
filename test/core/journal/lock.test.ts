import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockError, acquireRunnerLock, inspectRunnerLock, isProcessAlive } from '../../../src/core/journal/lock';

const HOLDER = join(__dirname, '..', '..', 'fixtures', 'journal', 'hold-lock.ts');

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-lock-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Start a real process that takes the lock; resolves with its first line of output. */
function startHolder(dir: string): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('exit', (code) => resolve(out || `exited ${String(code)}`));
    child.on('error', reject);
  });
  return { child, firstLine };
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(child.pid !== undefined);
  return child.pid;
}

describe('runner lock', () => {
  test('a live runner (a real child process) keeps the lock; once it dies the lock is taken over', () =>
    withTempDir(async (dir) => {
      const { child, firstLine } = startHolder(dir);
      try {
        assert.equal(await firstLine, 'locked');
        const seen = await inspectRunnerLock(dir);
        assert.ok(seen.state === 'held' && seen.alive === true && seen.owner.pid === child.pid);
        const refused = await acquireRunnerLock(dir);
        assert.equal(refused.ok, false);
        if (!refused.ok) {
          assert.equal(refused.holder?.pid, child.pid);
          assert.match(refused.message, new RegExp(`already being run by process ${String(child.pid)} on `));
          assert.match(refused.message, /hypersweep cancel/);
        }
      } finally {
        await killAndWait(child);
      }
      const dead = await inspectRunnerLock(dir);
      assert.ok(dead.state === 'held' && dead.alive === false, 'a crashed runner is visible as such');
      const taken = await acquireRunnerLock(dir);
      assert.ok(taken.ok);
      assert.equal(taken.ok && taken.tookOverFrom !== 'unreadable' ? taken.tookOverFrom?.pid : undefined, child.pid);
      if (taken.ok) {
        const onDisk = JSON.parse(await readFile(taken.lock.path, 'utf8')) as { pid: number; host: string };
        assert.deepEqual([onDisk.pid, onDisk.host], [process.pid, hostname()]);
        await taken.lock.release();
        await assert.rejects(stat(taken.lock.path), /ENOENT/);
        assert.deepEqual(await inspectRunnerLock(dir), { state: 'free' });
        await taken.lock.release(); // twice is fine
      }
    }));

  test('a stale lock left by a dead pid is taken over', () =>
    withTempDir(async (dir) => {
      const pid = await deadPid();
      assert.equal(isProcessAlive(pid), false);
      await writeFile(join(dir, 'runner.lock'), JSON.stringify({ pid, host: hostname(), startedAt: 1 }));
      const result = await acquireRunnerLock(dir);
      assert.ok(result.ok);
      assert.deepEqual(result.ok ? result.tookOverFrom : undefined, { pid, host: hostname(), startedAt: 1 });
    }));

  test('a lock whose pid now names another process (a reused pid, even our own) is taken over', () =>
    withTempDir(async (dir) => {
      const lockPath = join(dir, 'runner.lock');
      // A restarted container: the new runner got the dead runner's pid. Start time 1 is not ours.
      await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 1, processStart: '1' }));
      assert.deepEqual(await inspectRunnerLock(dir), { state: 'held', owner: { pid: process.pid, host: hostname(), startedAt: 1, processStart: '1' }, alive: false });
      const mine = await acquireRunnerLock(dir);
      assert.ok(mine.ok, mine.ok ? '' : mine.message);
      assert.equal(mine.ok && mine.tookOverFrom !== 'unreadable' ? mine.tookOverFrom?.pid : undefined, process.pid);
      if (mine.ok) {
        // Our own lock names our real start time, so this same process is seen alive in it.
        const seen = await inspectRunnerLock(dir);
        assert.ok(seen.state === 'held' && seen.alive === true && seen.owner.processStart !== undefined);
        await mine.lock.release();
      }

      // Some other live process with that pid: not the runner that wrote the lock.
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
      try {
        await writeFile(lockPath, JSON.stringify({ pid: other.pid, host: hostname(), startedAt: 1, processStart: '1' }));
        const taken = await acquireRunnerLock(dir);
        assert.ok(taken.ok, taken.ok ? '' : taken.message);
        if (taken.ok) await taken.lock.release();
      } finally {
        await killAndWait(other);
      }
    }));

  test('an unreadable old lock is taken over; a lock from another host is refused', () =>
    withTempDir(async (dir) => {
      const lockPath = join(dir, 'runner.lock');
      await writeFile(lockPath, 'not json');
      const old = new Date(Date.now() - 60_000);
      await utimes(lockPath, old, old);
      const result = await acquireRunnerLock(dir);
      assert.ok(result.ok && result.tookOverFrom === 'unreadable');
      if (result.ok) await result.lock.release();

      await writeFile(lockPath, JSON.stringify({ pid: 1, host: `${hostname()}-elsewhere`, startedAt: 1 }));
      const refused = await acquireRunnerLock(dir);
      assert.equal(refused.ok, false);
      if (!refused.ok) assert.match(refused.message, /another machine.*delete .*runner\.lock/s);
    }));

  test('many acquirers racing for a stale lock: exactly one wins (in one process and across processes)', () =>
    withTempDir(async (dir) => {
      const lockPath = join(dir, 'runner.lock');
      const stale = JSON.stringify({ pid: await deadPid(), host: hostname(), startedAt: 1 });
      await writeFile(lockPath, stale);
      const results = await Promise.all(Array.from({ length: 16 }, () => acquireRunnerLock(dir)));
      assert.equal(results.filter((r) => r.ok).length, 1);
      for (const r of results) if (r.ok) await r.lock.release();

      await writeFile(lockPath, stale);
      const holders = Array.from({ length: 4 }, () => startHolder(dir));
      try {
        const lines = await Promise.all(holders.map((h) => h.firstLine));
        assert.equal(lines.filter((l) => l === 'locked').length, 1, lines.join('\n'));
        assert.equal(lines.filter((l) => l.startsWith('refused')).length, 3, lines.join('\n'));
      } finally {
        await Promise.all(holders.map((h) => killAndWait(h.child)));
      }
    }));

  test('release leaves a lock that is no longer ours', () =>
    withTempDir(async (dir) => {
      const result = await acquireRunnerLock(dir);
      assert.ok(result.ok);
      if (!result.ok) return;
      const other = JSON.stringify({ pid: 1, host: 'x', startedAt: 2 });
      await writeFile(result.lock.path, other);
      await result.lock.release();
      assert.equal(await readFile(result.lock.path, 'utf8'), other);
    }));

  test('a missing sweep folder is a clear error', async () => {
    await assert.rejects(acquireRunnerLock(join(tmpdir(), 'hs-missing-q3')), (err: unknown) =>
      err instanceof LockError && /does not exist/.test(err.message));
  });
});
