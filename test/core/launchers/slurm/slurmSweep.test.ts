/**
 * Sweeps on a real single-node Slurm cluster (4 fake GPUs), through the CLI as a user runs them:
 * `hypersweep run --target cluster` with a hypersweep.targets.yaml. Needs root (the fixture starts
 * munged, slurmctld and slurmd); skipped with the reason otherwise.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEvent } from '../../../../src/core/journal/events';
import { readJournal } from '../../../../src/core/journal/reader';
import { eventsOf, tempFolder } from '../../scheduler/support';
import { ensureCliBuilt, runCli, startCli, waitUntil } from '../../../cli/support';
import { SlurmCluster, slurmSkipReason } from '../../../support/slurmCluster';
import { sshPoolSkipReason, startSshPool } from '../../../support/sshPool';
import { checkSlurmTarget } from '../../../../src/extension/targets/slurmCheck';

const skip = slurmSkipReason();
if (skip !== undefined) console.log(`# Slurm tests skipped: ${skip}`);

const folder = tempFolder('hypersweep-slurm-');
let cluster: SlurmCluster | undefined;

before(async () => {
  if (skip !== undefined) return;
  await ensureCliBuilt();
  cluster = await SlurmCluster.start();
  // The CLI under test inherits these: the cluster's config, and a quick poll.
  process.env['SLURM_CONF'] = cluster.env['SLURM_CONF'];
  process.env['HYPERSWEEP_SLURM_POLL_MS'] = '500';
});
after(async () => {
  await cluster?.stop();
  folder.remove();
});

const TRIAL = `'use strict';
// Reports what Slurm gave it, prints a loss series, exits as told.
const { writeFileSync } = require('node:fs');
const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf('--' + n); return i >= 0 ? args[i + 1] : d; };
const x = Number(opt('x', '1'));
const out = opt('out');
const start = Date.now();
console.log('gpus=' + (process.env.CUDA_VISIBLE_DEVICES ?? 'none'));
// A node-side crash that leaves no exit file: the batch wrapper itself is killed.
if (opt('kill-wrapper') === String(x)) process.kill(process.ppid, 'SIGKILL');
let step = 0;
const steps = Number(opt('steps', '3'));
const timer = setInterval(() => {
  step += 1;
  console.log('loss=' + (x / step).toFixed(3));
  if (step >= steps) {
    clearInterval(timer);
    writeFileSync(out + '/' + process.env.HYPERSWEEP_TRIAL_ID + '.json', JSON.stringify({ gpus: process.env.CUDA_VISIBLE_DEVICES, start, end: Date.now() }));
    process.exit(x === Number(opt('fail', '-1')) ? 3 : 0);
  }
}, Number(opt('delay', '300')));
`;

interface TargetShape {
  /** shared_dir (default: the cluster's shared folder). */
  readonly shared?: string;
  /** More lines of the target (indented 4). */
  readonly extra?: readonly string[];
  /** `login:` (default local). */
  readonly login?: string;
  /** Where trials write what they saw (default `<dir>/seen`). */
  readonly out?: string;
  /** The trial's command before `--out <out> <args>` (default `node trial.js`). */
  readonly command?: string;
}

