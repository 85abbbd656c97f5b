/**
 * Everything a trial attempt needs before its process starts: its folder (and one folder per
 * spec output), the rendered argument vector, an MLflow run, and the full trial environment.
 * Kept apart from the runner so the runner reads as scheduling only.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { trialPaths, type TrialPaths } from '../journal/layout';
import type { TrackingServer } from '../metrics/mlflow/server';
import { renderTrialCommand } from '../space/render';
import type { Params, SweepSpec } from '../spec/model';
import { trialEnvironment } from './trialEnvironment';
import { setOwn } from '../../shared/nameRecords';

export interface PreparedTrial {
  readonly paths: TrialPaths;
  readonly argv: string[];
  readonly env: Record<string, string>;
}

export interface TrialPreparationContext {
  readonly sweepDir: string;
  readonly sweepName: string;
  readonly spec: SweepSpec;
  readonly specDir: string;
  readonly tracking: TrackingServer;
}

/** Prepares attempt `attempt` of trial `trialId`; a command that cannot be built is `{ error }`. */
export function prepareTrial(context: TrialPreparationContext, trialId: string, params: Params, attempt: number): PreparedTrial | { readonly error: string } {
  const { spec } = context;
  const paths = trialPaths(context.sweepDir, trialId);
  mkdirSync(paths.dir, { recursive: true });
  const outputs: Record<string, string> = {};
  for (const name of Object.keys(spec.outputs)) {
    const dir = join(paths.dir, 'outputs', name);
    mkdirSync(dir, { recursive: true });
    setOwn(outputs, name, dir);
  }
  let rendered;
  try {
    rendered = renderTrialCommand({ command: spec.trial.command, params, inputs: spec.inputs, outputs, specDir: context.specDir });
  } catch (error) {
    return { error: `the command could not be built: ${error instanceof Error ? error.message : String(error)}` };
  }
  const run = context.tracking.createTrialRun(trialId, spec.experiment_name ?? context.sweepName, {
    artifactDir: join(paths.dir, 'artifacts'),
    tags: { 'hypersweep.sweep': context.sweepName, 'hypersweep.attempt': String(attempt) },
  });
  const env = trialEnvironment({
    specVariables: spec.trial.environment_variables,
    rendered: rendered.env,
    sweepId: context.sweepName,
    trialId,
    trialDir: paths.dir,
    attempt,
    mlflow: run.env,
  });
  return { paths, argv: rendered.argv, env };
}
