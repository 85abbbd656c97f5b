/**
 * The inputs of `run --enqueue FILE` and `run --warm-start SRC`, read and checked before the sweep
 * folder is made: problems are printed (`file:line:col: error: ...`) and the run does not start.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PriorTrial } from '../core/journal/events';
import type { Params, SweepSpec } from '../core/spec/model';
import { formatEnqueueProblem, readEnqueued } from '../core/warmstart/enqueueFile';
import { PriorSourceError, readPriorSource } from '../core/warmstart/priorSource';
import { projectPriors } from '../core/warmstart/projectPriors';
import type { CommandIO } from './command';

/** The checked configurations of an enqueue file, or 'error' once the problems are printed. */
export function loadEnqueueFile(file: string, spec: SweepSpec, maxTotalTrials: number, io: CommandIO): { source: string; configs: readonly Params[] } | 'error' {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    io.stderr(`hypersweep run: cannot read --enqueue file ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 'error';
  }
  const read = readEnqueued(text, spec.search_space, /\.csv$/i.test(file));
  for (const problem of read.problems) io.stderr(formatEnqueueProblem(file, problem) + '\n');
  if (read.problems.length > 0) {
    io.stderr(`${file}: ${read.problems.length} error${read.problems.length === 1 ? '' : 's'}; nothing was run.\n`);
    return 'error';
  }
  if (read.configs.length > maxTotalTrials) {
    io.stderr(`${file}: ${read.configs.length} configurations, but max_total_trials is ${maxTotalTrials} and enqueued configurations count in it; raise limits.max_total_trials (or --max-trials) or enqueue fewer.\n`);
    return 'error';
  }
  io.stderr(`enqueued ${read.configs.length} configuration${read.configs.length === 1 ? '' : 's'} from ${file}: they run first\n`);
  return { source: file, configs: read.configs };
}

/** The projected prior trials of a warm-start source, or 'error' once the problem is printed. */
export async function loadWarmStart(source: string, spec: SweepSpec, io: CommandIO): Promise<{ source: string; summary: string; trials: readonly PriorTrial[] } | 'error'> {
  try {
    const data = await readPriorSource(resolve(io.cwd, source));
    const projected = projectPriors(data, source, spec.search_space, { primaryMetric: spec.objective.primary_metric, goal: spec.objective.goal });
    io.stderr(`${projected.summary}\n`);
    return { source, summary: projected.summary, trials: projected.trials };
  } catch (error) {
    if (!(error instanceof PriorSourceError) && !(error instanceof Error && /journal/i.test(error.name))) throw error;
    io.stderr(`hypersweep run: --warm-start ${source}: ${error.message}\n`);
    return 'error';
  }
}
