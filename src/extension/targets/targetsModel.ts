/**
 * What the Targets view shows, computed from the loaded targets, the last Check Target results
 * and the running sweeps' journals (a Running trial holds one slot on the host its `placement`
 * names). No `vscode` import, so it is unit tested.
 */
import { availableParallelism } from 'node:os';
import type { SweepState } from '../../core/journal/state';
import { gpuSlotLayout } from '../../core/launchers/gpuSlots';
import type { SlotSetting, SshHostSetting, TargetDefinition } from '../../core/targets/model';
import type { HostCheck } from './hostCheck';
import { slurmTargetRow, type SlurmViewData } from './slurmQueue';

/** Where a target was defined. */
export type TargetSource = 'file' | 'setting' | 'built-in';

export interface HostRow {
  readonly kind: 'host';
  readonly target: string;
  readonly host: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: { readonly id: string; readonly color?: string };
}

export interface TargetRow {
  readonly kind: 'target';
  readonly name: string;
  readonly type: TargetDefinition['type'];
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
  readonly hosts: readonly HostRow[];
}

/** The local machine's row key in busy counts and checks. */
export const LOCAL_HOST = '';

/** Running trials per `target` then host (`''` for the local machine), from the sweeps' states. */
export function busySlots(states: readonly SweepState[]): Map<string, Map<string, number>> {
  const busy = new Map<string, Map<string, number>>();
  for (const state of states) {
    for (const trial of state.trials) {
      if (trial.status !== 'Running') continue;
      const target = trial.placement?.target ?? trial.target ?? 'local';
      const host = trial.placement?.host ?? LOCAL_HOST;
      const perHost = busy.get(target) ?? new Map<string, number>();
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      busy.set(target, perHost);
    }
  }
  return busy;
}

/** Slots of a machine: from its GPUs (listed, or found by the last probe) or its CPU slots. */
export function slotCount(setting: SlotSetting, fallback: number, probedGpus?: readonly string[]): number | undefined {
  if (setting.gpus === undefined) return setting.slots ?? fallback;
  const ids = setting.gpus === 'auto' ? probedGpus : setting.gpus;
  if (ids === undefined) return undefined;
  try {
    return gpuSlotLayout(setting, ids).length;
  } catch {
    return 0;
  }
}

function hostSetting(pool: SlotSetting, host: SshHostSetting): SlotSetting {
  // A host's own slot keys replace the pool's as a group, so `slots` on a host is not mixed with pool `gpus`.
  const own = host.gpus !== undefined || host.slots !== undefined || host.trials_per_gpu !== undefined || host.gpus_per_trial !== undefined;
  return own ? host : pool;
}

function gpuText(setting: SlotSetting, check: HostCheck | undefined): string | undefined {
  if (setting.gpus === undefined) return undefined;
  if (setting.gpus !== 'auto') return `GPUs ${setting.gpus.join(', ')}`;
  const gpus = check?.probe?.gpus;
  return gpus ? `${gpus.length} GPU${gpus.length === 1 ? '' : 's'} (auto)` : 'GPUs: auto (check to detect)';
}

function freeText(slots: number | undefined, busy: number): string {
  if (slots === undefined) return `${busy} busy`;
  return `${Math.max(0, slots - busy)}/${slots} free`;
}

