/**
 * `npm run bench:samplers`: simple regret of our random, Sobol and Bayesian samplers on standard
 * test functions (functions.ts), with Optuna's random, QMC and multivariate TPE samplers as
 * baselines when Debian's python3-optuna is installed (random, QMC, TPE, multivariate TPE, CMA-ES),
 * Hartmann-6 at 300 trials with the count of seeds still outside the global basin, and the CPU
 * time of a proposal at 20, 100 and 1,000 completed trials, cold and running (latency.ts), beside
 * Optuna's multivariate TPE measured the same ways in the same run. CPU time of the proposing
 * process (process.cpuUsage here, time.process_time in Python), not wall time: the machine is
 * shared and loaded, and wall time would measure the other processes. Prints a Markdown report
 * and writes it to RESULTS.md.
 *
 * Flags: --seeds N (default 10), --functions a,b, --samplers a,b (ours and Optuna's, default all),
 *        --no-optuna, --workers N (default 2), --no-write (do not update RESULTS.md). Fewer seeds
 *        make quick iterations; --samplers bayesian,optuna-cmaes measures a new function against
 *        CMA-ES without rerunning every baseline; --latency-only measures only the proposal CPU
 *        times (ours and, unless --no-optuna, multivariate TPE's), prints them and writes nothing.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TEST_FUNCTIONS } from './functions';
import { bayesianLatency, latencyTable, type TpeLatency } from './latency';
import { functionNamed, OUR_SAMPLERS, type RunResult } from './run';
import { quantile, regretTable } from './table';

const BUDGETS = [50, 100] as const;
const OPTUNA_SAMPLERS = ['optuna-random', 'optuna-qmc', 'optuna-tpe', 'optuna-tpe-mv', 'optuna-cmaes'] as const;
/** Hartmann-6's second-best basin has regret 0.119: a seed above this at the long budget is stuck. */
const STUCK_REGRET = 0.1;
const LONG_BUDGET = 300;
const PYTHON = '/usr/bin/python3';
const TIMING_SIZES = [20, 100, 1000] as const;
/** The short trial of the wall-time share: a proposal's CPU time over (it + this). */
const SHORT_TRIAL_MS = 100;

interface Args {
  seeds: number;
  functions: string[];
  optuna: boolean;
  workers: number;
  write: boolean;
  samplers: string[];
  latencyOnly: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { seeds: 10, functions: TEST_FUNCTIONS.map((f) => f.name), optuna: true, workers: 2, write: true, samplers: [...OUR_SAMPLERS, ...OPTUNA_SAMPLERS], latencyOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--seeds') args.seeds = Number(value());
    else if (flag === '--functions') args.functions = value().split(',');
    else if (flag === '--samplers') args.samplers = value().split(',');
    else if (flag === '--workers') args.workers = Number(value());
    else if (flag === '--no-optuna') args.optuna = false;
    else if (flag === '--no-write') args.write = false;
    else if (flag === '--latency-only') args.latencyOnly = true;
    else throw new Error(`Unknown flag ${flag}; flags: --seeds N, --functions a,b, --samplers a,b, --workers N, --no-optuna, --no-write, --latency-only`);
  }
  if (!Number.isInteger(args.seeds) || args.seeds < 1) throw new Error('--seeds needs a positive integer');
  if (!Number.isInteger(args.workers) || args.workers < 1) throw new Error('--workers needs a positive integer');
  args.functions.forEach(functionNamed); // unknown names fail here, before any work
  const known: readonly string[] = [...OUR_SAMPLERS, ...OPTUNA_SAMPLERS];
  const unknown = args.samplers.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`Unknown sampler ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return args;
}

/** Runs a command and resolves with its stdout; rejects with its stderr on failure. */
function capture(command: string, commandArgs: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      process.stderr.write(chunk.toString().replace(/[^.]/g, ''));
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}: ${err.slice(-2000)}`))));
  });
}

async function runOurs(args: Args): Promise<RunResult[]> {
  // Bayesian jobs are by far the slowest; dealing jobs round-robin balances the workers.
  const ours = OUR_SAMPLERS.filter((s) => args.samplers.includes(s));
  const jobs = args.functions.flatMap((fn) => ours.flatMap((sampler) => Array.from({ length: args.seeds }, (_, seed) => ({
    function: fn, sampler, seed, budgets: fn === 'hartmann6' && sampler === 'bayesian' ? [...BUDGETS, LONG_BUDGET] : [...BUDGETS],
  }))));
  const shares = Array.from({ length: args.workers }, (_, w) => jobs.filter((_, i) => i % args.workers === w));
  const worker = path.join(__dirname, 'worker.ts');
  const outputs = await Promise.all(shares.map((share) => capture(process.execPath, ['--import', 'tsx', worker, JSON.stringify({ jobs: share, budgets: BUDGETS })])));
  return outputs.flatMap((text) => JSON.parse(text) as RunResult[]);
}

