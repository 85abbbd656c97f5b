/** When an amortised fit runs: the schedule both of the sampler's scheduled fits follow. */

/**
 * The largest point ≤ `count` of a geometric schedule: every count up to `everyUntil`, then each
 * `growth` fraction more (at least one). Shared by the hyperparameter fit (refitSchedule.ts)
 * and the stopped-trial correction's fit (configCorrection.ts).
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