function setUp(name: string, trialArgs: string, sections: string, shape: TargetShape = {}): { dir: string; spec: string; out: string } {
  if (!cluster) throw new Error('no cluster');
  const dir = join(folder.path, name);
  const out = shape.out ?? join(dir, 'seen');
  mkdirSync(dir, { recursive: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(dir, 'trial.js'), TRIAL);
  writeFileSync(join(dir, 'hypersweep.targets.yaml'), [
    'targets:',
    '  cluster:',
    '    type: slurm',
    `    login: ${shape.login ?? 'local'}`,
    `    shared_dir: ${shape.shared ?? join(cluster.dir, 'shared')}`,
    ...(shape.extra ?? ['    gres: gpu:1']),
    '    cpus_per_trial: 1',
    '    max_queued: 20',
    '',
  ].join('\n'));
  const spec = join(dir, 'sweep.yaml');
  writeFileSync(spec, [
    'type: sweep',
    'trial:',
    `  command: ${shape.command ?? 'node trial.js'} --out ${out} ${trialArgs}`,
    '  code: .',
    'objective:',
    '  goal: minimize',
    '  primary_metric: loss',
    sections.trim(),
    '',
  ].join('\n'));
  return { dir, spec, out };
}

async function events(sweepDir: string): Promise<JournalEvent[]> {
  return (await readJournal(join(sweepDir, 'journal.jsonl'))).events;
}

void test('8 trials through Slurm, 4 at once: one GPU each from --gres, stdout metrics, a failing exit code, the queue empty after', { skip, timeout: 60_000 }, async () => {
  const { dir, spec, out } = setUp('eight', '--x ${{search_space.x}} --fail 5', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2, 3, 4, 5, 6, 7, 8]
limits:
  max_total_trials: 8
  max_concurrent_trials: 4
`);
  const sweepDir = join(dir, 'run');
  const result = await runCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
  const all = await events(sweepDir);
  const ended = eventsOf(all, 'trial-ended');
  assert.equal(ended.length, 8, `${result.stdout}\n${result.stderr}`);
  assert.equal(ended.filter((e) => e.status === 'Completed').length, 7);
  const failed = ended.find((e) => e.status === 'Failed');
  assert.equal(failed?.exitCode, 3);
  const started = eventsOf(all, 'trial-started');
  assert.ok(started.every((e) => (e.handle as { kind?: string } | undefined)?.kind === 'slurm'), 'each attempt journals its Slurm job');
  assert.ok(started.some((e) => e.placement?.host === cluster?.node), 'placement names the node');
  // Metrics came back from stdout.log on the shared folder: 3 per trial.
  assert.equal(eventsOf(all, 'metric').filter((m) => m.name === 'loss').length, 24);
  // Each trial saw exactly one of the 4 GPUs, and trials running together saw different ones.
  const seen = readdirSync(out).map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as { gpus: string; start: number; end: number });
  assert.equal(seen.length, 8);
  for (const s of seen) assert.match(s.gpus, /^[0-3]$/);
  for (const a of seen) {
    const together = seen.filter((b) => b.start < a.end && a.start < b.end);
    assert.ok(together.length <= 4, 'never more than max_concurrent_trials at once');
    assert.equal(new Set(together.map((b) => b.gpus)).size, together.length, 'overlapping trials on distinct GPUs');
  }
  assert.deepEqual(cluster?.queuedJobs(), []);
});

void test('trial_timeout stops a trial with scancel: its job leaves the queue and the trial ends as timed out', { skip, timeout: 40_000 }, async () => {
  const { dir, spec } = setUp('timeout', '--x ${{search_space.x}} --steps 200 --delay 200', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1]
limits:
  max_total_trials: 1
  trial_timeout: 3
`);
  const sweepDir = join(dir, 'run');
  await runCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
  const all = await events(sweepDir);
  const ended = eventsOf(all, 'trial-ended');
  assert.equal(ended.length, 1);
  assert.notEqual(ended[0]?.status, 'Completed');
  assert.ok(eventsOf(all, 'metric').length >= 3, 'output arrived while it ran');
  assert.deepEqual(cluster?.queuedJobs(), [], 'scancel really removed the job');
});

