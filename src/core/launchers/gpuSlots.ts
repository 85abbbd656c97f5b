/**
 * How a machine's GPUs become trial slots (the `gpus`, `trials_per_gpu` and `gpus_per_trial` keys
 * of a target): slot i gets the GPU ids that go into its trial's `CUDA_VISIBLE_DEVICES`. Packing
 * (`trials_per_gpu: 2`) puts consecutive slots on the same GPU; grouping (`gpus_per_trial: 2`)
 * gives each slot consecutive GPUs, and GPUs left over (5 GPUs, 2 per trial) stay unused.
 */
import { execFileSync } from 'node:child_process';
import type { SlotSetting } from '../targets/model';
import { TargetUnavailableError } from './launcher';

/** GPU ids per slot, in slot order. Throws a RangeError naming the key that cannot work. */
export function gpuSlotLayout(setting: SlotSetting, gpuIds: readonly string[]): string[][] {
  const perGpu = setting.trials_per_gpu;
  const perTrial = setting.gpus_per_trial;
  if (perGpu !== undefined && perTrial !== undefined) {
    throw new RangeError('trials_per_gpu and gpus_per_trial cannot both be set: pack trials onto GPUs, or give each trial several GPUs');
  }
  if (gpuIds.length === 0) throw new RangeError('the gpus list is empty: list GPU ids (gpus: [0, 1]) or remove gpus to use CPU slots');
  if (perTrial !== undefined && perTrial > 1) {
    if (perTrial > gpuIds.length) {
      throw new RangeError(`gpus_per_trial is ${perTrial} but only ${gpuIds.length} GPU(s) are listed (${gpuIds.join(', ')})`);
    }
    const slots: string[][] = [];
    for (let at = 0; at + perTrial <= gpuIds.length; at += perTrial) slots.push(gpuIds.slice(at, at + perTrial));
    return slots;
  }
  const share = perGpu ?? 1;
  return gpuIds.flatMap((id) => Array.from({ length: share }, () => [id]));
}

/** The environment a trial on `gpus` gets, the same on every target. */
export function gpuEnvironment(gpus: readonly string[]): Record<string, string> {
  const list = gpus.join(',');
  // PCI bus order makes the ids mean what `nvidia-smi` shows (CUDA's default order is "fastest first").
  return { CUDA_VISIBLE_DEVICES: list, CUDA_DEVICE_ORDER: 'PCI_BUS_ID', HYPERSWEEP_GPUS: list };
}

/**
 * The GPU ids of this machine as `nvidia-smi` lists them (`gpus: auto`). Throws a
 * TargetUnavailableError when nvidia-smi is missing, fails, or lists none.
 */
export function detectLocalGpus(target: string, nvidiaSmi = 'nvidia-smi'): string[] {
  let out: string;
  try {
    out = execFileSync(nvidiaSmi, ['--query-gpu=index', '--format=csv,noheader'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const missing = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
    throw new TargetUnavailableError(
      missing
        ? `target ${target} has \`gpus: auto\` but ${nvidiaSmi} is not installed on this machine: list the GPU ids (gpus: [0, 1]) or use \`slots: N\` for CPU trials`
        : `target ${target} has \`gpus: auto\` but ${nvidiaSmi} failed (${error instanceof Error ? error.message : String(error)}): check the NVIDIA driver, or list the GPU ids`,
    );
  }
  const ids = out.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (ids.length === 0) {
    throw new TargetUnavailableError(`target ${target} has \`gpus: auto\` but ${nvidiaSmi} lists no GPU: use \`slots: N\` for CPU trials`);
  }
  return ids;
}
