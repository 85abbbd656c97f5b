/**
 * Grid sampling must never materialise the grid (decisions.md: a 10^12-point grid costs nothing to
 * start). Measured on 12 choice keys of 10 values each: building the sampler and proposing the
 * first point, and proposing the very last point (index 10^12 - 1) after a history that ends just
 * before it, which only works if a point is decoded from its index.
 */
import { createSampler, type HistoryEntry } from '../src/core/samplers';
import type { SweepSpec } from '../src/core/spec';
import { medianTimeSync, resultsFor, type BenchGroup } from './harness';
import { gridYaml, loadValidSpec } from './specs';

const KEYS = 12;
const VALUES = 10;
const RUNS = 9;

function firstProposal(spec: SweepSpec, history: readonly HistoryEntry[]): number {
  const sampler = createSampler(spec.sampling, { space: spec.search_space, seed: 0, goal: spec.objective.goal });
  const proposal = sampler.propose(history, 1).proposals[0];
  if (proposal === undefined) throw new Error('The grid sampler proposed nothing for a 10^12-point grid');
  return proposal.sequence;
}

/** The `grid` benchmark group. */
export const gridGroup: BenchGroup = {
  name: 'grid',
  description: `time to the first point of a ${VALUES}^${KEYS}-point grid`,
  run: () => {
    const result = resultsFor('grid');
    const spec = loadValidSpec(gridYaml(KEYS, VALUES));
    const last = VALUES ** KEYS - 1;
    // A history whose highest sequence is last - 1: the next proposal is the grid's last point.
    const nearEnd: HistoryEntry[] = [{ sequence: last - 1, params: {}, state: 'completed', primary: [] }];
    const check = (sequence: number, wanted: number): void => {
      if (sequence !== wanted) throw new Error(`The grid sampler proposed index ${sequence}, expected ${wanted}`);
    };
    const firstMs = medianTimeSync(RUNS, () => check(firstProposal(spec, []), 0));
    const lastMs = medianTimeSync(RUNS, () => check(firstProposal(spec, nearEnd), last));
    return Promise.resolve([
      result('create + first point', firstMs, 'ms', `${KEYS} choice keys x ${VALUES} values; median of ${RUNS}`),
      result('create + point 10^12 - 1', lastMs, 'ms', `history ends at index 10^12 - 2; median of ${RUNS}`),
    ]);
  },
};
