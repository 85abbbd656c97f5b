/**
 * One launcher per execution target: `createLauncher` turns a target definition (from the targets
 * file, or as a sweep's journal recorded it) into the launcher that runs its trials. Local trials
 * run as processes here (one per CPU slot or per GPU slot); SSH targets run them on a pool of hosts
 * (`ssh/`); Slurm is reserved in the file format but not implemented yet.
 */
import type { TargetDefinition, LocalTarget } from '../targets/model';
import { detectLocalGpus, gpuSlotLayout } from './gpuSlots';
import { TargetUnavailableError, type Launcher } from './launcher';
import { LocalLauncher } from './localLauncher';

export interface CreateLauncherOptions {
  /** The `nvidia-smi` program used for `gpus: auto` on the local target. */
  readonly nvidiaSmi?: string;
  /** Options for SSH targets: the ssh program, and where the connection sockets live. */
  readonly ssh?: { readonly sshPath?: string; readonly controlDir?: string };
}

function localLauncher(target: LocalTarget, options: CreateLauncherOptions): LocalLauncher {
  if (target.gpus === undefined) {
    return new LocalLauncher({ target: target.name, ...(target.slots !== undefined ? { slots: target.slots } : {}) });
  }
  const ids = target.gpus === 'auto' ? detectLocalGpus(target.name, options.nvidiaSmi) : target.gpus;
  try {
    return new LocalLauncher({ target: target.name, gpuSlots: gpuSlotLayout(target, ids) });
  } catch (error) {
    throw new TargetUnavailableError(`target ${target.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The launcher for `target`. Throws a TargetUnavailableError when the target cannot be used at all
 * (a bad GPU layout, `gpus: auto` without nvidia-smi, a type this version cannot run).
 */
export function createLauncher(target: TargetDefinition, options: CreateLauncherOptions = {}): Launcher {
  switch (target.type) {
    case 'local':
      return localLauncher(target, options);
    case 'ssh':
      throw new TargetUnavailableError(`target ${target.name} is an SSH target, which this build cannot run yet; run it with \`--target local\` meanwhile`);
    case 'slurm':
      throw new TargetUnavailableError(`target ${target.name} is a Slurm target: Slurm is not supported yet; run the sweep on an SSH or the local target`);
  }
}
