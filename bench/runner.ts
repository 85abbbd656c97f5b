/**
 * What the sweep runner adds on top of starting processes: 1,000 trials of the no-op `true` at
 * concurrency 8, run through `openSweep` + `SweepRunner.start()` (sampler, journal with fsync,
 * log files, MLflow run per trial, stdout metric parsing), against 1,000 bare
 * `child_process.spawn('true')` calls at the same concurrency. Both in a fresh temp folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalLauncher } from '../src/core/launchers/localLauncher';
import { openSweep } from '../src/core/scheduler/sweepSession';
import { grouped, perSecond, resultsFor, timeAsync, type BenchGroup, type BenchResult } from './harness';
import { loadValidSpec, noopSweepYaml } from './specs';

const TRIALS = 1_000;
const CONCURRENCY = 8;
const PROGRAM = 'true';

/** Milliseconds of CPU (user + system) this process used while `work` ran. */
async function withCpu(work: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const before = process.cpuUsage();
  const wallMs = await timeAsync(work);
  const used = process.cpuUsage(before);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function spawnOnce(cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROGRAM, [], { cwd, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${PROGRAM} exited with ${String(code)}`))));
  });
}

/** `count` spawns, `concurrency` at a time: each worker starts the next as soon as its child exits. */
async function bareSpawns(count: number, concurrency: number, cwd: string): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      await spawnOnce(cwd);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function runnerSweep(dir: string): Promise<{ open: number; run: number; cpuMs: number }> {
  const specText = noopSweepYaml(TRIALS, CONCURRENCY);
  const specPath = join(dir, 'noop.sweep.yaml');
  writeFileSync(specPath, specText);
  let runner: Awaited<ReturnType<typeof openSweep>> | undefined;
  const open = await timeAsync(async () => {
    runner = await openSweep({
      specPath, specText, spec: loadValidSpec(specText), sweepDir: join(dir, '.hypersweep', 'bench-noop'), name: 'bench-noop', seed: 3,
      launcher: new LocalLauncher({ slots: CONCURRENCY }),
    });
  });
  if (!runner) throw new Error('openSweep returned no runner');
  const started = runner;
  const { wallMs, cpuMs } = await withCpu(async () => {
    const state = await started.start();
    const completed = state.trials.filter((t) => t.status === 'Completed').length;
    if (state.trials.length !== TRIALS || completed !== TRIALS) {
      throw new Error(`The runner ended with ${completed} of ${state.trials.length} trials completed, expected ${TRIALS}`);
    }
  });
  return { open, run: wallMs, cpuMs };
}

/** The `runner` benchmark group. */
export const runnerGroup: BenchGroup = {
  name: 'runner',
  description: `${grouped(TRIALS)} no-op trials at concurrency ${CONCURRENCY}: runner vs bare spawn`,
  run: async () => {
    const result = resultsFor('runner');
    const dir = mkdtempSync(join(tmpdir(), 'hypersweep-bench-runner-'));
    try {
      const bare = await withCpu(() => bareSpawns(TRIALS, CONCURRENCY, dir));
      const sweep = await runnerSweep(dir);
      const overheadMs = (sweep.run - bare.wallMs) / TRIALS;
      const results: BenchResult[] = [
        result('bare spawn: total', bare.wallMs / 1000, 's', `${grouped(TRIALS)} x spawn('${PROGRAM}'), ${CONCURRENCY} at a time`),
        result('bare spawn: rate', perSecond(TRIALS, bare.wallMs), 'spawns/s', `parent CPU ${(bare.cpuMs / TRIALS).toFixed(2)} ms per spawn`),
        result('SweepRunner: openSweep', sweep.open, 'ms', 'folder, journal, lock, MLflow endpoint'),
        result('SweepRunner: total', sweep.run / 1000, 's', `start() to done, ${grouped(TRIALS)} trials of '${PROGRAM}', concurrency ${CONCURRENCY}`),
        result('SweepRunner: rate', perSecond(TRIALS, sweep.run), 'trials/s', `runner CPU ${(sweep.cpuMs / TRIALS).toFixed(2)} ms per trial`),
        result('SweepRunner: overhead per trial', overheadMs, 'ms', '(runner total - bare total) / trials, wall clock'),
      ];
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