void test('runner killed with SIGKILL, then resume: the running jobs are followed again by id and the sweep completes', { skip, timeout: 60_000 }, async () => {
  const { dir, spec } = setUp('resume', '--x ${{search_space.x}} --steps 6 --delay 500', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2, 3]
limits:
  max_total_trials: 3
  max_concurrent_trials: 3
`);
  const sweepDir = join(dir, 'run');
  const running = startCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
  const journal = join(sweepDir, 'journal.jsonl');
  assert.ok(await waitUntil(() => existsSync(journal) && (readFileSync(journal, 'utf8').match(/"type":"metric"/g) ?? []).length >= 3, 20_000), running.output());
  running.child.kill('SIGKILL');
  await running.done;
  assert.ok((cluster?.queuedJobs().length ?? 0) > 0, 'jobs outlive the runner');
  const resumed = await runCli(['resume', sweepDir], dir);
  const all = await events(sweepDir);
  const ended = eventsOf(all, 'trial-ended');
  assert.equal(ended.filter((e) => e.status === 'Completed').length, 3, `${resumed.stdout}\n${resumed.stderr}`);
  assert.equal(eventsOf(all, 'trial-interrupted').length, 0, 'no trial had to run again');
  // Every trial's series exactly once: reports seen before the kill are not journaled twice.
  for (const id of new Set(ended.map((e) => e.trialId))) {
    assert.equal(eventsOf(all, 'metric').filter((m) => m.trialId === id && m.name === 'loss').length, 6, id);
  }
  assert.deepEqual(cluster?.queuedJobs(), []);
});

void test('a node failure (slurmd killed) ends the job NODE_FAIL and the trial runs again with the same parameters', { skip, timeout: 90_000 }, async () => {
  const c = cluster;
  assert.ok(c);
  const { dir, spec } = setUp('nodefail', '--x ${{search_space.x}} --steps 400 --delay 100', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1]
limits:
  max_total_trials: 1
  trial_timeout: 75
`);
  const sweepDir = join(dir, 'run');
  const running = startCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
  const journal = join(sweepDir, 'journal.jsonl');
  assert.ok(await waitUntil(() => existsSync(journal) && readFileSync(journal, 'utf8').includes('"type":"metric"'), 20_000), running.output());
  c.killSlurmd();
  // The controller declares the node dead after SlurmdTimeout; HyperSweep submits the re-run, which
  // waits until the node is back.
  assert.ok(await waitUntil(() => (readFileSync(journal, 'utf8').match(/"type":"trial-started"/g) ?? []).length >= 2, 60_000), running.output());
  c.startSlurmd();
  running.child.kill('SIGINT');
  await running.done;
  const all = await events(sweepDir);
  const first = eventsOf(all, 'trial-ended')[0];
  assert.equal(first?.status, 'Failed');
  assert.match(first?.note ?? '', /NODE_FAIL/);
  const created = eventsOf(all, 'trial-created');
  assert.equal(created.length, 2);
  assert.equal(created[1]?.rerunOf, created[0]?.trialId);
  assert.equal(created[1]?.rerunReason, 'host_failure');
  assert.deepEqual(created[1]?.params, created[0]?.params);
  assert.deepEqual(c.queuedJobs(), [], 'Ctrl-C cancelled the re-run job');
});

