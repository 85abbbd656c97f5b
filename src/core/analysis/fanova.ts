/**
 * Functional ANOVA of one tree (Hutter, Hoos, Leyton-Brown, "An Efficient Approach for Assessing
 * Hyperparameter Importance", ICML 2014): with the searched space measured uniformly (on each
 * parameter's own scale), the tree's prediction f has a total variance V, and the marginal of
 * parameter d, f_d(x_d) = the mean of f over every other parameter, has a variance V_d. V_d / V is
 * the share of the variance d explains on its own (its main effect). A tree is constant on each
 * leaf, and a leaf is a product of bin sets, so both are exact sums over leaves and bins:
 *   volume(leaf) = Π_e covered_e(leaf),  covered_e = Σ widths of the bins of e the leaf covers
 *   f_d(bin b)   = Σ_{leaves covering b} value · Π_{e≠d} covered_e(leaf)
 */
import type { Feature } from './features';
import { binLayout, type GrownTree } from './regressionTree';

/** Per feature, V_d / V of one tree; undefined when the tree is constant (V = 0). */
export function mainEffectFractions(tree: GrownTree, features: readonly Feature[]): number[] | undefined {
  const { offsets } = binLayout(features);
  const nFeatures = features.length;
  const covered = tree.leaves.map((leaf) => Float64Array.from(features, (feature, f) => {
    const offset = offsets[f] ?? 0;
    let sum = 0;
    for (let b = 0; b < feature.widths.length; b += 1) if (leaf.mask[offset + b] === 1) sum += feature.widths[b] ?? 0;
    return sum;
  }));
  let volumeSum = 0;
  let weighted = 0;
  const volumes = covered.map((c) => c.reduce((p, v) => p * v, 1));
  tree.leaves.forEach((leaf, i) => {
    volumeSum += volumes[i] ?? 0;
    weighted += (volumes[i] ?? 0) * leaf.value;
  });
  if (!(volumeSum > 0)) return undefined;
  const mean = weighted / volumeSum;
  let total = 0;
  tree.leaves.forEach((leaf, i) => {
    total += (volumes[i] ?? 0) * (leaf.value - mean) ** 2;
  });
  total /= volumeSum;
  if (!(total > 0)) return undefined;
  const fractions: number[] = [];
  for (let d = 0; d < nFeatures; d += 1) {
    const feature = features[d];
    if (!feature) continue;
    const offset = offsets[d] ?? 0;
    const marginal = new Float64Array(feature.widths.length);
    tree.leaves.forEach((leaf, i) => {
      const coveredHere = covered[i] ?? new Float64Array(0);
      let others = 1;
      for (let e = 0; e < nFeatures; e += 1) if (e !== d) others *= coveredHere[e] ?? 1;
      if (others === 0) return;
      const contribution = (leaf.value * others) / volumeSum;
      for (let b = 0; b < marginal.length; b += 1) if (leaf.mask[offset + b] === 1) marginal[b] = (marginal[b] ?? 0) + contribution;
    });
    let variance = 0;
    for (let b = 0; b < marginal.length; b += 1) variance += (feature.widths[b] ?? 0) * ((marginal[b] ?? 0) - mean) ** 2;
    fractions.push(Math.min(1, variance / total));
  }
  return fractions;
}
