/**
 * Execution targets: where a sweep's trials run. Targets are defined outside the Azure spec, so the
 * same file still submits to Azure ML: in `hypersweep.targets.yaml` next to the spec or in the
 * workspace root, or in the VS Code setting `hypersweep.targets` (same shape). The spec picks one by
 * `compute: azureml:<name>` or `compute: <name>`; `hypersweep run --target NAME` overrides it.
 * `local` is always defined (this machine, or the remote machine in a VS Code Remote-SSH window).
 *
 * ```yaml
 * targets:
 *   gpu-boxes:
 *     type: ssh
 *     hosts: [box1, alice@10.0.0.7:2222]   # aliases or user@host[:port]
 *     ssh_config: ./ssh_config             # optional, passed as ssh -F
 *     gpus: auto                           # or [0, 1]; or slots: 4 for CPU hosts
 *     trials_per_gpu: 1                    # or gpus_per_trial: 2
 *     work_root: ~/.hypersweep
 *     setup: source ~/venv/bin/activate
 *     env: {WANDB_MODE: offline}
 * ```
 *
 * These are the parsed, validated shapes (plain JSON data: the journal records the target a sweep
 * ran on, so `resume` uses the same one even if the file changed).
 */

/** GPUs of a machine: detected with `nvidia-smi` when the sweep starts, or listed by id. */
export type GpuSetting = 'auto' | readonly string[];

/** How trials share a machine: CPU slots, or GPUs packed or grouped. */
export interface SlotSetting {
  /** Trials at once on a CPU machine (ignored when `gpus` is set). */
  readonly slots?: number;
  readonly gpus?: GpuSetting;
  /** Trials sharing one GPU (small models). Default 1. Exclusive with `gpus_per_trial`. */
  readonly trials_per_gpu?: number;
  /** GPUs given to each trial. Default 1. Exclusive with `trials_per_gpu`. */
  readonly gpus_per_trial?: number;
}

/** This machine. */
export interface LocalTarget extends SlotSetting {
  readonly type: 'local';
  readonly name: string;
}

/** One host of an SSH pool, with per-host overrides of the pool's slot settings. */
export interface SshHostSetting extends SlotSetting {
  /** An alias from the ssh config, or `user@host[:port]`; ssh resolves the rest. */
  readonly host: string;
}

/** A pool of SSH hosts, one trial per slot (per GPU, or per CPU slot). */
export interface SshTarget extends SlotSetting {
  readonly type: 'ssh';
  readonly name: string;
  readonly hosts: readonly SshHostSetting[];
  /** Absolute path of an ssh config file (`ssh -F`), resolved against the targets file; default: the user's own. */
  readonly ssh_config?: string;
  /** Where code snapshots and trial folders live on each host. Default `~/.hypersweep`. */
  readonly work_root: string;
  /** A shell line run before each trial (e.g. `source ~/venv/bin/activate`). */
  readonly setup?: string;
  /** Variables added to every trial's environment on these hosts. */
  readonly env: Readonly<Record<string, string>>;
}

/** A Slurm cluster (a later issue; the shape is reserved so the file format does not change). */
export interface SlurmTarget {
  readonly type: 'slurm';
  readonly name: string;
  readonly login: string;
  readonly shared_dir: string;
  readonly partition?: string;
  readonly gres?: string;
  readonly cpus_per_trial?: number;
  readonly mem?: string;
  readonly sbatch_args: readonly string[];
  readonly setup?: string;
  readonly max_queued?: number;
  /** An ssh config file (`ssh -F`) for reaching `login` over SSH, absolute once loaded. */
  readonly ssh_config?: string;
  /**
   * Where the fields Slurm may reject (`partition`, `gres`, `sbatch_args`, ...) are written, as
   * `file:line:col`, so the error of a job shape Slurm refuses points at the line to fix. Set only
   * for targets read from a file.
   */
  readonly origin?: Readonly<Record<string, string>>;
}

export type TargetDefinition = LocalTarget | SshTarget | SlurmTarget;

/** The name of the machine the runner runs on. */
export const LOCAL_TARGET_NAME = 'local';

/** The target every sweep has even without a targets file. */
export const DEFAULT_LOCAL_TARGET: LocalTarget = { type: 'local', name: LOCAL_TARGET_NAME };
