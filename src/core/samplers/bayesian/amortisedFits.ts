/**
 * Amortised hyperparameter fits, shared by the sampler's own model (refitSchedule.ts) and the
 * stopped-trial correction (configCorrection.ts): when a fit runs (a schedule), and fits
 * remembered by a key that names exactly the data they saw, so a memo can only save work, never
 * change a result.
 */
import type { GpHyperparameters } from './gp';

/**
 * The largest point ≤ `count` of a geometric schedule: every count up to `everyUntil`, then each
 * `growth` fraction more (at least one).
 */
export function schedulePoint(count: number, everyUntil: number, growth: number): number {
  if (count <= everyUntil) return count;
  let point = everyUntil;
  for (;;) {
    const next = point + Math.max(1, Math.floor(point * growth));
    if (next > count) return point;
    point = next;
  }
}

/** Fits remembered by data key; at most `size` of them (emptied when full: one sweep needs one). */
export class FitMemo {
  private readonly fits = new Map<string, GpHyperparameters>();
  private computed = 0;

  constructor(private readonly size: number) {}

  /** Fits actually run (not answered from the memo). */
  get fitsComputed(): number {
    return this.computed;
  }

  /** The fit remembered for `key`, else `fit()`, remembered. */
  remember(key: string, fit: () => GpHyperparameters): GpHyperparameters {
    const remembered = this.fits.get(key);
    if (remembered !== undefined) return remembered;
    const fitted = fit();
    this.computed += 1;
    if (this.fits.size >= this.size) this.fits.clear();
    this.fits.set(key, fitted);
    return fitted;
  }
}
