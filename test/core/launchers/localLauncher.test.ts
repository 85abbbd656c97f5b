import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalLauncher } from '../../../src/core/launchers/localLauncher';
import type { LaunchedTrial, LaunchRequest } from '../../../src/core/launchers/launcher';
import { eventually, fixtures, killAll, livePids, livePidsInSession, reportedPids, tempFolder } from './support';

const node = process.execPath;
const folder = tempFolder();
after(() => folder.remove());
let counter = 0;

interface Started {
  readonly trial: LaunchedTrial;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** Output as the callbacks saw it. */
  readonly seen: { stdout: Buffer[]; stderr: Buffer[] };
}

async function start(argv: string[], extra: Partial<LaunchRequest> = {}): Promise<Started> {
  counter += 1;
  const seen = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const stdoutPath = extra.stdoutPath ?? join(folder.path, `trial_${counter}`, 'stdout.log');
  const stderrPath = extra.stderrPath ?? join(folder.path, `trial_${counter}`, 'stderr.log');
  const trial = await new LocalLauncher({ slots: 2 }).launch({
    trialId: `sweep_${counter}`,
    argv,
    cwd: folder.path,
    env: {},
    stdoutPath,
    stderrPath,
    onStdout: (chunk) => seen.stdout.push(chunk),
    onStderr: (chunk) => seen.stderr.push(chunk),
    ...extra,
  });
  return { trial, stdoutPath, stderrPath, seen };
}

/** Resolves once the trial has printed `marker` on stdout. */
function printed(started: Started, marker: string): Promise<void> {
  return eventually(() => Buffer.concat(started.seen.stdout).toString().includes(marker), 5000).then((ok) => {
    assert.ok(ok, `trial never printed ${marker}`);
  });
}

void describe('LocalLauncher: exits', () => {
  void test('reports the exit code, pid and start time of a trial', async () => {
    const { trial } = await start([node, '-e', 'process.exit(3)']);
    assert.equal(typeof trial.pid, 'number');
    assert.match(trial.processStartTime ?? '', /^\d+$/);
    assert.deepEqual(await trial.exited, { exitCode: 3, signal: null });
  });

  void test('reports the signal that ended a trial', async () => {
    const { trial } = await start(['sh', '-c', 'kill -USR1 $$']);
    assert.deepEqual(await trial.exited, { exitCode: null, signal: 'SIGUSR1' });
  });

  void test('describes itself as the local target with its slots', () => {
    const launcher = new LocalLauncher({ slots: 3 });
    assert.equal(launcher.target, 'local');
    assert.equal(launcher.slots, 3);
    assert.ok(new LocalLauncher().slots >= 1);
    assert.throws(() => new LocalLauncher({ slots: 0 }), /at least 1 slot/);
  });
});

void describe('LocalLauncher: what reaches the process', () => {
  void test('argv arrives literally, env is added to ours, cwd is used', async () => {
    const hostile = ['a b', `it's "quoted"`, '$(touch pwned)', '`touch pwned2`', '; rm -rf x', '*', '', 'ünï\tcode'];
    const started = await start([node, join(fixtures, 'print-invocation.js'), ...hostile], {
      env: { HS_TEST_VALUE: 'x y $HOME' },
    });
    assert.deepEqual(await started.trial.exited, { exitCode: 0, signal: null });
    const seen = JSON.parse(readFileSync(started.stdoutPath, 'utf8')) as {
      argv: string[];
      cwd: string;
      env: Record<string, unknown>;
    };
    assert.deepEqual(seen.argv, hostile);
    assert.equal(seen.cwd, folder.path);
    assert.deepEqual(seen.env, { HS_TEST_VALUE: 'x y $HOME', HS_TEST_PATH_SEEN: true });
    assert.equal(existsSync(join(folder.path, 'pwned')), false);
    assert.equal(existsSync(join(folder.path, 'pwned2')), false);
  });

  void test('stdin is closed: a trial reading it sees end of input at once', async () => {
    const started = await start([node, '-e', 'process.stdin.on("data",()=>{}).on("end",()=>console.log("eof"))']);
    await started.trial.exited;
    assert.equal(readFileSync(started.stdoutPath, 'utf8'), 'eof\n');
  });
});