void test('more trials than GPUs: the waiting jobs journal why they wait, status shows it, and they move to the node when a GPU frees', { skip, timeout: 60_000 }, async () => {
  const { dir, spec } = setUp('pending', '--x ${{search_space.x}} --steps 8 --delay 500', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2, 3, 4, 5, 6]
limits:
  max_total_trials: 6
  max_concurrent_trials: 6
`);
  const sweepDir = join(dir, 'run');
  const running = startCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
  const journal = join(sweepDir, 'journal.jsonl');
  // 4 GPUs, gpu:1 per trial: two jobs wait, and Slurm says why (Resources, or Priority behind it).
  assert.ok(await waitUntil(() => existsSync(journal) && /"pendingReason":"(Resources|Priority)"/.test(readFileSync(journal, 'utf8')), 30_000), running.output());
  const json = JSON.parse((await runCli(['status', sweepDir, '--json'], dir)).stdout) as { trials: { id: string; placement: { jobId?: string; queueState?: string; pendingReason?: string } | null }[] };
  const waiting = json.trials.filter((t) => t.placement?.queueState === 'PENDING' && t.placement.pendingReason !== undefined);
  assert.ok(waiting.length >= 1, JSON.stringify(json.trials.map((t) => t.placement)));
  const text = (await runCli(['status', sweepDir], dir)).stdout;
  const first = waiting[0];
  assert.ok(first);
  assert.match(text, new RegExp(`pending: ${first.placement?.pendingReason ?? ''}, job ${first.placement?.jobId ?? ''}`), text);
  const result = await running.done;
  const all = await events(sweepDir);
  assert.equal(eventsOf(all, 'trial-ended').filter((e) => e.status === 'Completed').length, 6, `${result.stdout}\n${result.stderr}`);
  // Every job that waited was journaled moving to the node, with its job id.
  const moved = eventsOf(all, 'trial-placement').filter((e) => e.placement.queueState === 'RUNNING');
  const startedPending = eventsOf(all, 'trial-started').filter((e) => e.placement?.queueState === 'PENDING').map((e) => e.trialId);
  assert.ok(startedPending.length >= 1 || waiting.length >= 1);
  for (const id of new Set([...startedPending, ...waiting.map((t) => t.id)])) {
    const onNode = moved.find((e) => e.trialId === id);
    assert.equal(onNode?.placement.host, cluster?.node, `${id} moved to the node`);
    assert.match(onNode?.placement.jobId ?? '', /^\d+$/);
  }
});

/** A PATH that finds everything the current one does except `missing` (a folder of symlinks). */
function pathWithout(name: string, missing: readonly string[]): string {
  const bin = join(folder.path, `path-without-${name}`);
  mkdirSync(bin, { recursive: true });
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir === '' || !existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      if (missing.includes(entry) || existsSync(join(bin, entry))) continue;
      symlinkSync(join(dir, entry), join(bin, entry));
    }
  }
  return bin;
}

const TWO_TRIALS = `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2]
limits:
  max_total_trials: 2
  max_concurrent_trials: 2
`;

void test('no sacct on PATH: a job that left no exit file is told by scontrol (killed by SIGKILL), not re-run; the other by its exit file', { skip, timeout: 60_000 }, async () => {
  const { dir, spec } = setUp('nosacct', '--x ${{search_space.x}} --kill-wrapper 2 --steps 4 --delay 200', TWO_TRIALS);
  const sweepDir = join(dir, 'run');
  const result = await runCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir, { PATH: pathWithout('sacct', ['sacct']) });
  const all = await events(sweepDir);
  const ended = eventsOf(all, 'trial-ended');
  assert.equal(ended.length, 2, `${result.stdout}\n${result.stderr}`);
  const byId = new Map(ended.map((e) => [e.trialId, e]));
  const created = eventsOf(all, 'trial-created');
  const killed = byId.get(created.find((c) => c.params['x'] === 2)?.trialId ?? '');
  assert.equal(killed?.status, 'Failed');
  assert.equal(killed?.signal, 'SIGKILL', JSON.stringify(killed));
  assert.equal(byId.get(created.find((c) => c.params['x'] === 1)?.trialId ?? '')?.status, 'Completed');
  assert.equal(created.filter((c) => c.rerunOf !== undefined).length, 0, 'scontrol knew how it ended: nothing to re-run');
});

void test('no sbatch on PATH: the sweep does not start and says what to do', { skip, timeout: 30_000 }, async () => {
  const { dir, spec } = setUp('nosbatch', '--x ${{search_space.x}}', TWO_TRIALS);
  const result = await runCli(['run', spec, '--target', 'cluster', '--out', join(dir, 'run')], dir, { PATH: pathWithout('sbatch', ['sbatch']) });
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /target cluster: `sbatch` is not on PATH: run HyperSweep on the cluster's login node, or load Slurm's module first/);
});

void test('a partition and a gres Slurm rejects: Slurm\'s own message and the targets-file line of the field', { skip, timeout: 30_000 }, async () => {
  for (const [field, line, said] of [['partition', '    partition: nope', /invalid partition/i], ['gres', '    gres: gpu:9', /gres|generic resource|Requested node configuration/i]] as const) {
    const { dir, spec } = setUp(`rejected-${field}`, '--x ${{search_space.x}}', TWO_TRIALS, { extra: [line] });
    const result = await runCli(['run', spec, '--target', 'cluster', '--out', join(dir, 'run')], dir);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /target cluster: Slurm refuses the job shape: /);
    assert.match(result.stderr, said, result.stderr);
    // The targets file's line 6 holds the field (targets:, cluster:, type, login, shared_dir, then it).
    const file = join(dir, 'hypersweep.targets.yaml');
    assert.ok(result.stderr.includes(`${file}:6:${line.indexOf(':') + 3}: ${field}: ${line.split(': ')[1] ?? ''}`), result.stderr);
  }
});

void test('a shared folder the compute node cannot see: the trial fails saying so, naming the folder and the node', { skip, timeout: 60_000 }, async () => {
  const c = cluster;
  assert.ok(c);
  const { dir, spec } = setUp('hidden', '--x ${{search_space.x}}', TWO_TRIALS, { shared: join(c.hiddenDir, 'scratch') });
  const sweepDir = join(dir, 'run');
  const result = await runCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
  const ended = eventsOf(await events(sweepDir), 'trial-ended');
  assert.equal(ended.length, 2, `${result.stdout}\n${result.stderr}`);
  for (const e of ended) {
    assert.equal(e.status, 'Failed');
    assert.match(e.note ?? '', new RegExp(`ran on node ${c.node}, but nothing it wrote reached .*: the compute nodes cannot see shared_dir ${join(c.hiddenDir, 'scratch')}`), e.note);
  }
});

/**
 * A trial that reports through MLflow only, unchanged (`import mlflow; mlflow.log_metric(...)`, no
 * start_run; a nested run and a key with "/" too). The real `mlflow` package cannot be installed on
 * the test machine (no PyPI, no Debian package): the stand-in client of
 * test/fixtures/mlflow/file-store-client is copied beside the script (code folders are synced, so it
 * reaches an ssh login's shared_dir too); it writes MLflow's file-store layout and refuses any
 * tracking URI that is not file://.
 */
const MLFLOW_TRIAL = `import json, os, sys, time
import mlflow
args = sys.argv[1:]
def opt(name, default=None):
    return args[args.index('--' + name) + 1] if '--' + name in args else default
x = float(opt('x', '1'))
seen = {k: os.environ.get(k) for k in ('MLFLOW_TRACKING_URI', 'MLFLOW_RUN_ID', 'MLFLOW_EXPERIMENT_ID', 'MLFLOW_TRACKING_TOKEN', 'HYPERSWEEP_TRIAL_DIR')}
with open(os.path.join(opt('out'), os.environ['HYPERSWEEP_TRIAL_ID'] + '.json'), 'w') as f:
    json.dump(seen, f)
for step in range(int(opt('steps', '4')) if x < 5 else 60):
    mlflow.log_metric('loss', x / (step + 1), step=step)
    if step == 0:
        with mlflow.start_run(nested=True):
            mlflow.log_metric('loss', 1000.0)
        mlflow.log_metric('val/acc', 0.5, step=0)
        mlflow.log_param('x_seen', x)
        mlflow.set_tag('phase', 'train')
    time.sleep(float(opt('delay', '0.25')))
`;

const CLIENT = join(__dirname, '../../../fixtures/mlflow/file-store-client/mlflow');

/** The sweep folder set up for an MLflow-only trial (MLFLOW_TRIAL and the stand-in client beside it). */
function setUpMlflow(name: string, trialArgs: string, sections: string, shape: TargetShape = {}): { dir: string; spec: string; out: string } {
  const made = setUp(name, trialArgs, sections, { ...shape, command: 'python3 trial.py' });
  writeFileSync(join(made.dir, 'trial.py'), MLFLOW_TRIAL);
  cpSync(CLIENT, join(made.dir, 'mlflow'), { recursive: true });
  return made;
}

const MLFLOW_STOPPING = `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 10]
early_termination:
  type: median_stopping
  evaluation_interval: 1
  delay_evaluation: 1
