/** Where a trial runs, as the CLI shows it: `box1 GPU 0,1`, `local GPU 1`, `box2`. */
import type { Placement } from '../core/launchers/launcher';
import type { SweepState, TrialRecord } from '../core/journal/state';

export function placementText(placement: Placement | undefined): string {
  if (placement === undefined) return '';
  const gpus = placement.gpus !== undefined && placement.gpus.length > 0 ? ` GPU ${placement.gpus.join(',')}` : '';
  return `${placement.host ?? placement.target}${gpus}`;
}

/** Whether the sweep's placements say more than "this machine": a host or GPUs on some trial. */
export function showsPlacement(state: SweepState): boolean {
  return state.trials.some((t) => t.placement?.host !== undefined || (t.placement?.gpus?.length ?? 0) > 0);
}

/** `running: sw_3 on box1 GPU 0; sw_4 on box2 GPU 1` for `status`, or '' when nothing runs or nothing is placed. */
export function runningPlacements(trials: readonly TrialRecord[]): string {
  const running = trials.filter((t) => t.status === 'Running' && t.placement !== undefined);
  if (running.length === 0) return '';
  return `running: ${running.map((t) => `${t.id} on ${placementText(t.placement)}`).join('; ')}\n`;
}