void describe('LocalLauncher: logs and callbacks', () => {
  void test('stdout and stderr go to their own files, and a re-run appends', async () => {
    const script = 'echo "out $1"; echo "err $1" >&2';
    const first = await start(['sh', '-c', script, 'sh', 'first']);
    await first.trial.exited;
    const again = await start(['sh', '-c', script, 'sh', 'second'], {
      stdoutPath: first.stdoutPath,
      stderrPath: first.stderrPath,
    });
    await again.trial.exited;
    assert.equal(readFileSync(first.stdoutPath, 'utf8'), 'out first\nout second\n');
    assert.equal(readFileSync(first.stderrPath, 'utf8'), 'err first\nerr second\n');
  });

  void test('callbacks see every byte of a 1 MB burst, and the log is complete when exit is reported', async () => {
    const size = 1024 * 1024;
    const program = `const b=Buffer.alloc(${size});for(let i=0;i<b.length;i++)b[i]=97+(i%26);` +
      'process.stdout.write(b);process.stderr.write(b.subarray(0,1000));';
    const started = await start([node, '-e', program]);
    const exit = await started.trial.exited;
    assert.deepEqual(exit, { exitCode: 0, signal: null });
    const expected = Buffer.alloc(size);
    for (let i = 0; i < size; i += 1) expected[i] = 97 + (i % 26);
    assert.ok(Buffer.concat(started.seen.stdout).equals(expected), 'callback bytes differ');
    assert.ok(readFileSync(started.stdoutPath).equals(expected), 'log bytes differ');
    assert.ok(Buffer.concat(started.seen.stderr).equals(expected.subarray(0, 1000)));
    assert.ok(readFileSync(started.stderrPath).equals(expected.subarray(0, 1000)));
  });

  void test('a throwing output callback does not stop the trial; the log says why', async () => {
    const started = await start(['sh', '-c', 'echo one; echo two'], {
      onStdout: () => {
        throw new Error('parser broke');
      },
    });
    assert.deepEqual(await started.trial.exited, { exitCode: 0, signal: null });
    const log = readFileSync(started.stdoutPath, 'utf8');
    assert.match(log, /one/);
    assert.match(log, /\[hypersweep\] output handler failed.*parser broke/);
  });
});

void describe('LocalLauncher: stop', () => {
  void test('a trial that handles SIGTERM ends gracefully', async () => {
    const program = 'process.on("SIGTERM",()=>{console.log("saving");process.exit(0)});console.log("ready");setInterval(()=>{},1000)';
    const started = await start([node, '-e', program]);
    await printed(started, 'ready');
    const exit = await started.trial.stop('user', 10_000);
    assert.deepEqual(exit, { exitCode: 0, signal: null, stopReason: 'user' });
    assert.match(readFileSync(started.stdoutPath, 'utf8'), /saving/);
  });

  void test('a trial that ignores SIGTERM is killed after the grace period', async () => {
    const started = await start(['sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done']);
    await printed(started, 'ready');
    const exit = await started.trial.stop('trial_timeout', 200);
    assert.deepEqual(exit, { exitCode: null, signal: 'SIGKILL', stopReason: 'trial_timeout' });
    assert.deepEqual(livePidsInSession(started.trial.pid ?? 0), []);
  });

  void test('stopping twice or after the end is harmless and keeps the first reason', async () => {
    const started = await start(['sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done']);
    await printed(started, 'ready');
    const first = started.trial.stop('early_termination', 60_000);
    const second = started.trial.stop('user', 0); // brings the SIGKILL forward
    assert.deepEqual(await first, { exitCode: null, signal: 'SIGKILL', stopReason: 'early_termination' });
    assert.deepEqual(await second, await first);
    assert.deepEqual(await started.trial.stop('user'), await first);

    const ended = await start(['true']);
    await ended.trial.exited;
    assert.deepEqual(await ended.trial.stop('user'), { exitCode: 0, signal: null });
  });
});

