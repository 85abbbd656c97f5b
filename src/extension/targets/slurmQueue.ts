/**
 * A Slurm target's row in the Targets view: its partition and gres, and where its jobs are in the
 * cluster's queue (running, pending and why), from what the running sweeps journaled
 * (`trial-placement`: each poll of squeue that changed a job). No cluster query of its own: the
 * runner already asks squeue once per poll for every job), and the cluster's side from the last
 * Check Target (slurmCheck.ts: the partition's nodes, the user's jobs in the whole queue). No
 * `vscode` import, so it is unit tested.
 */
import type { SweepState } from '../../core/journal/state';
import type { SlurmTarget } from '../../core/targets/model';
import type { TargetRow } from './targetsModel';
import type { PartitionState, SlurmCheck } from './slurmCheck';

/** What the Targets view knows about Slurm targets: journaled queues and the last checks, by target name. */
export interface SlurmViewData {
  readonly queues: ReadonlyMap<string, SlurmQueue>;
  readonly checks: ReadonlyMap<string, SlurmCheck>;
}

/** A Slurm target's jobs in the queue, as the running sweeps last saw them. */
export interface SlurmQueue {
  readonly running: number;
  readonly pending: number;
  /** Pending jobs per Slurm reason (`Resources`, `Priority`, ...), most frequent first. */
  readonly reasons: readonly (readonly [string, number])[];
  /** Nodes running the target's jobs. */
  readonly nodes: readonly string[];
}

/** The queue of every Slurm target with running trials, by target name. */
export function slurmQueues(states: readonly SweepState[]): Map<string, SlurmQueue> {
  const tally = new Map<string, { running: number; pending: number; reasons: Map<string, number>; nodes: Set<string> }>();
  for (const state of states) {
    for (const trial of state.trials) {
      const placement = trial.placement;
      if (trial.status !== 'Running' || placement?.jobId === undefined) continue;
      const entry = tally.get(placement.target) ?? { running: 0, pending: 0, reasons: new Map<string, number>(), nodes: new Set<string>() };
      if (placement.queueState === 'PENDING') {
        entry.pending++;
        const reason = placement.pendingReason ?? 'queued';
        entry.reasons.set(reason, (entry.reasons.get(reason) ?? 0) + 1);
      } else {
        entry.running++;
        if (placement.host !== undefined) entry.nodes.add(placement.host);
      }
      tally.set(placement.target, entry);
    }
  }
  return new Map([...tally].map(([name, t]) => [name, {
    running: t.running,
    pending: t.pending,
    reasons: [...t.reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    nodes: [...t.nodes].sort(),
  }]));
}

/** `2 pending (Resources 1, Priority 1)`, or undefined when nothing waits. */
function pendingText(queue: SlurmQueue): string | undefined {
  if (queue.pending === 0) return undefined;
  return `${queue.pending} pending (${queue.reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')})`;
}

/** `gpu up: 2 idle, 1 mixed of 3 nodes`. */
function partitionText(p: PartitionState): string {
  return `${p.name}${p.isDefault ? ' (default)' : ''} ${p.availability}: ${p.byState.map(([state, n]) => `${n} ${state}`).join(', ')} of ${p.nodes} node${p.nodes === 1 ? '' : 's'}`;
}

/** The last check's lines for the tooltip, and whether it failed. */
function checkLines(check: SlurmCheck | undefined): string[] {
  if (check === undefined) return ['not checked (Check Target asks sinfo and squeue)'];
  const when = new Date(check.checkedAt).toLocaleTimeString();
  if (!check.ok) return [`check at ${when} failed: ${check.error ?? 'unknown error'}`];
  return [
    ...(check.partitions ?? []).map((p) => `partition ${partitionText(p)} (checked ${when})`),
    ...(check.myJobs !== undefined ? [`your jobs in the whole queue: ${check.myJobs.running} running, ${check.myJobs.pending} pending`] : []),
  ];
}

/** The target's row: `slurm · gpu · 3 running · 2 pending (Resources 2) · 5/50 queued`. */
export function slurmTargetRow(target: SlurmTarget, where: string, queue: SlurmQueue | undefined, check?: SlurmCheck): TargetRow {
  const running = queue?.running ?? 0;
  const total = running + (queue?.pending ?? 0);
  const limit = target.max_queued !== undefined ? `${total}/${target.max_queued} queued` : `${total} queued`;
  const waiting = queue !== undefined ? pendingText(queue) : undefined;
  const partition = check?.ok === true ? check.partitions?.find((p) => p.name === target.partition) ?? check.partitions?.find((p) => p.isDefault) : undefined;
  const partitionLabel = `${target.partition ?? 'default partition'}${partition !== undefined && partition.availability !== 'up' ? ` (${partition.availability})` : ''}`;
  const description = ['slurm', partitionLabel, check?.ok === false ? 'check failed' : undefined, `${running} running`, waiting, limit].filter((p): p is string => p !== undefined).join(' · ');
  const via = target.login === 'local' ? 'this login node' : `the login node ${target.login} over SSH`;
  const tooltip = [
    `${target.name}: Slurm target (${where}), submitted from ${via}`,
    `partition ${target.partition ?? '(the cluster\'s default)'}${target.gres !== undefined ? ` · gres ${target.gres} per trial` : ''}`,
    `shared folder ${target.shared_dir}`,
    `${running} running${queue !== undefined && queue.nodes.length > 0 ? ` on ${queue.nodes.join(', ')}` : ''}; ${waiting ?? 'none pending'}; ${limit}`,
    ...checkLines(check),
  ];
  const down = check?.ok === false || (partition !== undefined && partition.availability !== 'up');
  return {
    kind: 'target', name: target.name, type: 'slurm', label: target.name, description, tooltip: tooltip.join('\n'),
    // A queue that holds the sweep's jobs back is the one thing to notice at a glance.
    icon: { id: 'server', ...(down ? { color: 'testing.iconFailed' } : queue !== undefined && queue.pending > 0 && queue.running === 0 ? { color: 'charts.yellow' } : {}) },
    contextValue: 'target.slurm', hosts: [],
  };
}
