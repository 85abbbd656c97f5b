/**
 * Real sweeps on the loopback SSH pool (two sshd, test/support/sshPool.ts) through the real CLI:
 * `hypersweep run` with a targets file, trials across both hosts with per-slot GPUs, stdout and
 * MLflow metrics from the remote trials, cancel leaving nothing running remotely, kill -9 of the
 * runner then `resume` re-attaching without lost or duplicated output, and a host killed mid-sweep
 * whose trials run again on the other host.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { replay } from '../../src/core/journal/replay';
import type { SweepState } from '../../src/core/journal/state';
import { tempFolder } from '../core/scheduler/support';
import { sshPoolSkipReason, startSshPool, type PoolHostName, type SshPool } from '../support/sshPool';
import { ensureCliBuilt, runCli, startCli, waitUntil } from './support';

const skip = sshPoolSkipReason();
if (skip !== undefined) process.stdout.write(`# skipping the SSH sweep tests: ${skip}\n`);

const TRIAL = `import os, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics"))
from mlflow_http import start_run
x = float(sys.argv[1])
delay = float(sys.argv[2])
run = start_run()
print("host=%s gpus=%s" % (os.environ["HYPERSWEEP_HOST"], os.environ.get("CUDA_VISIBLE_DEVICES")), flush=True)
for step in range(4):
    try:
        run.log_metric("val_loss", x + step, step=step)
    except Exception as error:  # the runner (and its tunnel) may be gone for a while: stdout still counts
        print("mlflow: %s" % error, file=sys.stderr, flush=True)
    print("loss=%s" % (x + 1.0 / (step + 1)), flush=True)
    time.sleep(delay)
try:
    run.end_run()
except Exception:
    pass
`;

function spec(delay: number, total: number, concurrent: number, extra: readonly string[] = []): string {
  return [
    'type: sweep',
    'compute: pool',
    'trial:',
    `  command: python3 trial.py \${{search_space.x}} ${delay}`,
    '  code: ./code',
    'objective:',
    '  goal: minimize',
    '  primary_metric: loss',
    'sampling_algorithm: grid',
    'search_space:',
    '  x:',
    '    type: choice',
    `    values: [${Array.from({ length: total }, (_, i) => i + 1).join(', ')}]`,
    'limits:',
    `  max_total_trials: ${total}`,
    `  max_concurrent_trials: ${concurrent}`,
    ...extra,
    '',
  ].join('\n');
}

async function stateOf(sweepDir: string): Promise<SweepState> {
  return replay((await readJournal(join(sweepDir, 'journal.jsonl'))).events);
}

describe('sweeps on an SSH target through the CLI', { skip, timeout: 300_000 }, () => {
  let pool: SshPool;
  const folder = tempFolder('hypersweep-cli-ssh-');
  let n = 0;

  /** Live processes of a host's user running a trial (python3 trial.py). */
  function remoteTrials(name: PoolHostName): string[] {
    let out: string[];
    try {
      out = execFileSync('ps', ['-o', 'stat=,args=', '-u', pool.host(name).user], { encoding: 'utf8' }).split('\n');
    } catch {
      return []; // ps exits 1 when the user has no process
    }
    return out.filter((line) => line.includes('trial.py') && !line.trim().startsWith('Z'));
  }

  /** Entries of a folder on a pool host (the hosts are this machine's users); [] when absent. */
  function remoteEntries(dir: string): string[] {
    return existsSync(dir) ? readdirSync(dir) : [];
  }

  /** A project folder with the code, the targets file and a spec; returns its paths. */
  function project(yaml: string, targetExtra = 'gpus: [0, 1]'): { dir: string; specPath: string; sweepDir: string } {
    n += 1;
    const dir = join(folder.path, `p${n}`);
    mkdirSync(join(dir, 'code', 'metrics'), { recursive: true });
    writeFileSync(join(dir, 'code', 'trial.py'), TRIAL);
    writeFileSync(join(dir, 'code', 'metrics', 'mlflow_http.py'), readFileSync(join(__dirname, '..', 'fixtures', 'metrics', 'mlflow_http.py')));
    writeFileSync(join(dir, 'hypersweep.targets.yaml'), [
      'targets:',
      '  pool:',
      '    type: ssh',
      '    hosts: [hs-a, hs-b]',
      `    ssh_config: ${pool.configFile}`,
      `    ${targetExtra}`,
      '    work_root: ~/.hypersweep',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'sweep.yaml'), yaml);
    return { dir, specPath: join(dir, 'sweep.yaml'), sweepDir: join(dir, 'out') };
  }

  before(async () => {
    await ensureCliBuilt();
    pool = await startSshPool();
    // Quick host-failure detection for the runner processes the tests start.
    process.env['HYPERSWEEP_SSH_DOWN_GRACE_MS'] = '2000';
    process.env['HYPERSWEEP_SSH_CHECK_MS'] = '1000';
    process.env['HYPERSWEEP_SSH_ALIVE_SEC'] = '1';
  });

  after(async () => {
    await pool.stop();
    folder.remove();
  });

  test('a sweep runs on both hosts, one trial per GPU slot, with stdout and MLflow metrics', async () => {
    const p = project(spec(0.4, 4, 4));
    const result = await runCli(['run', p.specPath, '--out', p.sweepDir, '--target', 'pool'], p.dir);
    assert.equal(result.code, 0, result.stderr);
    const state = await stateOf(p.sweepDir);
    assert.equal(state.trials.length, 4);
    const seen = new Set<string>();
    for (const trial of state.trials) {
      assert.equal(trial.status, 'Completed', JSON.stringify(trial));
      const host = trial.placement?.host ?? '';
      const gpus = (trial.placement?.gpus ?? []).join(',');
      seen.add(`${host}/${gpus}`);
      const out = readFileSync(join(p.sweepDir, 'trials', trial.id, 'stdout.log'), 'utf8');
      assert.match(out, new RegExp(`^host=${host} gpus=${gpus}\n`));
      assert.equal(trial.metrics['loss']?.length, 4, 'stdout metrics');
      assert.equal(trial.metrics['val_loss']?.length, 4, 'MLflow metrics through the tunnel');
    }
    assert.deepEqual([...seen].sort(), ['hs-a/0', 'hs-a/1', 'hs-b/0', 'hs-b/1']);
    // The sweep ended: its trial folders and leases are gone from the hosts; code snapshots stay.
    for (const name of ['hs-a', 'hs-b'] as const) {
      const root = join(pool.host(name).home, '.hypersweep');
      assert.deepEqual(remoteEntries(join(root, 'runs')), [], `${name}: trial folders left behind`);
      assert.deepEqual(remoteEntries(join(root, 'leases')), [], `${name}: lease left behind`);
      assert.ok(remoteEntries(join(root, 'code')).length > 0, `${name}: the code snapshot is kept for the next sweep`);
    }
  });

  test('cancel stops the remote trials; nothing is left running on any host', async () => {
    const p = project(spec(5, 4, 4));
    const running = startCli(['run', p.specPath, '--out', p.sweepDir], p.dir);
    assert.ok(await waitUntil(() => remoteTrials('hs-a').length + remoteTrials('hs-b').length >= 4, 30_000), 'trials run remotely');
    const cancel = await runCli(['cancel', p.sweepDir], p.dir);
    assert.equal(cancel.code, 0, cancel.stderr);
    await running.done;
    assert.ok(await waitUntil(() => remoteTrials('hs-a').length + remoteTrials('hs-b').length === 0, 10_000), 'no remote trial left');
  });

  test('kill -9 of the runner, then resume: re-attached trials lose and repeat no output', async () => {
    const p = project(spec(1, 2, 2));
    const running = startCli(['run', p.specPath, '--out', p.sweepDir], p.dir);
    const logs = (): string[] => {
      const trials = join(p.sweepDir, 'trials');
      return existsSync(trials) ? readdirSync(trials).map((id) => join(trials, id, 'stdout.log')).filter(existsSync) : [];
    };
    assert.ok(await waitUntil(() => logs().length === 2 && logs().every((log) => readFileSync(log, 'utf8').includes('loss=')), 30_000), 'both trials report');
    running.child.kill('SIGKILL');
    await running.done;
    const resumed = await runCli(['resume', p.sweepDir], p.dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const state = await stateOf(p.sweepDir);
    for (const trial of state.trials) {
      assert.equal(trial.status, 'Completed');
      assert.equal(trial.attempts, 1, 're-attached, not re-run');
      const out = readFileSync(join(p.sweepDir, 'trials', trial.id, 'stdout.log'), 'utf8');
      assert.equal(out.match(/^host=/gm)?.length, 1, out);
      assert.equal(out.match(/^loss=/gm)?.length, 4, out);
      assert.equal(trial.metrics['loss']?.length, 4);
    }
  });

  test('after kill -9 and resume, a re-attached trial\'s MLflow calls still reach the sweep (same tunnel port, its token accepted)', async () => {
    const p = project(spec(2, 1, 1));
    const running = startCli(['run', p.specPath, '--out', p.sweepDir], p.dir);
    const log = (): string => {
      const trials = join(p.sweepDir, 'trials');
      const ids = existsSync(trials) ? readdirSync(trials) : [];
      return ids.length === 1 && ids[0] !== undefined && existsSync(join(trials, ids[0], 'stdout.log')) ? readFileSync(join(trials, ids[0], 'stdout.log'), 'utf8') : '';
    };
    assert.ok(await waitUntil(() => log().includes('loss='), 30_000), 'the trial reports');
    running.child.kill('SIGKILL');
    await running.done;
    const resumed = await runCli(['resume', p.sweepDir], p.dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const [trial] = (await stateOf(p.sweepDir)).trials;
    assert.equal(trial?.attempts, 1, 're-attached, not re-run');
    // Steps come 2 s apart: the last one is logged well after the resumed runner took over.
    const steps = (trial?.metrics['val_loss'] ?? []).map((point) => point.step);
    const stderr = readFileSync(join(p.sweepDir, 'trials', trial?.id ?? '', 'stderr.log'), 'utf8');
    assert.ok(steps.includes(3), `the last MLflow value (step 3) is recorded: steps ${JSON.stringify(steps)}; trial stderr: ${stderr}`);
  });

  test('early termination stops remote trials: the stopped ones end early, explained, and nothing is left on the hosts', async () => {
    // Trial x reports x + 1/(step+1): a larger x is worse at every step, so median stopping stops
    // trials of larger x as soon as they are evaluated and never the x = 1 trial.
    const p = project(spec(1, 4, 2, [
      'early_termination:',
      '  type: median_stopping',
      '  evaluation_interval: 1',
      '  delay_evaluation: 1',
    ]), 'slots: 1');
    const result = await runCli(['run', p.specPath, '--out', p.sweepDir], p.dir);
    assert.equal(result.code, 0, result.stderr);
    const state = await stateOf(p.sweepDir);
    const stopped = state.trials.filter((trial) => trial.reason === 'early_termination');
    assert.ok(stopped.length >= 1, JSON.stringify(state.trials.map((t) => [t.params['x'], t.status, t.reason])));
    assert.equal(state.trials.find((trial) => trial.params['x'] === 1)?.status, 'Completed');
    for (const trial of stopped) {
      assert.equal(trial.status, 'Canceled');
      assert.ok(Number(trial.params['x']) >= 2, `the best trial (x=1) is never stopped: x=${String(trial.params['x'])}`);
      // Values printed between the decision and the kill are kept but marked after-stop.
      const counted = (trial.metrics['loss'] ?? []).filter((point) => point.afterStop !== true);
      assert.ok(counted.length < 4, `stopped before its last step: ${JSON.stringify(trial.metrics['loss'])}`);
    }
    const decisions = (await readJournal(join(p.sweepDir, 'journal.jsonl'))).events.filter((e) => e.type === 'policy-decision');
    assert.ok(decisions.length >= stopped.length, 'each stop is journaled with its explanation');
    assert.ok(await waitUntil(() => remoteTrials('hs-a').length + remoteTrials('hs-b').length === 0, 10_000), 'no remote trial left');
  });

  test('HYPERSWEEP_SSH_PATH (the hypersweep.ssh.path setting) is the ssh program the runner uses', async () => {
    const p = project(spec(0.2, 2, 2), 'slots: 1');
    const calls = join(p.dir, 'ssh-calls.log');
    const wrapper = join(p.dir, 'my-ssh');
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${calls}'\nexec ssh "$@"\n`, { mode: 0o755 });
    const result = await runCli(['run', p.specPath, '--out', p.sweepDir], p.dir, { HYPERSWEEP_SSH_PATH: wrapper });
    assert.equal(result.code, 0, result.stderr);
    const state = await stateOf(p.sweepDir);
    assert.deepEqual(state.trials.map((trial) => trial.status), ['Completed', 'Completed']);
    assert.ok(existsSync(calls), 'the wrapper was never called');
    const hosts = new Set(readFileSync(calls, 'utf8').split('\n').flatMap((line) => line.match(/\bhs-[ab]\b/g) ?? []));
    assert.deepEqual([...hosts].sort(), ['hs-a', 'hs-b'], 'both hosts reached through the configured ssh');
  });

  test('ssh drops the connection while a trial is being started (exit 255): the trial runs again, the sweep completes with exit 0', async () => {
    const p = project(spec(0.2, 3, 2), 'slots: 1');
    const dropped = join(p.dir, 'dropped-once');
    const wrapper = join(p.dir, 'flaky-ssh');
    // A trial is started with `ssh … hs-b 'sh -s'` (the start script on stdin): the first start on
    // hs-b fails as ssh does when the connection goes away (status 255, its own message). Every
    // other call, the control master's included, is passed through untouched.
    writeFileSync(wrapper, [
      '#!/bin/sh',
      'case "$*" in',
      `  *hs-b*"sh -s") if [ ! -e '${dropped}' ]; then`,
      `    cat >/dev/null; : > '${dropped}'; echo "Connection to hs-b closed by remote host." >&2; exit 255`,
      '  fi;;',
      'esac',
      'exec ssh "$@"',
      '',
    ].join('\n'), { mode: 0o755 });
    const result = await runCli(['run', p.specPath, '--out', p.sweepDir], p.dir, { HYPERSWEEP_SSH_PATH: wrapper });
    assert.ok(existsSync(dropped), 'the wrapper never dropped a start');
    assert.equal(result.code, 0, result.stderr);
    const state = await stateOf(p.sweepDir);
    const completed = state.trials.filter((trial) => trial.status === 'Completed');
    assert.deepEqual(completed.map((trial) => trial.params['x']).sort(), [1, 2, 3]);
  });

  test('a host killed mid-sweep: its trials run again on the other host and the sweep completes', async () => {
    const p = project(spec(1, 4, 2), 'slots: 1');
    const running = startCli(['run', p.specPath, '--out', p.sweepDir], p.dir);
    assert.ok(await waitUntil(() => remoteTrials('hs-a').length > 0 && remoteTrials('hs-b').length > 0, 30_000), 'trials on both hosts');
    await pool.killHost('hs-b');
    const result = await running.done;
    assert.equal(result.code, 0, result.stderr);
    const state = await stateOf(p.sweepDir);
    const completed = state.trials.filter((trial) => trial.status === 'Completed');
    assert.deepEqual(completed.map((trial) => trial.params['x']).sort(), [1, 2, 3, 4]);
    assert.ok(completed.every((trial) => trial.placement?.host === 'hs-a' || trial.startedAt !== undefined));
    const failed = state.trials.filter((trial) => trial.status === 'Failed');
    assert.ok(failed.length >= 1 && failed.every((trial) => (trial.note ?? '').includes('hs-b')), JSON.stringify(failed));
  });
});
