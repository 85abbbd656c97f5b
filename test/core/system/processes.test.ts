import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  isProcessAlive,
  killProcessGroup,
  listProcessGroup,
  processGroupExists,
  processStartTime,
  reapOrphanedGroup,
} from '../../../src/core/system/processes';
import { eventually, killAll, livePidsInSession, tempFolder } from '../launchers/support';

const folder = tempFolder();
after(() => folder.remove());

/** Starts `sh -c script` as the leader of its own group, the way a trial runs. */
async function startGroup(script: string): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn('sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = child.pid;
  assert.ok(pid !== undefined);
  // Wait for the script's "ready" line: every member it starts exists by then.
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  assert.ok(await eventually(() => seen.includes('ready')), 'group never became ready');
  return { child, pid };
}

/** A pid that no process has right now: one that just exited and was collected. */
async function finishedPid(): Promise<number> {
  const child = spawn('true');
  await once(child, 'exit');
  assert.ok(child.pid !== undefined);
  return child.pid;
}

void describe('isProcessAlive / processStartTime', () => {
  void test('this process is alive and has a start time', () => {
    assert.equal(isProcessAlive(process.pid), true);
    assert.match(processStartTime(process.pid) ?? '', /^\d+$/);
    assert.equal(processStartTime(process.pid), processStartTime(process.pid));
  });

  void test('a finished process is not alive and has no start time', async () => {
    const pid = await finishedPid();
    assert.equal(isProcessAlive(pid), false);
    assert.equal(processStartTime(pid), undefined);
  });

  void test('a later process has a later start time', async () => {
    const first = spawn('sleep', ['5'], { stdio: 'ignore' });
    const firstStart = processStartTime(first.pid ?? 0);
    first.kill('SIGKILL');
    assert.match(firstStart ?? '', /^\d+$/);
    // Start times count clock ticks (usually 10 ms): new processes keep coming until the clock
    // has moved on, which shows that the value tells processes apart.
    let laterStart = firstStart;
    for (let attempt = 0; attempt < 100 && laterStart === firstStart; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const next = spawn('sleep', ['5'], { stdio: 'ignore' });
      laterStart = processStartTime(next.pid ?? 0);
      next.kill('SIGKILL');
    }
    assert.ok(BigInt(laterStart ?? '0') > BigInt(firstStart ?? '0'), `${String(laterStart)} <= ${String(firstStart)}`);
    // Our own process started before both.
    assert.ok(BigInt(processStartTime(process.pid) ?? '0') <= BigInt(firstStart ?? '0'));
  });

  void test('a command name with spaces and parentheses does not confuse the /proc parser', async () => {
    const oddName = join(folder.path, 'a) (b c');
    copyFileSync('/bin/sleep', oddName);
    const child = spawn(oddName, ['5'], { detached: true, stdio: 'ignore' });
    await once(child, 'spawn');
    const pid = child.pid ?? 0;
    try {
      assert.match(processStartTime(pid) ?? '', /^\d+$/);
      assert.deepEqual(listProcessGroup(pid), [pid]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  void test('bad pids are refused, never passed to kill', () => {
    for (const bad of [0, 1, -5, 1.5, Number.NaN]) {
      assert.throws(() => isProcessAlive(bad), RangeError);
      assert.throws(() => killProcessGroup(bad, 'SIGKILL'), RangeError);
      assert.throws(() => listProcessGroup(bad), RangeError);
    }
  });
});

void describe('killProcessGroup', () => {
  void test('signals every member of a group', async () => {
    const { child, pid } = await startGroup('sleep 30 & sleep 30 & echo ready; wait');
    const members = listProcessGroup(pid) ?? [];
    assert.equal(members.length, 3, 'sh and two sleeps');
    assert.deepEqual([...members].sort(), [...livePidsInSession(pid)].sort());
    assert.equal(killProcessGroup(pid, 'SIGKILL'), true);
    await once(child, 'exit');
    assert.ok(await eventually(() => !processGroupExists(pid)));
    assert.deepEqual(livePidsInSession(pid), []);
  });

  void test('reports a group that does not exist as false instead of throwing', async () => {
    assert.equal(killProcessGroup(await finishedPid(), 'SIGTERM'), false);
  });
});

void describe('reapOrphanedGroup', () => {
  void test('kills a leftover trial group whose members ignore SIGTERM', async () => {
    const { child, pid } = await startGroup('trap "" TERM; sleep 30 & sleep 30 & echo ready; wait');
    const startTime = processStartTime(pid) ?? '';
    child.unref(); // as after a runner crash: nobody reads its output any more
    const members = livePidsInSession(pid);
    try {
      assert.equal(await reapOrphanedGroup(pid, startTime, { graceMs: 100 }), 'killed');
      assert.ok(await eventually(() => livePidsInSession(pid).length === 0));
      assert.equal(await reapOrphanedGroup(pid, startTime), 'gone');
    } finally {
      killAll(members);
    }
  });

  void test('kills the members left behind after the leader itself has gone', async () => {
    const { pid } = await startGroup('trap "" TERM; sleep 30 & echo ready');
    assert.ok(await eventually(() => !isProcessAlive(pid)), 'leader should have exited');
    const members = livePidsInSession(pid);
    try {
      assert.equal(members.length, 1, 'the background sleep remains');
      // The recorded leader start time is no later than its members'.
      const startTime = processStartTime(members[0] ?? 0) ?? '';
      assert.equal(await reapOrphanedGroup(pid, startTime, { graceMs: 100 }), 'killed');
      assert.ok(await eventually(() => livePidsInSession(pid).length === 0));
    } finally {
      killAll(members);
    }
  });

  void test('leaves alone a pid that now belongs to another process', async () => {
    const { child, pid } = await startGroup('echo ready; sleep 30');
    try {
      const realStart = BigInt(processStartTime(pid) ?? '0');
      assert.equal(await reapOrphanedGroup(pid, String(realStart + 1n)), 'not-ours');
      assert.equal(isProcessAlive(pid), true);
    } finally {
      killProcessGroup(pid, 'SIGKILL');
      await once(child, 'exit');
    }
  });

  void test('reports a trial that is no longer running as gone', async () => {
    assert.equal(await reapOrphanedGroup(await finishedPid(), '12345'), 'gone');
  });

  void test('refuses a start time that is not a tick count', async () => {
    await assert.rejects(reapOrphanedGroup(process.pid, 'yesterday'), /decimal tick count/);
  });
});
