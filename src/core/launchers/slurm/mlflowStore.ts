/**
 * How a Slurm trial's unchanged MLflow calls reach the sweep. The sweep's endpoint listens on the
 * runner's loopback only (local servers bind 127.0.0.1 and want a token), which no compute node can
 * reach; so a Slurm trial's client writes MLflow's own file store in its attempt folder on the
 * shared filesystem (per attempt: two attempts never share a store), and the launcher tails its
 * metric files (metrics/mlflowFileStore.ts).
 *
 * The run ids and token that point a client at the endpoint are removed, and unset on the node too
 * (the job starts from the submitting environment): with no MLFLOW_RUN_ID, `mlflow.log_metric`
 * without `start_run`, and `start_run()`, each create a run in the store themselves.
 */

/** The store's folder inside the attempt folder. */
export const MLFLOW_STORE_FOLDER = 'mlruns';

/** Variables that only mean something to the sweep's endpoint. */
export const ENDPOINT_ONLY_VARIABLES = ['MLFLOW_TRACKING_TOKEN', 'MLFLOW_RUN_ID', 'MLFLOW_EXPERIMENT_ID'] as const;

/** `file://` URI of a POSIX path (each name percent-encoded; MLflow decodes it back). */
export function fileUri(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The trial's environment with MLflow pointed at the file store in `attemptDir` instead of the endpoint. */
export function withFileStore(env: Readonly<Record<string, string>>, attemptDir: string): Record<string, string> {
  const result: Record<string, string> = { ...env };
  for (const name of ENDPOINT_ONLY_VARIABLES) delete result[name];
  result['MLFLOW_TRACKING_URI'] = fileUri(`${attemptDir}/${MLFLOW_STORE_FOLDER}`);
  return result;
}
