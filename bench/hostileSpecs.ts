/**
 * Specs an attacker or a generator could hand the editor: a 2.7 MB spec with 50,000 search-space
 * keys (validation must grow linearly with the file; it took 30 s when repeated keys were found by
 * comparing each key with every earlier one) and a 36 KB alias bomb (4,000 aliases of a
 * 2,000-item anchor; refused at the alias-node budget instead of expanding to 8 million values).
 */
import { loadSpec, MAX_ALIAS_NODES } from '../src/core/spec';
import { grouped, medianTimeSync, resultsFor, type BenchResult } from './harness';

/** A spec whose search space has `keys` uniform parameters (four lines each). */
export function manyKeysSpecYaml(keys: number): string {
  const lines = ['type: sweep', 'trial:', '  command: python train.py', 'objective:', '  goal: minimize', '  primary_metric: loss', 'sampling_algorithm: random', 'search_space:'];
  for (let i = 0; i < keys; i++) lines.push(`  parameter_${i}:`, '    type: uniform', '    min_value: 0', `    max_value: ${i + 1}`);
  lines.push('limits:', '  max_total_trials: 10', '');
  return lines.join('\n');
}

/** 4,000 aliases of one 2,000-item anchor: 36 KB that would expand to 8 million values. */
export function aliasBombYaml(): string {
  return ['type: sweep', `base: &b [${Array(2000).fill('xxxxxxxx').join(', ')}]`, `refs: [${Array(4000).fill('*b').join(', ')}]`, ''].join('\n');
}

/** Median loadSpec times for the 50,000-key spec, a 10,000-key spec (linearity) and the alias bomb. */
export function hostileSpecResults(): BenchResult[] {
  const result = resultsFor('spec');
  const results: BenchResult[] = [];
  for (const keys of [10_000, 50_000]) {
    const text = manyKeysSpecYaml(keys);
    const ms = medianTimeSync(3, () => {
      loadSpec(text);
    });
    results.push(result(`loadSpec, ${grouped(keys)} search-space keys`, ms, 'ms', `${(text.length / 1e6).toFixed(1)} MB; median of 3 after a warm-up (linear: 5x the keys should take about 5x)`));
  }
  const bomb = aliasBombYaml();
  const bombMs = medianTimeSync(3, () => {
    const refused = loadSpec(bomb).diagnostics.some((d) => d.code === 'too-many-aliases');
    if (!refused) throw new Error('the alias bomb was not refused');
  });
  results.push(result('loadSpec, alias bomb (refused)', bombMs, 'ms', `${grouped(bomb.length)} chars, 4,000 aliases of a 2,000-item anchor; refused past ${grouped(MAX_ALIAS_NODES)} values`));
  return results;
}
