/**
 * The environment a trial runs with (decisions.md, "Values and commands" and "Metrics"): the
 * spec's own `environment_variables`, the `AZUREML_SWEEP_*` / `AZUREML_PARAMETER_*` values from the
 * renderer, HyperSweep's ids and folder, and the MLflow variables that point an unchanged script
 * at the sweep's tracking endpoint. Later entries win, so a spec cannot spoof the trial's ids.
 */
export interface TrialEnvironmentParts {
  readonly specVariables: Readonly<Record<string, string>>;
  readonly rendered: Readonly<Record<string, string>>;
  readonly sweepId: string;
  readonly trialId: string;
  readonly trialDir: string;
  readonly attempt: number;
  readonly mlflow: Readonly<Record<string, string>>;
}

export function trialEnvironment(parts: TrialEnvironmentParts): Record<string, string> {
  return {
    // Python buffers stdout when it is a pipe; metrics printed per epoch must arrive as they happen.
    PYTHONUNBUFFERED: '1',
    ...parts.specVariables,
    ...parts.rendered,
    HYPERSWEEP_SWEEP_ID: parts.sweepId,
    HYPERSWEEP_TRIAL_ID: parts.trialId,
    HYPERSWEEP_TRIAL_DIR: parts.trialDir,
    HYPERSWEEP_ATTEMPT: String(parts.attempt),
    ...parts.mlflow,
  };
}
