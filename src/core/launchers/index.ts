/**
 * One launcher per execution target: `createLauncher` turns a target definition (from the targets
 * file, or as a sweep's journal recorded it) into the launcher that runs its trials. Local trials
 * run as processes here (one per CPU slot or per GPU slot); SSH targets run them on a pool of hosts
 * (`ssh/`); Slurm targets submit one job per trial from the login node (`slurm/`).
 */
import type { TargetDefinition, LocalTarget } from '../targets/model';
import { detectLocalGpus, gpuSlotLayout } from './gpuSlots';
import { TargetUnavailableError, type Launcher } from './launcher';
import { LocalLauncher } from './localLauncher';
import { SshLauncher, sshLauncherOptionsFromEnv, type SshLauncherOptions } from './ssh/sshLauncher';
import { SlurmLauncher, type SlurmLauncherOptions } from './slurm/slurmLauncher';

export interface CreateLauncherOptions {
  /** The `nvidia-smi` program used for `gpus: auto` on the local target. */
  readonly nvidiaSmi?: string;
  /** Options for SSH targets (ssh program, socket folder, timings); default from the environment (see sshLauncherOptionsFromEnv). */
  readonly ssh?: SshLauncherOptions;
  /** Options for Slurm targets (poll interval, program names). */
  readonly slurm?: SlurmLauncherOptions;
}

/** Slurm options; `HYPERSWEEP_SLURM_POLL_MS` tunes the squeue interval (tests poll faster than 2 s). */
function slurmOptions(options: CreateLauncherOptions): SlurmLauncherOptions {
  const fromEnv = Number(process.env['HYPERSWEEP_SLURM_POLL_MS']);
  // `login: <alias>` uses the same ssh program as SSH targets (the hypersweep.ssh.path setting).
  const sshPath = options.ssh?.sshPath ?? sshLauncherOptionsFromEnv().sshPath;
  return { ...(Number.isFinite(fromEnv) && fromEnv >= 100 ? { pollMs: fromEnv } : {}), ...(sshPath !== undefined ? { sshPath } : {}), ...options.slurm };
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
      return new SshLauncher(target, options.ssh ?? sshLauncherOptionsFromEnv());
    case 'slurm':
      return new SlurmLauncher(target, slurmOptions(options));
  }
}