function hostRow(target: string, host: string, setting: SlotSetting, fallbackSlots: number, check: HostCheck | undefined, busy: number): HostRow & { slots: number | undefined } {
  const slots = slotCount(setting, fallbackSlots, check?.probe?.gpus.map((g) => g.index));
  const reach = check === undefined ? 'not checked' : check.ok ? 'reachable' : 'unreachable';
  const parts = [reach, gpuText(setting, check), freeText(slots, busy)].filter((p): p is string => p !== undefined);
  const probe = check?.probe;
  const tooltip = [
    `${host || 'this machine'} (target ${target})`,
    check === undefined ? 'Not checked yet: run Check Target.' : check.ok ? `Reachable (checked in ${check.ms} ms at ${new Date(check.checkedAt).toLocaleTimeString()})` : check.error?.message,
    probe ? `${probe.os} ${probe.arch}, home ${probe.home}` : undefined,
    probe && host !== LOCAL_HOST ? `tools: ${Object.entries(probe.tools).map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`).join(', ')}` : undefined,
    ...(probe?.gpus ?? []).map((g) => `GPU ${g.index}: ${g.name}`),
    `${busy} trial${busy === 1 ? '' : 's'} running here${slots !== undefined ? ` of ${slots} slot${slots === 1 ? '' : 's'}` : ''}`,
  ].filter((l): l is string => l !== undefined && l !== '');
  const icon = check === undefined ? { id: 'circle-large-outline' } : check.ok ? { id: 'pass', color: 'testing.iconPassed' } : { id: 'error', color: 'testing.iconFailed' };
  return { kind: 'host', target, host, label: host || 'this machine', description: parts.join(' · '), tooltip: tooltip.join('\n'), icon, slots };
}

/** The rows of the Targets view, targets in the order given (local first). */
export function targetRows(
  targets: ReadonlyMap<string, TargetDefinition>,
  sources: ReadonlyMap<string, TargetSource>,
  checks: ReadonlyMap<string, HostCheck>,
  busy: ReadonlyMap<string, ReadonlyMap<string, number>>,
  localCpus: number = availableParallelism(),
  slurm: SlurmViewData = { queues: new Map(), checks: new Map() },
): TargetRow[] {
  const names = [...targets.keys()].sort((a, b) => (a === 'local' ? -1 : b === 'local' ? 1 : 0));
  return names.flatMap((name): TargetRow[] => {
    const target = targets.get(name);
    if (!target) return [];
    const source = sources.get(name) ?? 'built-in';
    const perHost = busy.get(name) ?? new Map<string, number>();
    const where = source === 'file' ? 'hypersweep.targets.yaml' : source === 'setting' ? 'setting hypersweep.targets' : 'built in';
    if (target.type === 'slurm') return [slurmTargetRow(target, where, slurm.queues.get(name), slurm.checks.get(name))];
    const hosts = target.type === 'local'
      ? [hostRow(name, LOCAL_HOST, target, localCpus, checks.get(checkKey(name, LOCAL_HOST)), perHost.get(LOCAL_HOST) ?? 0)]
      : target.hosts.map((h) => hostRow(name, h.host, hostSetting(target, h), 1, checks.get(checkKey(name, h.host)), perHost.get(h.host) ?? 0));
    const total = hosts.every((h) => h.slots !== undefined) ? hosts.reduce((sum, h) => sum + (h.slots ?? 0), 0) : undefined;
    const running = [...perHost.values()].reduce((a, b) => a + b, 0);
    const down = hosts.filter((h) => h.icon.id === 'error').length;
    const parts = [
      target.type === 'local' ? 'this machine' : `ssh · ${hosts.length} host${hosts.length === 1 ? '' : 's'}`,
      target.type === 'local' ? gpuText(target, checks.get(checkKey(name, LOCAL_HOST))) : undefined,
      down > 0 ? `${down} unreachable` : undefined,
      freeText(total, running),
    ].filter((p): p is string => p !== undefined);
    return [{
      kind: 'target', name, type: target.type, label: name, description: parts.join(' · '),
      tooltip: `${name}: ${target.type} target (${where})${target.type === 'ssh' ? `\nwork root ${target.work_root}${target.ssh_config ? `\nssh config ${target.ssh_config}` : ''}` : ''}\n${running} trial${running === 1 ? '' : 's'} running`,
      icon: target.type === 'local' ? { id: 'vm' } : { id: 'remote', ...(down > 0 ? { color: 'testing.iconFailed' } : {}) },
      contextValue: `target.${target.type}`,
      hosts: hosts.map(({ slots: _slots, ...row }) => row),
    }];
  });
}

/** The key of a host's check result. */
export function checkKey(target: string, host: string): string {
  return `${target}\u0000${host}`;
}

/** A short text for a trial's placement: `box1 · GPU 0,1`, `GPU 1`, or undefined on a plain local run. */
export function placementText(placement: { readonly host?: string; readonly gpus?: readonly string[] } | undefined): string | undefined {
  if (!placement) return undefined;
  const parts = [placement.host, placement.gpus && placement.gpus.length > 0 ? `GPU ${placement.gpus.join(',')}` : undefined].filter((p): p is string => p !== undefined && p !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** A trial task's name: the trial id, and where it runs (`box1 · GPU 0`) when known. */
export function trialTaskName(trial: { readonly id: string; readonly placement?: { readonly host?: string; readonly gpus?: readonly string[] } }): string {
  const where = placementText(trial.placement);
  return where ? `${trial.id} @ ${where}` : trial.id;
}
