/**
 * Sweeps of the same objective side by side (the dashboard's Sweeps tab): the sweep folders next
 * to this one (its parent folder, e.g. `.hypersweep/`) whose primary metric and goal are the same,
 * each with its best-so-far curve (best value against trial number), best trial and sampler, so
 * the same spec run with different samplers, seeds or budgets can be told apart at a glance.
 * Sweeps of another objective are named with the reason they are left out; a folder whose journal
 * cannot be read is skipped the same way, never failing the view.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bestSoFarSeries } from '../dashboard/curves';
import { sweepPaths } from '../journal/layout';
import { readSweepState } from '../journal/record';
import { bestAndLeading } from '../results/sweepOutcome';

/** More lines than this are no longer told apart on one chart. */
export const MAX_COMPARED_SWEEPS = 12;

export interface ComparedSweep {
  readonly name: string;
  readonly dir: string;
  /** The sweep whose dashboard asks. */
  readonly current: boolean;
  readonly sampler: string;
  readonly trials: number;
  readonly best: number | null;
  readonly bestTrialId: string | null;
  /** Flat `[trial number, best so far, ...]`, downsampled to the chart's width. */
  readonly bestSoFar: readonly number[];
}

export interface SweepComparison {
  readonly metric: string;
  readonly goal: 'minimize' | 'maximize';
  readonly sweeps: readonly ComparedSweep[];
  /** `name: why` for each sibling folder left out. */
  readonly skipped: readonly string[];
}

function siblingDirs(sweepDir: string): string[] {
  const parent = dirname(sweepDir);
  try {
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(sweepPaths(join(parent, entry.name)).journal))
      .map((entry) => join(parent, entry.name))
      .sort();
  } catch {
    return [sweepDir];
  }
}

export async function compareSweeps(folder: string, width: number): Promise<SweepComparison | undefined> {
  const sweepDir = resolve(folder);
  const own = await readSweepState(sweepDir);
  const info = own.info;
  if (!info) return undefined;
  const sweeps: ComparedSweep[] = [];
  const skipped: string[] = [];
  for (const dir of siblingDirs(sweepDir)) {
    const current = dir === sweepDir;
    const state = current ? own : await readSweepState(dir).catch(() => undefined);
    const name = state?.info?.name ?? basename(dir);
    if (!state?.info) {
      skipped.push(`${name}: its journal has no sweep-created event`);
      continue;
    }
    if (state.info.primaryMetric !== info.primaryMetric || state.info.goal !== info.goal) {
      skipped.push(`${name}: another objective (${state.info.goal} ${state.info.primaryMetric})`);
      continue;
    }
    if (sweeps.length >= MAX_COMPARED_SWEEPS && !current) {
      skipped.push(`${name}: more than ${MAX_COMPARED_SWEEPS} sweeps`);
      continue;
    }
    const { best } = bestAndLeading(state);
    sweeps.push({
      name, dir, current,
      sampler: `${state.info.sampler}, seed ${state.info.seed}`,
      trials: state.trials.length,
      best: best?.value ?? null,
      bestTrialId: best?.trialId ?? null,
      bestSoFar: bestSoFarSeries(state, width),
    });
  }
  return { metric: info.primaryMetric, goal: info.goal, sweeps, skipped };
}