limits:
  max_total_trials: 2
  max_concurrent_trials: 1
`;
const pythonSkip = skip ?? (spawnSync('python3', ['--version']).status === 0 ? undefined : 'python3 is not on PATH (the MLflow stand-in client is Python)');

/** The MLflow variables a trial saw on the node, as MLFLOW_TRIAL writes them. */
interface SeenEnv { MLFLOW_TRACKING_URI: string | null; MLFLOW_RUN_ID: string | null; MLFLOW_EXPERIMENT_ID: string | null; MLFLOW_TRACKING_TOKEN: string | null; HYPERSWEEP_TRIAL_DIR: string | null }

/** Checks a finished MLflow-only sweep of x = 1 then x = 10 (one at a time): see the test below. */
async function checkMlflowSweep(sweepDir: string, out: string, output: string): Promise<void> {
  const all = await events(sweepDir);
  const ended = eventsOf(all, 'trial-ended');
  assert.equal(ended.length, 2, output);
  const [good, bad] = eventsOf(all, 'trial-created').map((e) => e.trialId);
  assert.ok(good !== undefined && bad !== undefined);
  // On the node: the file store in the attempt folder on shared_dir, nothing of the endpoint.
  for (const id of [good, bad]) {
    const env = JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8')) as SeenEnv;
    assert.equal(env.MLFLOW_TRACKING_URI, `file://${env.HYPERSWEEP_TRIAL_DIR ?? '?'}/mlruns`, id);
    assert.match(env.HYPERSWEEP_TRIAL_DIR ?? '', new RegExp(`/trials/${id}/attempt-1$`));
    assert.deepEqual([env.MLFLOW_RUN_ID, env.MLFLOW_EXPERIMENT_ID, env.MLFLOW_TRACKING_TOKEN], [null, null, null], id);
  }
  // The good trial's values arrived once each, as MLflow reports, with the steps it logged; the
  // nested run's value did not count; the key with "/" kept its name.
  const metrics = eventsOf(all, 'metric');
  const mine = (id: string, name: string): string[] => metrics.filter((m) => m.trialId === id && m.name === name).map((m) => `${m.step}:${m.value}`);
  assert.deepEqual(mine(good, 'loss'), ['0:1', '1:0.5', '2:0.3333333333333333', '3:0.25']);
  assert.deepEqual(mine(good, 'val/acc'), ['0:0.5']);
  assert.ok(metrics.every((m) => m.source === 'mlflow' && m.value !== 1000), 'only the file store reported, never the nested run');
  // log_param and set_tag arrive as the endpoint's do; the tags the client writes itself do not.
  const values = [...eventsOf(all, 'param'), ...eventsOf(all, 'tag')].filter((e) => e.trialId === good).map((e) => `${e.type} ${e.key}=${e.value}`);
  assert.deepEqual(values.sort(), ['param x_seen=1.0', 'tag phase=train']);
  assert.equal(ended.find((e) => e.trialId === good)?.status, 'Completed');
  // The bad trial was stopped on its MLflow values while it ran: median stopping decided, scancel ended it.
  const decision = eventsOf(all, 'policy-decision').find((e) => e.explanation.trialId === bad && e.explanation.outcome === 'stop');
  assert.ok(decision, output);
  const stopped = ended.find((e) => e.trialId === bad);
  assert.equal(stopped?.status, 'Canceled', output);
  assert.equal(stopped?.reason, 'early_termination');
  assert.ok(mine(bad, 'loss').length < 60, 'stopped long before its 60 values');
  assert.ok(all.indexOf(decision) < all.indexOf(stopped), 'decided while the job ran');
}

