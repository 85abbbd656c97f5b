/**
 * Parameter importance by fANOVA over a random forest (Hutter et al., ICML 2014; the method of the
 * `fanova` package and of Optuna's FanovaImportanceEvaluator). fANOVA was chosen over PED-ANOVA
 * because it answers the question the views ask, "what share of the objective's variance does
 * each parameter explain", over the whole searched space, with categorical, log-scaled and nested
 * (conditional) parameters handled by the same trees; PED-ANOVA instead measures how the top
 * quantile's distribution differs from the rest, which depends on a chosen quantile.
 *
 * The forest: TREE_COUNT trees, each grown on a bootstrap sample of the counted trials (all
 * parameters considered at each split), with a seeded generator so the same trials and seed give
 * the same numbers. Each tree's main-effect fractions V_d / V are averaged over the trees, and the
 * shares are those averages normalised to sum to 1: `mainEffects` says how much of the variance the
 * parameters explain one at a time (the rest is their interactions).
 */
import type { SweepState } from '../journal/state';
import type { SearchSpace } from '../spec/model';
import { RandomStream } from '../samplers/rng';
import { analysisColumns, type Column } from './columns';
import { countedTrials, type CountedTrial } from './countedTrials';
import { mainEffectFractions } from './fanova';
import { featureOf, type Feature } from './features';
import { growTree, type TreeOptions } from './regressionTree';
import { setOwn } from '../../shared/nameRecords';

export const TREE_COUNT = 16;
export const DEFAULT_SEED = 0;
/** Fewer trials than this say nothing about importance. */
export const MIN_TRIALS = 4;
/**
 * At least 3 trials a leaf, and 1 in 1,000 on large sweeps: leaves of a handful of trials among
 * thousands only fit noise (the importance is the same to 0.01) and cost time.
 */
function treeOptions(trialCount: number): TreeOptions {
  return { minLeaf: Math.max(3, Math.round(trialCount / 1000)), maxDepth: 20 };
}

export interface ImportanceResult {
  /** Share of the explained variance per column (flattened name), summing to 1; empty when unknown. */
  readonly importance: Readonly<Record<string, number>>;
  /** Column names, most important first. */
  readonly order: readonly string[];
  /** Mean share of the variance the main effects explain together (0..1). */
  readonly mainEffects: number;
  readonly trialCount: number;
  /** Why `importance` is empty (too few trials, or an objective that never varied). */
  readonly undetermined?: string;
}

/** A small fast generator for bootstrap draws (Marsaglia's xorshift32), seeded from the sweep's RandomStream. */
function xorshift32(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

function bootstrap(n: number, seed: number, tree: number): Int32Array {
  const next = xorshift32(Number(new RandomStream(seed, tree).word(0) & 0xffffffffn));
  return Int32Array.from({ length: n }, () => Math.min(n - 1, Math.floor(next() * n)));
}

/** fANOVA over prepared columns: the engine behind `parameterImportance`, reused by the views. */
export function importanceOf(trials: readonly CountedTrial[], columns: readonly Column[], seed = DEFAULT_SEED): ImportanceResult {
  const names = columns.map((c) => c.name);
  const base = { trialCount: trials.length };
  if (trials.length < MIN_TRIALS) return { ...base, importance: {}, order: names, mainEffects: 0, undetermined: `${trials.length} counted trials; importance needs at least ${MIN_TRIALS}` };
  const features: Feature[] = columns.flatMap((c) => featureOf(c) ?? []);
  const y = Float64Array.from(trials, (t) => t.value);
  const sums = new Float64Array(features.length);
  const options = treeOptions(trials.length);
  let informative = 0;
  for (let tree = 0; tree < TREE_COUNT; tree += 1) {
    const fractions = mainEffectFractions(growTree(features, y, bootstrap(trials.length, seed, tree), options), features);
    if (!fractions) continue;
    informative += 1;
    fractions.forEach((v, i) => (sums[i] = (sums[i] ?? 0) + v));
  }
  const means = Array.from(sums, (s) => (informative > 0 ? s / informative : 0));
  const explained = means.reduce((a, b) => a + b, 0);
  if (features.length === 0 || !(explained > 0)) {
    return { ...base, importance: {}, order: names, mainEffects: 0, undetermined: features.length === 0 ? 'no parameter varied over the counted trials' : 'the objective does not vary with the parameters' };
  }
  const byName = new Map(features.map((f, i) => [f.name, (means[i] ?? 0) / explained]));
  const importance: Record<string, number> = {};
  for (const name of names) setOwn(importance, name, byName.get(name) ?? 0);
  const order = [...names].sort((a, b) => (byName.get(b) ?? 0) - (byName.get(a) ?? 0));
  return { ...base, importance, order, mainEffects: Math.min(1, explained) };
}

/** Importance of the sweep's parameters over its counted trials (see countedTrials.ts). */
export function parameterImportance(state: SweepState, space: SearchSpace | undefined, seed = DEFAULT_SEED): ImportanceResult {
  const trials = countedTrials(state);
  return importanceOf(trials, analysisColumns(trials.map((t) => t.trial.params), space), seed);
}
