/**
 * The SSH pool's slots: a static table slot -> (host, GPU ids), built once the hosts are probed
 * (`gpus: auto` needs nvidia-smi's answer). A trial takes the lowest free slot on a host that is up,
 * so placement is deterministic for a given sequence of events; slots of a host that is down are
 * not handed out (the runner learns that through `available()`).
 */
import { gpuSlotLayout } from '../gpuSlots';
import type { SlotSetting } from '../../targets/model';

/** One slot of the pool. */
export interface PoolSlot {
  readonly index: number;
  readonly host: string;
  /** GPU ids for `CUDA_VISIBLE_DEVICES`; empty on CPU slots. */
  readonly gpus: readonly string[];
}

/**
 * The slots one host contributes: `gpus` (a list, or `auto` answered by `detectedGpus`) laid out by
 * `trials_per_gpu` / `gpus_per_trial`, else `slots` CPU slots (default 1). The host's own settings
 * win over the pool's. Throws a RangeError naming the key that cannot work.
 */
export function hostSlots(pool: SlotSetting, host: SlotSetting, detectedGpus: readonly string[]): (readonly string[])[] {
  const gpus = host.gpus ?? (host.slots !== undefined ? undefined : pool.gpus);
  if (gpus !== undefined) {
    const ids = gpus === 'auto' ? detectedGpus : gpus;
    if (ids.length === 0) throw new RangeError('`gpus: auto` but nvidia-smi lists no GPU there: use `slots: N` for CPU trials');
    const layout = host.trials_per_gpu !== undefined || host.gpus_per_trial !== undefined ? host : pool;
    return gpuSlotLayout(layout, ids);
  }
  const slots = host.slots ?? pool.slots ?? 1;
  if (!Number.isSafeInteger(slots) || slots < 1) throw new RangeError(`slots must be a whole number of at least 1, got ${String(slots)}`);
  return Array.from({ length: slots }, () => []);
}

/** Which slots are held, and by which host. */
export class SlotTable {
  private readonly slots: PoolSlot[] = [];
  private readonly busy = new Set<number>();

  /** Appends `host`'s slots (in host order, so slot numbers follow the targets file). */
  addHost(host: string, layout: readonly (readonly string[])[]): void {
    for (const gpus of layout) this.slots.push({ index: this.slots.length, host, gpus: [...gpus] });
  }

  get size(): number {
    return this.slots.length;
  }

  /** Free slots on hosts for which `usable(host)` holds. */
  free(usable: (host: string) => boolean): number {
    return this.slots.filter((slot) => !this.busy.has(slot.index) && usable(slot.host)).length;
  }

  /** Slots (free or not) on hosts for which `usable(host)` holds. */
  count(usable: (host: string) => boolean): number {
    return this.slots.filter((slot) => usable(slot.host)).length;
  }

  /** Takes the lowest free slot on a usable host, or undefined. */
  take(usable: (host: string) => boolean): PoolSlot | undefined {
    const slot = this.slots.find((candidate) => !this.busy.has(candidate.index) && usable(candidate.host));
    if (slot !== undefined) this.busy.add(slot.index);
    return slot;
  }

  /** Marks a known slot held (a re-attached trial); false when it is unknown or already held. */
  hold(index: number, host: string): PoolSlot | undefined {
    const slot = this.slots[index];
    if (slot === undefined || slot.host !== host || this.busy.has(index)) return undefined;
    this.busy.add(index);
    return slot;
  }

  release(index: number): void {
    this.busy.delete(index);
  }
}