void test('MLflow calls from a compute node, script unchanged: the trial writes MLflow\'s file store in its attempt folder on shared_dir, the runner tails it live, and median stopping acts on the values (scancel)', { skip: pythonSkip, timeout: 60_000 }, async () => {
  const { dir, spec, out } = setUpMlflow('mlflow', '--x ${{search_space.x}}', MLFLOW_STOPPING);
  const sweepDir = join(dir, 'run');
  // Jobs start from the submitting environment: endpoint variables there must not reach the trial
  // (a client given MLFLOW_RUN_ID would try to resume a run its store does not have).
  const stale = { MLFLOW_RUN_ID: 'f'.repeat(32), MLFLOW_EXPERIMENT_ID: '7', MLFLOW_TRACKING_TOKEN: 'stale' };
  const result = await runCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir, stale);
  await checkMlflowSweep(sweepDir, out, `${result.stdout}\n${result.stderr}`);
  assert.deepEqual(cluster?.queuedJobs(), []);
});

void test('MLflow file store, runner killed with SIGKILL then resume: the store is read again from its first line and every value is journaled exactly once', { skip: pythonSkip, timeout: 60_000 }, async () => {
  const { dir, spec } = setUpMlflow('mlflowresume', '--x ${{search_space.x}} --steps 6 --delay 0.5', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2]
limits:
  max_total_trials: 2
  max_concurrent_trials: 2
`);
  const sweepDir = join(dir, 'run');
  const journal = join(sweepDir, 'journal.jsonl');
  const running = startCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
  assert.ok(await waitUntil(() => existsSync(journal) && (readFileSync(journal, 'utf8').match(/"name":"loss"/g) ?? []).length >= 3, 20_000), running.output());
  running.child.kill('SIGKILL');
  await running.done;
  assert.ok((cluster?.queuedJobs().length ?? 0) > 0, 'the jobs outlive the runner');
  const resumed = await runCli(['resume', sweepDir], dir);
  const all = await events(sweepDir);
  const ended = eventsOf(all, 'trial-ended');
  assert.equal(ended.filter((e) => e.status === 'Completed').length, 2, `${resumed.stdout}\n${resumed.stderr}`);
  assert.equal(eventsOf(all, 'trial-interrupted').length, 0, 'followed again by job id, not re-run');
  for (const { trialId } of ended) {
    const steps = eventsOf(all, 'metric').filter((m) => m.trialId === trialId && m.name === 'loss').map((m) => m.step);
    assert.deepEqual(steps, [0, 1, 2, 3, 4, 5], trialId);
    // The store's params and tags are read again from the start too: journaled once all the same.
    const values = [...eventsOf(all, 'param'), ...eventsOf(all, 'tag')].filter((e) => e.trialId === trialId).map((e) => `${e.type} ${e.key}`);
    assert.deepEqual(values.sort(), ['param x_seen', 'tag phase'], trialId);
  }
  assert.deepEqual(cluster?.queuedJobs(), []);
});

const sshSkip = skip ?? sshPoolSkipReason();

void test('login over SSH: sbatch, squeue and the shared folder through the login node (loopback sshd as a non-root user); code copied to shared_dir, metrics and exit codes come back, kill -9 then resume follows the jobs again', { skip: sshSkip, timeout: 180_000 }, async () => {
  const c = cluster;
  assert.ok(c);
  const pool = await startSshPool({ setEnv: { SLURM_CONF: c.env['SLURM_CONF'] ?? '' } });
  try {
    const login = pool.host('hs-a');
    // The login user's own scratch folder, which the compute node sees too (same machine).
    const shared = join(c.dir, 'ssh-shared');
    const seen = join(shared, 'seen');
    mkdirSync(seen, { recursive: true });
    for (const path of [shared, seen]) chownSync(path, login.uid, -1);
    const { dir, spec } = setUp('sshlogin', '--x ${{search_space.x}} --fail 3 --steps 3 --delay 200', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2, 3]
limits:
  max_total_trials: 3
  max_concurrent_trials: 3
`, { login: 'hs-a', shared, out: seen, extra: ['    gres: gpu:1', `    ssh_config: ${pool.configFile}`] });
    const sweepDir = join(dir, 'run');
    const result = await runCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
    const all = await events(sweepDir);
    const ended = eventsOf(all, 'trial-ended');
    assert.equal(ended.length, 3, `${result.stdout}\n${result.stderr}`);
    assert.equal(ended.filter((e) => e.status === 'Completed').length, 2, `${result.stdout}\n${result.stderr}`);
    assert.equal(ended.find((e) => e.status === 'Failed')?.exitCode, 3, 'the exit file was read over SSH');
    assert.equal(eventsOf(all, 'metric').filter((m) => m.name === 'loss').length, 9, 'stdout.log tailed over SSH');
    // The jobs are the login user's, and they ran in the code snapshot copied into shared_dir.
    const started = eventsOf(all, 'trial-started');
    for (const s of started) {
      const jobId = String((s.handle as { jobId?: string } | undefined)?.jobId ?? '');
      const shown = spawnSync('scontrol', ['show', 'job', jobId], { env: c.env, encoding: 'utf8' }).stdout;
      assert.match(shown, new RegExp(`UserId=${login.user}\\(`), shown);
      assert.match(shown, new RegExp(`WorkDir=${shared}/`), shown);
    }
    const trialId = started[0]?.trialId ?? '';
    const command = readFileSync(join(shared, trialId.replace(/_\d+$/, ''), 'trials', trialId, 'attempt-1', 'command.sh'), 'utf8');
    assert.match(command, new RegExp(`HS_CWD='${shared}/code/[0-9a-f]+'`), command);
    assert.deepEqual(c.queuedJobs(), []);
    // Runner killed with SIGKILL mid-sweep, then resume: the jobs are found again over SSH.
    const again = setUp('sshresume', '--x ${{search_space.x}} --steps 6 --delay 500', `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1, 2]
limits:
  max_total_trials: 2
  max_concurrent_trials: 2
`, { login: 'hs-a', shared, out: seen, extra: ['    gres: gpu:1', `    ssh_config: ${pool.configFile}`] });
    const resumeDir = join(again.dir, 'run');
    const running = startCli(['run', again.spec, '--target', 'cluster', '--out', resumeDir], again.dir);
    const journal = join(resumeDir, 'journal.jsonl');
    assert.ok(await waitUntil(() => existsSync(journal) && (readFileSync(journal, 'utf8').match(/"type":"metric"/g) ?? []).length >= 2, 30_000), running.output());
    running.child.kill('SIGKILL');
    await running.done;
    assert.ok(c.queuedJobs().length > 0, 'the jobs outlive the runner');
    const resumed = await runCli(['resume', resumeDir], again.dir);
    const after = await events(resumeDir);
    assert.equal(eventsOf(after, 'trial-ended').filter((e) => e.status === 'Completed').length, 2, `${resumed.stdout}\n${resumed.stderr}`);
    assert.equal(eventsOf(after, 'trial-interrupted').length, 0, 'followed again by job id, not re-run');
    for (const id of new Set(eventsOf(after, 'trial-ended').map((e) => e.trialId))) {
      assert.equal(eventsOf(after, 'metric').filter((m) => m.trialId === id && m.name === 'loss').length, 6, id);
    }
    assert.deepEqual(c.queuedJobs(), []);
    // Check Target asks the same login node: the partition and the login user's jobs.
    const check = await checkSlurmTarget({ type: 'slurm', name: 'cluster', login: 'hs-a', ssh_config: pool.configFile, shared_dir: shared, sbatch_args: [] });
    assert.equal(check.ok, true, check.error);
    assert.deepEqual(check.partitions?.map((p) => [p.name, p.availability, p.nodes]), [['debug', 'up', 1]]);
    assert.deepEqual(check.myJobs, { running: 0, pending: 0 });
  } finally {
    await pool.stop();
  }
});

