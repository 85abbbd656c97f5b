/** Drives samplers the way the runner does, for the sampler tests. */
import type { HistoryEntry, Proposal, Sampler } from '../../../src/core/samplers/sampler';
import type { Distribution, SearchSpace } from '../../../src/core/spec/model';

/** History entries for proposals, as the runner would journal them. */
export function asHistory(proposals: readonly Proposal[]): HistoryEntry[] {
  return proposals.map((p) => ({ sequence: p.sequence, params: p.params, state: 'completed', primary: [] }));
}

/** Asks for one proposal at a time, feeding each back as history, `n` times (or until exhausted). */
export function proposeOneByOne(sampler: Sampler, n: number, start: readonly HistoryEntry[] = []): Proposal[] {
  const history = [...start];
  const out: Proposal[] = [];
  for (let i = 0; i < n; i++) {
    const result = sampler.propose(history, 1);
    const [proposal] = result.proposals;
    if (proposal === undefined) break;
    out.push(proposal);
    history.push(...asHistory([proposal]));
  }
  return out;
}

/** A space from `name: distribution` pairs, in order. */
export function spaceOf(entries: Record<string, Distribution>): SearchSpace {
  return { parameters: Object.entries(entries).map(([name, distribution]) => ({ name, distribution })) };
}

export const mixedSpace = spaceOf({
  lr: { type: 'loguniform', min_value: -7, max_value: -1 },
  momentum: { type: 'uniform', min_value: 0.5, max_value: 0.99 },
  batch: { type: 'choice', values: [16, 32, 64] },
  layers: { type: 'randint', upper: 5 },
  dropout: { type: 'quniform', min_value: 0, max_value: 0.5, q: 0.05 },
  init: { type: 'normal', mu: 0, sigma: 1 },
});

/** 3 x (2 + 2·2) x 2 = 36 configurations, with a nested choice. */
export const discreteSpace = spaceOf({
  batch: { type: 'choice', values: [16, 32, 64] },
  model: {
    type: 'choice',
    values: [
      { kind: 'nested', entries: [{ name: 'kind', value: 'svm' }, { name: 'c', value: { type: 'choice', values: [1, 10] } }] },
      { kind: 'nested', entries: [{ name: 'kind', value: 'tree' }, { name: 'depth', value: { type: 'randint', upper: 2 } }, { name: 'crit', value: { type: 'choice', values: ['gini', 'entropy'] } }] },
    ],
  },
  shuffle: { type: 'choice', values: ['yes', 'no'] },
});

/** Every distribution type, and a nested choice whose options hold distributions. */
export const everySpace: SearchSpace = spaceOf({
  c: { type: 'choice', values: ['a', 2, true] },
  r: { type: 'randint', upper: 7 },
  u: { type: 'uniform', min_value: -1, max_value: 3 },
  lu: { type: 'loguniform', min_value: -5, max_value: 0 },
  qu: { type: 'quniform', min_value: 0, max_value: 1, q: 0.1 },
  qlu: { type: 'qloguniform', min_value: 0, max_value: 4, q: 2 },
  n: { type: 'normal', mu: 1, sigma: 2 },
  ln: { type: 'lognormal', mu: 0, sigma: 1 },
  qn: { type: 'qnormal', mu: 10, sigma: 3, q: 1 },
  qln: { type: 'qlognormal', mu: 1, sigma: 0.5, q: 0.5 },
  model: { type: 'choice', values: [
    { kind: 'nested', entries: [{ name: 'kind', value: 'svm' }, { name: 'c', value: { type: 'loguniform', min_value: -3, max_value: 3 } }] },
    { kind: 'nested', entries: [{ name: 'kind', value: 'tree' }, { name: 'depth', value: { type: 'randint', upper: 5 } }] },
  ] },
});
