/**
 * Drawing without replacement from an all-discrete space (decisions.md "Samplers": random draws
 * in an all-discrete space never repeat, and the sweep ends when the space is exhausted).
 */
import { discreteSize, isAllDiscrete } from '../space/cardinality';
import { paramsKey } from '../space/encoding';
import { discretePointAt } from '../space/enumerate';
import type { Params, SearchSpace } from '../spec/model';
import { proposedKeys } from './history';
import type { HistoryEntry } from './sampler';

/** The points of a space that a sampler has not proposed yet, when the space is finite. */
export class DiscreteRemainder {
  /** Number of configurations, or `undefined` when the space is not all-discrete. */
  readonly size: number | undefined;

  /** Keys of proposed configurations; only kept for finite spaces (continuous draws never repeat). */
  private readonly seen: Set<string>;

  constructor(
    private readonly space: SearchSpace,
    history: readonly HistoryEntry[],
  ) {
    this.size = isAllDiscrete(space) ? discreteSize(space) : undefined;
    // Building keys costs O(history) per propose; a continuous space has no use for them.
    this.seen = this.size === undefined ? new Set() : proposedKeys(history);
  }

  /** True when a finite space has had every configuration proposed. */
  get exhausted(): boolean {
    return this.size !== undefined && this.seen.size >= this.size;
  }

  /** Whether a configuration was proposed before. */
  has(params: Params): boolean {
    return this.seen.has(paramsKey(params));
  }

  /** Records a configuration as proposed. */
  add(params: Params): void {
    if (this.size !== undefined) this.seen.add(paramsKey(params));
  }

  /**
   * The first configuration not yet proposed, scanning the enumeration order from the point at
   * fraction `u` of the space and wrapping around. Always ends: the caller checks `exhausted`
   * first, so at least one configuration is left. Used once random draws keep hitting seen points.
   */
  firstUnseenFrom(u: number): Params {
    const size = this.size;
    if (size === undefined || this.exhausted) throw new Error('Internal error: no unseen configuration to scan for.');
    // A space larger than 2^53 cannot be scanned to its end, but it cannot be nearly full either.
    const span = Number.isFinite(size) ? size : Number.MAX_SAFE_INTEGER;
    const start = Math.min(span - 1, Math.floor(u * span));
    for (let step = 0; step < span; step++) {
      const params = discretePointAt(this.space, (start + step) % span);
      if (!this.has(params)) return params;
    }
    throw new Error('Internal error: every configuration was seen although the space is not exhausted.');
  }
}