void test('MLflow file store over an ssh login: the metric files are listed and read on the login node each poll, and median stopping acts on them', { skip: sshSkip ?? pythonSkip, timeout: 120_000 }, async () => {
  const c = cluster;
  assert.ok(c);
  const pool = await startSshPool({ setEnv: { SLURM_CONF: c.env['SLURM_CONF'] ?? '' } });
  try {
    const login = pool.host('hs-a');
    const shared = join(c.dir, 'ssh-mlflow');
    const seen = join(shared, 'seen');
    mkdirSync(seen, { recursive: true });
    for (const path of [shared, seen]) chownSync(path, login.uid, -1);
    const { dir, spec, out } = setUpMlflow('sshmlflow', '--x ${{search_space.x}}', MLFLOW_STOPPING, { login: 'hs-a', shared, out: seen, extra: ['    gres: gpu:1', `    ssh_config: ${pool.configFile}`] });
    const sweepDir = join(dir, 'run');
    const result = await runCli(['run', spec, '--target', 'cluster', '--out', sweepDir], dir);
    await checkMlflowSweep(sweepDir, out, `${result.stdout}\n${result.stderr}`);
    assert.deepEqual(c.queuedJobs(), []);
  } finally {
    await pool.stop();
  }
});

void test('Check Target on a Slurm target asks the real cluster (sinfo, squeue --me); a partition it does not have is named with the fix', { skip, timeout: 30_000 }, async () => {
  const c = cluster;
  assert.ok(c);
  const base = { type: 'slurm', name: 'cluster', login: 'local', shared_dir: join(c.dir, 'shared'), sbatch_args: [] } as const;
  const held = spawnSync('sbatch', ['--parsable', '--hold', '--output=/dev/null', '--wrap=true'], { env: c.env, encoding: 'utf8' });
  assert.equal(held.status, 0, held.stderr);
  try {
    const check = await checkSlurmTarget({ ...base, partition: 'debug' });
    assert.equal(check.ok, true, check.error);
    assert.deepEqual(check.partitions?.map(({ byState: _states, ...p }) => p), [{ name: 'debug', isDefault: true, availability: 'up', nodes: 1 }]);
    assert.deepEqual(check.myJobs, { running: 0, pending: 1 }, 'the held job is the user\'s own');
    const wrong = await checkSlurmTarget({ ...base, partition: 'nope' });
    assert.equal(wrong.ok, false);
    assert.match(wrong.error ?? '', /nope/);
  } finally {
    spawnSync('scancel', [held.stdout.trim()], { env: c.env });
  }
});
