/**
 * Child process of the sampler benchmark: runs the jobs given as JSON in argv[2]
 * ({jobs: [{function, sampler, seed, budgets?}], budgets}) and prints their results as one JSON array.
 */
import { functionNamed, OUR_SAMPLERS, runOne, type OurSampler, type RunResult } from './run';

interface WorkerInput {
  readonly jobs: readonly { function: string; sampler: string; seed: number; budgets?: readonly number[] }[];
  readonly budgets: readonly number[];
}

function isOurSampler(name: string): name is OurSampler {
  return (OUR_SAMPLERS as readonly string[]).includes(name);
}

const input = JSON.parse(process.argv[2] ?? '{"jobs":[],"budgets":[]}') as WorkerInput;
const results: RunResult[] = [];
for (const job of input.jobs) {
  if (!isOurSampler(job.sampler)) throw new Error(`Unknown sampler '${job.sampler}'`);
  results.push(runOne(functionNamed(job.function), job.sampler, job.seed, job.budgets ?? input.budgets));
  process.stderr.write('.');
}
process.stdout.write(JSON.stringify(results));
