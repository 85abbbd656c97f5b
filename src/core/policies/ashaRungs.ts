/**
 * The shape of successive halving, shared by ASHA and Hyperband: which bracket a trial is in,
 * the rungs of a bracket, and at which report a rung is checked. All pure integer arithmetic on
 * the spec's numbers and a trial's index, so the same journal always gives the same rungs.
 *
 * A resource is one report of the primary metric (an interval, decisions.md), so rung r is a
 * trial's r-th report. Bracket b starts at min_resource * eta^b (bracket 0 is the most
 * aggressive); its rungs go up by a factor eta while they stay below max_resource, since a trial
 * that has reached max_resource is complete and there is nothing left to save.
 */
import type { Schedule } from './schedule';

/** The numbers every successive-halving decision needs, validated. */
export interface Ladder {
  readonly minResource: number;
  /** Undefined: the most reports any trial of the sweep has made so far. */
  readonly maxResource: number | undefined;
  readonly eta: number;
  /** Relative share of trials per bracket; its length is the number of brackets. */
  readonly bracketWeights: readonly number[];
  readonly schedule: Schedule;
}

/** The bracket of the trial with this index (or id, when the index is unknown). */
export function bracketOf(trial: { readonly id: string; readonly index?: number }, weights: readonly number[]): number {
  const count = weights.length;
  if (count <= 1) return 0;
  const index = trial.index ?? indexInId(trial.id) ?? idHash(trial.id);
  if (weights.every((w) => w === weights[0])) return index % count;
  // Unequal shares: the golden-ratio sequence spreads consecutive indices evenly over [0, 1), so
  // any run of trials is shared out close to the weights, not bracket after bracket.
  const position = fraction((index + 0.5) * GOLDEN);
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  for (let b = 0; b < count; b++) {
    cumulative += weights[b] ?? 0;
    if (position < cumulative / total) return b;
  }
  return count - 1;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

function fraction(x: number): number {
  return x - Math.floor(x);
}

/** Trial ids are `<sweep name>_<index>`: the index, when the id has that form. */
function indexInId(id: string): number | undefined {
  const match = /_(\d{1,15})$/.exec(id);
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/** FNV-1a of the id: a stable stand-in for a trial index a hand-built input leaves out. */
function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The rungs of bracket `bracket` that lie below `maxResource`, increasing. */
export function rungsOf(bracket: number, ladder: Pick<Ladder, 'minResource' | 'eta'>, maxResource: number): number[] {
  const rungs: number[] = [];
  let rung = ladder.minResource * ladder.eta ** bracket;
  while (rung < maxResource) {
    rungs.push(rung);
    rung *= ladder.eta;
  }
  return rungs;
}

/**
 * The report at which rung `rung` is checked: the first evaluation point of the schedule at or
 * after it (with `evaluation_interval: 1` and no delay, the rung itself).
 */
export function checkPointOf(rung: number, schedule: Schedule): number {
  // A multiple of the interval that is at least the delay is an evaluation point by definition.
  const first = Math.max(rung, schedule.delay, 1);
  return Math.ceil(first / schedule.interval) * schedule.interval;
}

/** The rung checked at report `n` (the highest, when a delay makes several fall due at once). */
export function rungDueAt(n: number, rungs: readonly number[], schedule: Schedule): number | undefined {
  let due: number | undefined;
  for (const rung of rungs) if (checkPointOf(rung, schedule) === n) due = rung;
  return due;
}

/**
 * Hyperband's share of trials per bracket (Li et al. 2017): with s_max = brackets - 1, the
 * bracket starting at min_resource * eta^b gets ceil((s_max + 1) / (s_max - b + 1) * eta^(s_max - b))
 * parts, so the aggressive brackets try many configurations and the cautious ones a few.
 */
export function hyperbandWeights(brackets: number, eta: number): number[] {
  const sMax = brackets - 1;
  return Array.from({ length: brackets }, (_, b) => Math.ceil(((sMax + 1) / (sMax - b + 1)) * eta ** (sMax - b)));
}

/** floor(log_eta(max / min)) + 1: the brackets whose first rung is at most max_resource. */
export function bracketsFitting(minResource: number, maxResource: number, eta: number): number {
  let brackets = 0;
  for (let rung = minResource; rung <= maxResource; rung *= eta) brackets += 1;
  return Math.max(1, brackets);
}
