/**
 * The Slurm target on a real single-node cluster (test/support/slurmCluster.ts; needs root,
 * slurm-wlm and munge): how fast HyperSweep submits (the launcher's launch(), from the decision to
 * run a trial to sbatch's job id, files on the shared folder included), what one status poll costs
 * with 200 of the sweep's jobs in the queue (the one `squeue` call and its parsing), and what a
 * short trial costs end to end on Slurm against the local target.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Launcher, LaunchRequest } from '../src/core/launchers/launcher';
import { LocalLauncher } from '../src/core/launchers/localLauncher';
import { SlurmLauncher } from '../src/core/launchers/slurm/slurmLauncher';
import { parseSqueue, SQUEUE_FORMAT } from '../src/core/launchers/slurm/squeue';
import { runTool } from '../src/core/launchers/slurm/slurmTools';
import type { SlurmTarget } from '../src/core/targets/model';
import { SlurmCluster, slurmSkipReason } from '../test/support/slurmCluster';
import { median, perSecond, resultsFor, timeAsync, type BenchGroup, type BenchResult } from './harness';

const SUBMITTED = 40;
const QUEUED = 200;
const POLLS = 20;
const SHORT_TRIALS = 8;
/** The poll interval the overhead is measured at (the default is 2,000 ms; tests use 500). */
const POLL_MS = 250;
const result = resultsFor('slurm');

function request(work: string, trialId: string, argv: readonly string[]): LaunchRequest {
  const dir = join(work, 'local', trialId);
  mkdirSync(dir, { recursive: true });
  return { trialId, argv, cwd: work, env: {}, stdoutPath: join(dir, 'stdout.log'), stderrPath: join(dir, 'stderr.log') };
}

async function prepared(cluster: SlurmCluster, work: string, sweepName: string, extra: Partial<SlurmTarget>, pollMs: number): Promise<SlurmLauncher> {
  const target: SlurmTarget = { type: 'slurm', name: 'cluster', login: 'local', shared_dir: join(cluster.dir, 'shared'), sbatch_args: [], max_queued: QUEUED + SUBMITTED, ...extra };
  const launcher = new SlurmLauncher(target, { pollMs, placementWaitMs: 0 });
  await launcher.prepare({ sweepDir: join(work, sweepName), sweepName, codeDir: work, trackingPort: 0 });
  return launcher;
}

/** Runs `count` short trials one after another; each one's time from launch() to its end. */
async function endToEnd(launcher: Launcher, work: string, name: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    times.push(await timeAsync(async () => {
      const trial = await launcher.launch(request(work, `${name}_${i}`, [process.execPath, '-e', 'console.log("loss=1")']));
      const exit = await trial.exited;
      if (exit.exitCode !== 0) throw new Error(`${name} trial ${i} ended ${JSON.stringify(exit)}`);
    }));
  }
  return times;
}

async function run(): Promise<BenchResult[]> {
  const skip = slurmSkipReason();
  if (skip !== undefined) throw new Error(`needs a local single-node Slurm: ${skip}`);
  const cluster = await SlurmCluster.start();
  process.env['SLURM_CONF'] = cluster.env['SLURM_CONF'];
  const work = mkdtempSync(join(tmpdir(), 'hypersweep-bench-slurm-'));
  const results: BenchResult[] = [];
  try {
    // 1. Submission: held jobs (they never run), so only HyperSweep's side and sbatch are timed.
    const submitter = await prepared(cluster, work, 'submit', { sbatch_args: ['--hold'] }, 60_000);
    const submitTimes: number[] = [];
    const wall = await timeAsync(async () => {
      for (let i = 0; i < SUBMITTED; i++) {
        submitTimes.push(await timeAsync(async () => {
          await submitter.launch(request(work, `submit_${i}`, ['true']));
        }));
      }
    });
    results.push(
      result('submission throughput (launch -> sbatch job id)', perSecond(SUBMITTED, wall), 'trials/s', `${SUBMITTED} trials one after another: env/command files on the shared folder, sbatch --parsable, the first squeue poll`),
      result('submission latency (median)', median(submitTimes), 'ms', `per trial, same ${SUBMITTED} trials`),
    );

    // 2. One status poll with 200 of the sweep's jobs in the queue.
    const ids = cluster.queuedJobs();
    for (let i = ids.length; i < QUEUED; i++) {
      const held = await runTool('sbatch', ['--parsable', '--hold', '--job-name=hs-bench-queued', `--output=/dev/null`, '--wrap=true']);
      if (held.code !== 0) throw new Error(`sbatch --hold failed: ${held.stderr}`);
      ids.push(held.stdout.trim().split(';')[0] ?? '');
    }
    const pollTimes: number[] = [];
    let seen = 0;
    for (let i = 0; i < POLLS; i++) {
      pollTimes.push(await timeAsync(async () => {
        const answer = await runTool('squeue', ['-h', '-j', ids.join(','), '-o', SQUEUE_FORMAT]);
        seen = parseSqueue(answer.stdout).size;
      }));
    }
    if (seen !== ids.length) throw new Error(`squeue listed ${seen} of ${ids.length} jobs`);
    results.push(result(`status poll with ${ids.length} jobs queued (median)`, median(pollTimes), 'ms', `one squeue -j <${ids.length} ids> call + parse, ${POLLS} polls; HyperSweep makes one per poll interval (2 s) whatever the job count`));
    await runTool('scancel', ids);
    await submitter.dispose();

    // 3. A short trial end to end: Slurm (poll every 250 ms) against local processes.
    await cluster.waitNode(/idle/, 30_000);
    const slurm = await prepared(cluster, work, 'short', {}, POLL_MS);
    const onSlurm = await endToEnd(slurm, work, 'short', SHORT_TRIALS);
    await slurm.dispose();
    const local = await endToEnd(new LocalLauncher({ slots: 1 }), work, 'local', SHORT_TRIALS);
    results.push(
      result('short trial on Slurm, launch -> ended (median)', median(onSlurm), 'ms', `${SHORT_TRIALS} trials of \`node -e\` one at a time, squeue every ${POLL_MS} ms`),
      result('short trial locally, launch -> ended (median)', median(local), 'ms', `${SHORT_TRIALS} trials of \`node -e\``),
      result('Slurm overhead per trial against local', median(onSlurm) - median(local), 'ms', `scheduling, job start, the end seen by the next squeue poll (interval ${POLL_MS} ms; 2,000 ms by default adds ~1 s on average)`),
    );
    return results;
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

export const slurmGroup: BenchGroup = {
  name: 'slurm',
  description: `Slurm target on a local single-node cluster: ${SUBMITTED} submissions, a poll with ${QUEUED} jobs queued, ${SHORT_TRIALS} short trials against local`,
  run,
};
