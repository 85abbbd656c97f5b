/**
 * The SSH launcher against two real sshd on loopback (test/support/sshPool.ts): trials on both
 * hosts with per-slot GPUs, live output, exit codes from the exit file, stop without leftovers,
 * re-attach after the runner let go, lease expiry, injection strings, a frozen host and a killed one.
 * The "remote" homes are on this machine, so the test reads remote trial folders directly.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchedTrial, LaunchRequest, SweepContext } from '../../../../src/core/launchers/launcher';
import { SshLauncher, type SshLauncherOptions } from '../../../../src/core/launchers/ssh/sshLauncher';
import type { SshTarget } from '../../../../src/core/targets/model';
import { sshPoolSkipReason, startSshPool, type PoolHostName, type SshPool } from '../../../support/sshPool';
import { eventually, tempFolder } from '../support';

const skip = sshPoolSkipReason();
if (skip !== undefined) process.stdout.write(`# skipping the SSH launcher tests: ${skip}\n`);

async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  assert.ok(await eventually(condition, limitMs), what);
}

void describe('SshLauncher against real sshd', { skip, timeout: 240_000 }, () => {
  let pool: SshPool;
  let server: Server;
  let trackingPort = 0;
  const pings: string[] = [];
  const folder = tempFolder();
  const codeDir = join(folder.path, 'code');
  const launchers: SshLauncher[] = [];
  const log: string[] = [];
  let counter = 0;

  const target: SshTarget = {
    type: 'ssh',
    name: 'pool',
    hosts: [{ host: 'hs-a' }, { host: 'hs-b' }],
    gpus: ['0', '1'],
    work_root: '~/.hypersweep',
    setup: 'SETUP_RAN=yes; export SETUP_RAN',
    env: { TARGET_VAR: 'from target' },
  };
  const context = (): SweepContext => ({ sweepDir: join(folder.path, 'sweep'), sweepName: 'sshtest', codeDir, trackingPort, log: (m) => log.push(m) });

  async function launcher(options: SshLauncherOptions = {}, definition: SshTarget = target): Promise<SshLauncher> {
    const made = new SshLauncher(definition, { connection: await pool.connection(), hostDownGraceMs: 2000, checkIntervalMs: 1000, ...options });
    launchers.push(made);
    await made.prepare(context());
    return made;
  }

  function request(argv: string[], env: Record<string, string> = {}): LaunchRequest & { seen: Buffer[] } {
    counter += 1;
    const dir = join(folder.path, 'sweep', 'trials', `t_${counter}`);
    mkdirSync(join(dir, 'outputs', 'model'), { recursive: true });
    const seen: Buffer[] = [];
    return {
      trialId: `sshtest_${counter}`,
      argv,
      cwd: codeDir,
      env: { HYPERSWEEP_TRIAL_DIR: dir, MLFLOW_TRACKING_URI: `http://127.0.0.1:${trackingPort}`, ...env },
      stdoutPath: join(dir, 'stdout.log'),
      stderrPath: join(dir, 'stderr.log'),
      seen,
      onStdout: (chunk) => seen.push(chunk),
    };
  }

  /** Live processes of a host's user whose command line contains `marker`. */
  function remote(name: PoolHostName, marker: string): string[] {
    let out: string[];
    try {
      out = execFileSync('ps', ['-o', 'stat=,args=', '-u', pool.host(name).user], { encoding: 'utf8' }).split('\n');
    } catch {
      return []; // ps exits 1 when the user has no process
    }
    return out.filter((line) => line.includes(marker) && !line.trim().startsWith('Z'));
  }

  before(async () => {
    pool = await startSshPool();
    mkdirSync(codeDir, { recursive: true });
    writeFileSync(join(codeDir, 'data.txt'), 'snapshot file\n');
    server = createServer((req, res) => {
      pings.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    trackingPort = typeof address === 'object' && address !== null ? address.port : 0;
  });

  after(async () => {
    await Promise.all(launchers.map((made) => made.dispose()));
    await new Promise((resolve) => server.close(resolve));
    await pool.stop();
    folder.remove();
  });

  test('trials run on both hosts with per-slot GPUs, env, setup, snapshot cwd, tunnel; output live; exit codes from the exit file', async () => {
    const pool4 = await launcher();
    assert.equal(pool4.slots, 4);
    assert.equal(pool4.available(), 4);
    // Every trial holds its slot until all four are launched (the hosts share this machine's /tmp),
    // so no slot is freed and reused while a slow machine is still launching the later ones.
    const go = join('/tmp', `hypersweep-ssh-go-${process.pid}-${Date.now()}`);
    const script = [
      `while [ ! -e '${go}' ]; do sleep 0.05; done`,
      'echo "host=$HYPERSWEEP_HOST gpus=$CUDA_VISIBLE_DEVICES order=$CUDA_DEVICE_ORDER hg=$HYPERSWEEP_GPUS t=$TARGET_VAR s=$SETUP_RAN"',
      'cat data.txt',
      'echo "dir=$HYPERSWEEP_TRIAL_DIR"',
      'python3 -c "import os,urllib.request; urllib.request.urlopen(os.environ[\'MLFLOW_TRACKING_URI\'] + \'/ping-$1\').read()"',
      'echo "$1" >"$HYPERSWEEP_TRIAL_DIR/outputs/model/w.txt"',
      'echo err-$1 >&2',
      'exit "$1"',
    ].join('\n');
    const requests = [0, 1, 2, 3].map(() => request([]));
    const trials: LaunchedTrial[] = [];
    for (const [i, r] of requests.entries()) trials.push(await pool4.launch({ ...r, argv: ['sh', '-c', script, 'sh', String(i + 1)] }));
    writeFileSync(go, '');
    const exits = await Promise.all(trials.map((trial) => trial.exited)).finally(() => rmSync(go, { force: true }));
    assert.deepEqual(exits.map((exit) => exit.exitCode), [1, 2, 3, 4]);
    assert.deepEqual(trials.map((trial) => [trial.placement?.host, trial.placement?.gpus?.join(','), trial.placement?.slot]), [
      ['hs-a', '0', 0], ['hs-a', '1', 1], ['hs-b', '0', 2], ['hs-b', '1', 3],
    ]);
    for (const [i, r] of requests.entries()) {
      const trial = trials[i];
      assert.ok(trial?.handle !== undefined && typeof trial.pid === 'number');
      const out = readFileSync(r.stdoutPath, 'utf8');
      const host = trial.placement?.host ?? '';
      assert.match(out, new RegExp(`^host=${host} gpus=${i % 2} order=PCI_BUS_ID hg=${i % 2} t=from target s=yes\nsnapshot file\ndir=${String(trial.handle['dir'])}\n$`));
      assert.equal(Buffer.concat(r.seen).toString('utf8'), out, 'onStdout saw the same bytes');
      assert.equal(readFileSync(r.stderrPath, 'utf8'), `err-${i + 1}\n`);
      assert.equal(readFileSync(join(r.stdoutPath, '..', 'outputs', 'model', 'w.txt'), 'utf8'), `${i + 1}\n`, 'outputs copied back');
    }
    assert.deepEqual([...pings].sort(), ['/ping-1', '/ping-2', '/ping-3', '/ping-4'], 'MLflow endpoint reached through the tunnels');
    await pool4.dispose();
  });

  test('stop ends the remote process group quickly and leaves nothing; injection strings execute nothing', async () => {
    const made = await launcher();
    const trial = await made.launch(request(['sh', '-c', 'sleep 301 & sleep 301']));
    await until(() => remote('hs-a', 'sleep 301').length >= 2, 'the trial and its child run remotely');
    const exit = await trial.stop('user', 1000);
    assert.equal(exit.stopReason, 'user');
    assert.equal(exit.signal, 'SIGTERM');
    await until(() => remote('hs-a', 'sleep 301').length === 0, 'no remote process left');

    const marker = `/tmp/hs-pwned-${process.pid}`;
    const evil = [`a b; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `'"; touch ${marker}; '`, `x\ntouch ${marker}\n`];
    const r = request(['sh', '-c', 'for a; do printf "[%s]" "$a"; done; printf "{%s}" "$EVIL"', 'sh', ...evil], { EVIL: evil.join('|') });
    const injected = await made.launch(r);
    assert.equal((await injected.exited).exitCode, 0);
    assert.equal(readFileSync(r.stdoutPath, 'utf8'), `${evil.map((value) => `[${value}]`).join('')}{${evil.join('|')}}`);
    assert.equal(existsSync(marker), false, 'nothing was executed');
    await made.dispose();
  });

  test('after dispose the trial keeps running; reattach continues the log with nothing lost or duplicated', async () => {
    const first = await launcher();
    const r = request(['sh', '-c', 'i=1; while [ $i -le 12 ]; do echo "line $i"; i=$((i+1)); sleep 0.15; done']);
    const trial = await first.launch(r);
    await until(() => Buffer.concat(r.seen).toString('utf8').includes('line 3'), 'some output arrived');
    await first.dispose();
    const handle = trial.handle;
    assert.ok(handle !== undefined);
    const second = await launcher();
    const seen: Buffer[] = [];
    const again = await second.reattach(handle, { ...r, onStdout: (chunk) => seen.push(chunk) });
    assert.notEqual(again, 'gone');
    if (again === 'gone') return;
    assert.equal((await again.exited).exitCode, 0);
    const expected = Array.from({ length: 12 }, (_, i) => `line ${i + 1}\n`).join('');
    assert.equal(readFileSync(r.stdoutPath, 'utf8'), expected);
    assert.equal(Buffer.concat(seen).toString('utf8'), expected, 'the re-attached stream starts at byte 0');
    assert.equal(await second.reattach({ ...handle, pid: 999999, dir: `${String(handle['dir'])}-missing` }, r), 'gone');
    await second.dispose();
  });

  test('an orphan ends when its lease is not renewed', async () => {
    const made = await launcher({ leaseTtlSec: 2 });
    const trial = await made.launch(request(['sleep', '302']));
    await made.dispose();
    const dir = String(trial.handle?.['dir']);
    await until(() => existsSync(join(dir, 'exit')), 'the lease watchdog ended the trial', 15_000);
    assert.match(readFileSync(join(dir, 'exit'), 'utf8'), / lease/);
    assert.equal(remote('hs-a', 'sleep 302').length, 0);
  });

  test('a frozen host is detected, its trial ends with a host failure, its slots come back when it thaws', async () => {
    const made = await launcher({}, { ...target, gpus: undefined, slots: 1 });
    let changes = 0;
    made.onAvailabilityChange(() => (changes += 1));
    const onA = await made.launch(request(['sleep', '303']));
    assert.equal(onA.placement?.host, 'hs-a');
    pool.freezeHost('hs-a');
    try {
      const exit = await onA.exited;
      assert.match(exit.hostFailure ?? '', /hs-a stopped answering/);
      assert.equal(made.available(), 1);
      assert.ok(changes >= 1);
    } finally {
      pool.thawHost('hs-a');
    }
    await until(() => made.available() === 2, 'hs-a is back', 20_000);
    await until(() => remote('hs-a', 'sleep 303').length === 0, 'the abandoned trial is killed once the host is back');
    await made.dispose();
  });

  test('a killed host: its trial ends with a host failure and its slots are withdrawn; the other host goes on', async () => {
    const made = await launcher({}, { ...target, gpus: undefined, slots: 1 });
    const onA = await made.launch(request(['sleep', '304']));
    const onB = await made.launch(request(['sh', '-c', 'sleep 2; echo done']));
    assert.equal(onB.placement?.host, 'hs-b');
    await pool.killHost('hs-a');
    const exit = await onA.exited;
    assert.match(exit.hostFailure ?? '', /hs-a/);
    assert.equal(exit.exitCode, null);
    assert.equal(made.available(), 1);
    assert.equal((await onB.exited).exitCode, 0);
    const next = await made.launch(request(['echo', 'still here']));
    assert.equal(next.placement?.host, 'hs-b');
    assert.equal((await next.exited).exitCode, 0);
    await made.dispose();
  });
});
