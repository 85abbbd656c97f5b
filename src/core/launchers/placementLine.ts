/**
 * Where an attempt runs, in words, for every view (CLI status, the VS Code tree, the dashboard's
 * trial detail): `on box1, GPU 0,1` for an SSH host, `Slurm job 123 on node n1 (gpu:1)` once Slurm
 * placed a job, `pending: Resources, job 123` while it waits in the queue, so a user sees why.
 */
import type { Placement } from './launcher';

/** The Slurm part: the job, its node and gres, or why it waits; undefined for other targets. */
export function slurmPlacementText(placement: Placement | undefined, ended = false): string | undefined {
  if (placement?.jobId === undefined) return undefined;
  const job = placement.jobId;
  if (placement.queueState === 'PENDING' || (placement.host === undefined && placement.queueState === undefined)) {
    const why = placement.pendingReason ?? 'queued';
    return ended ? `Slurm job ${job} ended while pending (${why})` : `pending: ${why}, job ${job}`;
  }
  const gres = placement.gres !== undefined ? ` (${placement.gres})` : '';
  if (placement.host === undefined) return `Slurm job ${job} ${placement.queueState ?? ''}`.trimEnd() + gres;
  const state = placement.queueState !== undefined && placement.queueState !== 'RUNNING' ? `, ${placement.queueState}` : '';
  return `Slurm job ${job} on node ${placement.host}${gres}${state}`;
}

/**
 * The placement line of a trial's detail; undefined when there is nothing to say (this machine,
 * no GPUs). `ended`: the attempt is over, so a job last seen pending never ran.
 */
export function placementLine(placement: Placement | undefined, ended = false): string | undefined {
  if (placement === undefined) return undefined;
  const slurm = slurmPlacementText(placement, ended);
  if (slurm !== undefined) return slurm;
  const gpus = placement.gpus !== undefined && placement.gpus.length > 0 ? `, GPU ${placement.gpus.join(',')}` : '';
  if (placement.host === undefined && gpus === '') return undefined;
  return `on ${placement.host ?? placement.target}${gpus}`;
}
