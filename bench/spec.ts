/**
 * How long `loadSpec` (parse, schema checks, model, cross-section rules) takes on a large but
 * realistic file: about 5,000 lines, hundreds of search-space keys each passed on its own line of
 * a long command. The editor re-validates on every keystroke, so this is the latency a user of a
 * big spec feels.
 */
import { loadSpec } from '../src/core/spec';
import { grouped, medianTimeSync, resultsFor, type BenchGroup } from './harness';
import { largeSpecYaml, lineCount, loadValidSpec } from './specs';
import { hostileSpecResults } from './hostileSpecs';

const TARGET_LINES = 5_000;
const RUNS = 7;

/** The `spec` benchmark group. */
export const specGroup: BenchGroup = {
  name: 'spec',
  description: `loadSpec on a generated ${grouped(TARGET_LINES)}-line sweep spec`,
  run: () => {
    const result = resultsFor('spec');
    const text = largeSpecYaml(TARGET_LINES);
    const keys = loadValidSpec(text).search_space.parameters.length;
    const ms = medianTimeSync(RUNS, () => {
      loadSpec(text);
    });
    return Promise.resolve([
      result('loadSpec, large spec', ms, 'ms',
        `${grouped(lineCount(text))} lines, ${grouped(text.length)} chars, ${keys} keys; median of ${RUNS} after a warm-up`),
      ...hostileSpecResults(),
    ]);
  },
};
