/**
 * Everything a trial attempt needs before its process starts: its folder (and one folder per
 * spec output), the rendered argument vector, an MLflow run, and the full trial environment.
 * Kept apart from the runner so the runner reads as scheduling only.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { trialPaths, type TrialPaths } from '../journal/layout';
import { tokenDigest } from '../metrics/mlflow/credentials';
import type { TrackingServer, TrialRunIdentity } from '../metrics/mlflow/server';
import type { TrialHandle } from '../launchers/launcher';
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
  const run = context.tracking.createTrialRun(trialId, spec.experiment_name ?? context.sweepName, runOptions(context, trialId, attempt));
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

function runOptions(context: TrialPreparationContext, trialId: string, attempt: number): { artifactDir: string; tags: Record<string, string> } {
  return {
    artifactDir: join(trialPaths(context.sweepDir, trialId).dir, 'artifacts'),
    tags: { 'hypersweep.sweep': context.sweepName, 'hypersweep.attempt': String(attempt) },
  };
}

/**
 * The handle a launcher returned, plus the trial's MLflow identity (run id and token digest), so a
 * later runner that re-attaches to the trial can accept its MLflow calls again.
 */
export function handleWithTrackingIdentity(handle: TrialHandle, env: Readonly<Record<string, string>>): TrialHandle {
  const runId = env['MLFLOW_RUN_ID'];
  const token = env['MLFLOW_TRACKING_TOKEN'];
  if (runId === undefined || token === undefined) return handle;
  const mlflow: TrialRunIdentity = { runId, tokenDigest: tokenDigest(token) };
  return { ...handle, mlflow };
}

/** Re-registers a re-attached trial's MLflow run and token (from its journaled handle), if it has them. */
export function adoptTrackingIdentity(context: TrialPreparationContext, trialId: string, attempt: number, handle: TrialHandle): void {
  const identity = handle['mlflow'];
  if (typeof identity !== 'object' || identity === null) return;
  const { runId, tokenDigest: digest } = identity as Record<string, unknown>;
  if (typeof runId !== 'string' || typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) return;
  context.tracking.adoptTrialRun(trialId, { runId, tokenDigest: digest }, context.spec.experiment_name ?? context.sweepName, runOptions(context, trialId, attempt));
}
