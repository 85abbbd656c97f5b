/** Statistics and the Markdown table of the sampler benchmark. */
import type { RunResult } from './run';

/** The q-quantile of `values` by linear interpolation (q in [0, 1]). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? NaN;
  const b = sorted[high] ?? NaN;
  return a + (b - a) * (position - low);
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return Math.abs(value) >= 0.01 && Math.abs(value) < 1000 ? value.toPrecision(3) : value.toExponential(2);
}

/** Median regret of one (function, sampler, budget) cell. */
export function medianOf(results: readonly RunResult[], fn: string, sampler: string, budget: number): number {
  return quantile(results.filter((r) => r.function === fn && r.sampler === sampler).map((r) => r.regret[String(budget)] ?? NaN), 0.5);
}

/**
 * The regret table: one row per function and budget, one column per sampler with
 * "median [q1, q3]", then the ratio of our Bayesian median to each other sampler's median.
 */
export function regretTable(results: readonly RunResult[], functions: readonly string[], samplers: readonly string[], budgets: readonly number[]): string {
  const others = samplers.filter((s) => s !== 'bayesian');
  const header = ['function', 'budget', ...samplers, ...others.map((s) => `bayesian / ${s}`)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const fn of functions) {
    for (const budget of budgets) {
      const cells = samplers.map((sampler) => {
        const values = results.filter((r) => r.function === fn && r.sampler === sampler).map((r) => r.regret[String(budget)] ?? NaN);
        if (values.length === 0) return 'n/a';
        return `${format(quantile(values, 0.5))} [${format(quantile(values, 0.25))}, ${format(quantile(values, 0.75))}]`;
      });
      const ours = medianOf(results, fn, 'bayesian', budget);
      const ratios = others.map((s) => {
        const theirs = medianOf(results, fn, s, budget);
        if (!Number.isFinite(theirs) || !Number.isFinite(ours)) return 'n/a';
        return theirs === 0 ? (ours === 0 ? '1' : '∞') : format(ours / theirs);
      });
      lines.push(`| ${[fn, String(budget), ...cells, ...ratios].join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
