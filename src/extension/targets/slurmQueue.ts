/**
 * A Slurm target's row in the Targets view: its partition and gres, and where its jobs are in the
 * cluster's queue (running, pending and why), from what the running sweeps journaled
 * (`trial-placement`: each poll of squeue that changed a job). No cluster query of its own: the
 * runner already asks squeue once per poll for every job. No `vscode` import, so it is unit tested.
 */
import type { SweepState } from '../../core/journal/state';
import type { SlurmTarget } from '../../core/targets/model';
import type { TargetRow } from './targetsModel';

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

/** The target's row: `slurm · gpu · 3 running · 2 pending (Resources 2) · 5/50 queued`. */
export function slurmTargetRow(target: SlurmTarget, where: string, queue: SlurmQueue | undefined): TargetRow {
  const running = queue?.running ?? 0;
  const total = running + (queue?.pending ?? 0);
  const limit = target.max_queued !== undefined ? `${total}/${target.max_queued} queued` : `${total} queued`;
  const waiting = queue !== undefined ? pendingText(queue) : undefined;
  const description = ['slurm', target.partition ?? 'default partition', `${running} running`, waiting, limit].filter((p): p is string => p !== undefined).join(' · ');
  const via = target.login === 'local' ? 'this login node' : `the login node ${target.login} over SSH`;
  const tooltip = [
    `${target.name}: Slurm target (${where}), submitted from ${via}`,
    `partition ${target.partition ?? '(the cluster\'s default)'}${target.gres !== undefined ? ` · gres ${target.gres} per trial` : ''}`,
    `shared folder ${target.shared_dir}`,
    `${running} running${queue !== undefined && queue.nodes.length > 0 ? ` on ${queue.nodes.join(', ')}` : ''}; ${waiting ?? 'none pending'}; ${limit}`,
  ];
  return {
    kind: 'target', name: target.name, type: 'slurm', label: target.name, description, tooltip: tooltip.join('\n'),
    // A queue that holds the sweep's jobs back is the one thing to notice at a glance.
    icon: { id: 'server', ...(queue !== undefined && queue.pending > 0 && queue.running === 0 ? { color: 'charts.yellow' } : {}) },
    contextValue: 'target.slurm', hosts: [],
  };
}
