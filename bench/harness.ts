/**
 * The small vocabulary every benchmark group shares: what a result looks like, what a group is,
 * and clock helpers. Benchmarks measure wall-clock time with `performance.now()` (monotonic,
 * sub-millisecond) and report medians where a measurement is repeated, because a single run on
 * a busy 2-core machine is noisy and the median ignores the odd slow run.
 */
import { performance } from 'node:perf_hooks';

/** One measured number, as printed in the table and in `--json`. */
export interface BenchResult {
  /** Group that produced it (`samplers`, `spec`, ...). */
  readonly group: string;
  /** What was measured, e.g. `random: propose 1 @ history 1,000`. */
  readonly name: string;
  readonly value: number;
  /** Unit of `value`, e.g. `samples/s`, `ms`, `MB`. */
  readonly unit: string;
  /** How it was measured (sizes, repetitions) so the number can be read correctly. */
  readonly notes: string;
}

/** A named set of related benchmarks, one per file in `bench/`. */
export interface BenchGroup {
  readonly name: string;
  /** One line saying what the group measures. */
  readonly description: string;
  /** Runs the group's benchmarks and returns their results; may throw (the driver reports it). */
  run(): Promise<BenchResult[]>;
}

/** Milliseconds on a monotonic clock. */
export function now(): number {
  return performance.now();
}

/** Milliseconds taken by a synchronous `work`. */
export function timeSync(work: () => void): number {
  const start = now();
  work();
  return now() - start;
}

/** Milliseconds taken by an asynchronous `work`. */
export async function timeAsync(work: () => Promise<void>): Promise<number> {
  const start = now();
  await work();
  return now() - start;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** Median milliseconds of `runs` runs of a synchronous `work`, after one untimed warm-up run. */
export function medianTimeSync(runs: number, work: () => void): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeSync(work));
  return median(times);
}

/** A rate per second: `count` items done in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY;
}

/** `1234567` -> `1,234,567`, for notes. */
export function grouped(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Binds a group name so benchmark files can write `result('name', 1.2, 'ms', 'notes')`. */
export function resultsFor(group: string): (name: string, value: number, unit: string, notes?: string) => BenchResult {
  return (name, value, unit, notes = '') => ({ group, name, value, unit, notes });
}
