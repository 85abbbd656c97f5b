/**
 * `node --import tsx bench/curveEstimates.ts [independent|crossing]`: how well the Bayesian
 * sampler's estimate of an early-stopped trial's final value matches the truth, on the synthetic
 * curves of bench/policiesCurves.ts. Per seed: 96 random configurations run through synchronous
 * successive halving (rungs 3, 9, 27, 81, eta 3: the top third of each rung goes on), then every
 * stopped trial's estimate against its noise-free final: mean absolute error and Spearman rank
 * correlation, for the configuration-aware rule (configCorrection.ts), quantile mapping
 * (curveAware.ts) and the best value so far (plain). Then the CPU time of one configuration-aware
 * estimate (all stopped trials of a history, features cached as the sampler caches them) for
 * 100 and 1,000 trials stopped as by ASHA and as by median stopping.
 */
import { estimateByConfiguration } from '../src/core/samplers/bayesian/configCorrection';
import { estimateStoppedFinals } from '../src/core/samplers/bayesian/curveAware';
import { featureLayout, featuresOf } from '../src/core/samplers/bayesian/features';
import type { HistoryEntry } from '../src/core/samplers/sampler';
import { dimensions, encode } from '../src/core/space/encoding';
import { CURVE_SPACE } from './policiesBayesianSim';
import { seededRandom, trialOf, type CurveFamily, type SyntheticTrial } from './policiesCurves';

const EPOCHS = 81;
const RUNGS = [3, 9, 27] as const;
const CONFIGURATIONS = 96;

function ranks(values: readonly number[]): number[] {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
  const out = new Array<number>(values.length).fill(0);
  order.forEach(({ i }, rank) => (out[i] = rank));
  return out;
}

function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += ((ra[i] ?? 0) - (rb[i] ?? 0)) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** The best value of the first `steps` reports. */
function bestOf(trial: SyntheticTrial, steps: number): number {
  return Math.min(...trial.curve.slice(0, steps));
}

/** The history synchronous successive halving leaves: reports per trial, stopped ones canceled. */
function halvingHistory(trials: readonly SyntheticTrial[]): HistoryEntry[] {
  const reports = new Array<number>(trials.length).fill(EPOCHS);
  let alive = trials.map((_, i) => i);
  for (const rung of RUNGS) {
    alive.sort((a, b) => bestOf(trials[a] as SyntheticTrial, rung) - bestOf(trials[b] as SyntheticTrial, rung));
    const kept = Math.max(1, Math.floor(alive.length / 3));
    for (const i of alive.slice(kept)) reports[i] = rung;
    alive = alive.slice(0, kept);
  }
  return trials.map((trial, i) => ({
    sequence: i, params: { lr: Math.log(trial.lr), width: trial.width },
    state: reports[i] === EPOCHS ? 'completed' : 'canceled', primary: trial.curve.slice(0, reports[i]),
  }));
}

const family: CurveFamily = process.argv[2] === 'crossing' ? 'crossing' : 'independent';
const layout = featureLayout(dimensions(CURVE_SPACE));
const features = { layout, featuresOf: (entry: HistoryEntry) => featuresOf(layout, encode(CURVE_SPACE, entry.params).u) };
const lines = [`${family} curves, ${CONFIGURATIONS} configurations, successive halving at ${RUNGS.join(', ')}, ${EPOCHS} (eta 3)`, '',
  '| seed | stopped | error: configuration-aware | quantile mapping | best so far | Spearman: configuration-aware | quantile mapping | best so far |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|'];
for (const seed of [1, 2, 3]) {
  const random = seededRandom(seed);
  const trials = Array.from({ length: CONFIGURATIONS }, () => {
    const lr = 10 ** (-4 + 3 * random());
    return trialOf(lr, random(), EPOCHS, family, random);
  });
  const history = halvingHistory(trials);
  const byConfiguration = estimateByConfiguration(history, 'minimize', features);
  const byRank = estimateStoppedFinals(history, 'minimize');
  const stopped = history.filter((entry) => entry.state === 'canceled');
  const finals = stopped.map((entry) => trials[entry.sequence]?.final ?? Number.NaN);
  const rules = [byConfiguration, byRank, new Map<HistoryEntry, number>()].map((estimates) =>
    stopped.map((entry) => estimates.get(entry) ?? Math.min(...entry.primary)));
  const error = (values: readonly number[]): string => (values.reduce((s, v, i) => s + Math.abs(v - (finals[i] ?? 0)), 0) / values.length).toFixed(3);
  lines.push(`| ${seed} | ${stopped.length} | ${rules.map(error).join(' | ')} | ${rules.map((values) => spearman(values, finals).toFixed(2)).join(' | ')} |`);
}

/** A history of `n` trials stopped the way `policy` stops them (fixed shares per rung, or a step per trial). */
function stoppedHistory(n: number, policy: 'asha' | 'median'): HistoryEntry[] {
  const random = seededRandom(7);
  const ashaReports = [3, 3, 3, 3, 3, 3, 9, 9, 27, EPOCHS];
  return Array.from({ length: n }, (_, i) => {
    const trial = trialOf(10 ** (-4 + 3 * random()), random(), EPOCHS, family, random);
    const reports = policy === 'asha' ? (ashaReports[i % ashaReports.length] ?? EPOCHS) : i % 3 === 0 ? EPOCHS : 6 + (i % 70);
    return { sequence: i, params: { lr: Math.log(trial.lr), width: trial.width }, state: reports === EPOCHS ? 'completed' : 'canceled', primary: trial.curve.slice(0, reports) };
  });
}

lines.push('', '| trials | stopped as by | CPU per estimate of every stopped trial |', '|---:|---|---:|');
for (const [n, policy] of [[100, 'asha'], [1000, 'asha'], [1000, 'median']] as const) {
  const history = stoppedHistory(n, policy);
  const cached = new Map(history.map((entry) => [entry, featuresOf(layout, encode(CURVE_SPACE, entry.params).u)]));
  const cachedFeatures = { layout, featuresOf: (entry: HistoryEntry) => cached.get(entry) };
  estimateByConfiguration(history, 'minimize', cachedFeatures);
  const start = process.cpuUsage();
  const repeats = 5;
  for (let r = 0; r < repeats; r++) estimateByConfiguration(history, 'minimize', cachedFeatures);
  const used = process.cpuUsage(start);
  lines.push(`| ${n} | ${policy === 'asha' ? 'ASHA (rungs 3, 9, 27)' : 'median stopping (steps 6..75)'} | ${((used.user + used.system) / 1000 / repeats).toFixed(1)} ms |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