void describe('LocalLauncher: no orphan survives its trial', () => {
  for (const variant of ['sharing the output pipe', 'with their own output'] as const) {
    void test(`children and grandchildren that ignore SIGTERM die when the leader exits (${variant})`, async () => {
      const flags = variant === 'with their own output' ? ['--detach-output'] : [];
      const started = await start([node, join(fixtures, 'forking-tree.js'), '2', ...flags]);
      const exit = await started.trial.exited;
      const pids = reportedPids(readFileSync(started.stdoutPath, 'utf8'));
      try {
        assert.deepEqual(exit, { exitCode: 0, signal: null });
        assert.equal(pids.length, 5, 'leader, 2 children, 2 grandchildren');
        assert.ok(await eventually(() => livePids(pids).length === 0), `still running: ${livePids(pids).join(' ')}`);
        assert.deepEqual(livePidsInSession(started.trial.pid ?? 0), []);
      } finally {
        killAll(pids);
      }
    });
  }

  void test('stop() takes down a whole tree that ignores SIGTERM', async () => {
    const started = await start([node, join(fixtures, 'forking-tree.js'), '2', '--stay']);
    await printed(started, 'ready');
    const pids = reportedPids(Buffer.concat(started.seen.stdout).toString());
    try {
      assert.equal(pids.length, 5);
      const exit = await started.trial.stop('user', 200);
      assert.deepEqual(exit, { exitCode: null, signal: 'SIGKILL', stopReason: 'user' });
      assert.ok(await eventually(() => livePids(pids).length === 0), `still running: ${livePids(pids).join(' ')}`);
    } finally {
      killAll(pids);
    }
  });
});

void describe('LocalLauncher: a descendant that leaves the group (documented limit)', () => {
  void test('does not hold the trial open forever by keeping the output pipe', async () => {
    // setsid moves the sleep into a new session, out of reach of group signals; it keeps the
    // trial's stdout open. The launcher stops waiting for the pipe and reports the exit anyway.
    const marker = join(folder.path, 'escaped.pid');
    const script = `setsid sh -c 'echo pid=$$; echo $$ > "$1"; exec sleep 30' sh "$1" &
      until [ -s "$1" ]; do sleep 0.01; done; echo done`;
    const started = await start(['sh', '-c', script, 'sh', marker]);
    const exit = await started.trial.exited;
    const pids = reportedPids(readFileSync(started.stdoutPath, 'utf8'));
    killAll(pids);
    assert.deepEqual(exit, { exitCode: 0, signal: null });
    assert.equal(pids.length, 1);
    assert.match(readFileSync(started.stdoutPath, 'utf8'), /done/);
  });
});

void describe('LocalLauncher: trials that cannot start', () => {
  async function failure(argv: string[], extra: Partial<LaunchRequest> = {}): Promise<string> {
    const { trial } = await start(argv, extra);
    assert.equal(trial.pid, undefined);
    const exit = await trial.exited;
    assert.equal(exit.exitCode, null);
    assert.equal(exit.signal, null);
    assert.deepEqual(await trial.stop('user'), exit);
    return exit.error ?? '';
  }

  void test('a missing program', async () => {
    assert.match(await failure(['hypersweep-no-such-program-xyz', '--lr', '1']), /program "hypersweep-no-such-program-xyz" not found/);
  });

  void test('a program that is not executable', async () => {
    const script = join(folder.path, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    assert.match(await failure([script]), /permission denied.*chmod \+x/);
  });

  void test('a missing working directory', async () => {
    const cwd = join(folder.path, 'no-such-dir');
    assert.match(await failure(['true'], { cwd }), /working directory .*no-such-dir does not exist/);
  });

  void test('an empty command', async () => {
    assert.match(await failure([]), /empty command/);
  });

  void test('a log file that cannot be created', async () => {
    const blocker = join(folder.path, 'a-file');
    writeFileSync(blocker, '');
    assert.match(await failure(['true'], { stdoutPath: join(blocker, 'stdout.log') }), /log/);
  });

  void test('an argument the OS cannot pass (NUL byte)', async () => {
    assert.match(await failure(['echo', 'a\0b']), /could not start "echo"/);
  });
});
