/**
 * Where a trial runs, as the CLI shows it: `box1 GPU 0,1`, `local GPU 1`, `box2`; a Slurm trial as
 * `Slurm job 123 on node n1 (gpu:1)` or, while it waits, `pending: Resources, job 123`.
 */
import type { Placement } from '../core/launchers/launcher';
import { slurmPlacementText } from '../core/launchers/placementLine';
import type { SweepState, TrialRecord } from '../core/journal/state';

export function placementText(placement: Placement | undefined): string {
  if (placement === undefined) return '';
  const slurm = slurmPlacementText(placement);
  if (slurm !== undefined) return slurm;
  const gpus = placement.gpus !== undefined && placement.gpus.length > 0 ? ` GPU ${placement.gpus.join(',')}` : '';
  return `${placement.host ?? placement.target}${gpus}`;
}

/** Whether the sweep's placements say more than "this machine": a host, GPUs or a Slurm job on some trial. */
export function showsPlacement(state: SweepState): boolean {
  return state.trials.some((t) => t.placement?.host !== undefined || (t.placement?.gpus?.length ?? 0) > 0 || t.placement?.jobId !== undefined);
}

/**
 * `running: sw_3 on box1 GPU 0; sw_4 pending: Resources, job 12` for `status`, or '' when nothing
 * runs or nothing is placed.
 */
export function runningPlacements(trials: readonly TrialRecord[]): string {
  const running = trials.filter((t) => t.status === 'Running' && t.placement !== undefined);
  if (running.length === 0) return '';
  const where = (placement: Placement | undefined): string => slurmPlacementText(placement) ?? `on ${placementText(placement)}`;
  return `running: ${running.map((t) => `${t.id} ${where(t.placement)}`).join('; ')}\n`;
}