function optunaSamplers(args: Args): string[] {
  return OPTUNA_SAMPLERS.filter((s) => args.samplers.includes(s));
}

function optunaAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile(PYTHON, ['-c', 'import optuna'], (error) => resolve(error === null)));
}

interface OptunaOutput {
  version: string;
  results: RunResult[];
  latency: TpeLatency[];
}

/** Optuna's regret runs for `args`, and with `latency` multivariate TPE's proposal CPU times. */
async function runOptuna(args: Args, latency: boolean): Promise<OptunaOutput> {
  const script = path.join(__dirname, 'optuna_bench.py');
  const text = await capture(PYTHON, [script, '--seeds', String(args.seeds), '--budgets', BUDGETS.join(','), '--functions', args.functions.join(','), '--samplers', optunaSamplers(args).join(','), ...(latency ? ['--latency', TIMING_SIZES.join(',')] : [])]);
  return JSON.parse(text) as OptunaOutput;
}

function stuckLine(results: readonly RunResult[], seeds: number): string {
  const long = results.filter((r) => r.function === 'hartmann6' && r.sampler === 'bayesian').map((r) => r.regret[String(LONG_BUDGET)] ?? NaN);
  if (long.length === 0) return '';
  const stuck = long.filter((r) => !(r < STUCK_REGRET)).length;
  return `Hartmann-6 at ${LONG_BUDGET} trials (bayesian): ${stuck} of ${seeds} seeds stuck (regret ≥ ${STUCK_REGRET}, the second basin is at 0.119); median regret ${quantile(long, 0.5).toExponential(2)}.`;
}

/** --latency-only: both samplers' proposal CPU times and nothing else (seeds 0: Optuna runs no regret job). */
async function latencyOnly(args: Args): Promise<void> {
  const haveOptuna = args.optuna && (await optunaAvailable());
  const optuna = haveOptuna ? await runOptuna({ ...args, seeds: 0, samplers: ['optuna-tpe-mv'] }, true) : undefined;
  process.stdout.write(`${latencyTable(bayesianLatency(TIMING_SIZES), optuna?.latency ?? [], SHORT_TRIAL_MS)}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.latencyOnly) return latencyOnly(args);
  const started = performance.now();
  const haveOptuna = args.optuna && optunaSamplers(args).length > 0 && (await optunaAvailable());
  process.stderr.write(`sampler benchmark: ${args.functions.length} functions, ${args.seeds} seeds, budgets ${BUDGETS.join('/')}${haveOptuna ? ', with Optuna' : ', without Optuna'}\n`);
  const [ours, optunaRegret] = await Promise.all([runOurs(args), haveOptuna ? runOptuna(args, false) : Promise.resolve(undefined)]);
  // Latency after the regret runs, one sampler after the other: timed beside two regret workers,
  // CPU times came out higher and varied more, and not alike for both.
  const timing = bayesianLatency(TIMING_SIZES);
  const optunaTiming = haveOptuna ? await runOptuna({ ...args, seeds: 0, samplers: ['optuna-tpe-mv'] }, true) : undefined;
  const optuna = optunaRegret === undefined ? undefined : { ...optunaRegret, latency: optunaTiming?.latency ?? [] };
  process.stderr.write('\n');
  const samplers = [...OUR_SAMPLERS, ...(optuna === undefined ? [] : OPTUNA_SAMPLERS)].filter((s) => args.samplers.includes(s));
  const results = [...ours, ...(optuna?.results ?? [])];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const report = [
    '# Sampler benchmark',
    '',
    `Final simple regret (best value found − known minimum; lower is better), median [first quartile, third quartile] over ${args.seeds} seeds, one trial at a time. ` +
      `Generated by \`npm run bench:samplers\` on ${new Date().toISOString().slice(0, 10)}, ${cpu}, Node ${process.version}` +
      (optuna === undefined ? ', Optuna not available.' : `, Optuna ${optuna.version} (optuna-tpe is TPESampler(), optuna-tpe-mv TPESampler(multivariate=True), optuna-cmaes CmaEsSampler()).`),
    '',
    regretTable(results, args.functions, samplers, [...BUDGETS]),
    '',
    stuckLine(ours, args.seeds),
    '',
    latencyTable(timing, optuna?.latency ?? [], SHORT_TRIAL_MS),
    '',
    `Benchmark wall time: ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  process.stdout.write(report);
  if (args.write) writeFileSync(path.join(__dirname, 'RESULTS.md'), report);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:samplers: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
