/**
 * Test functions for the sampler benchmark, written from their published definitions (all
 * minimised; the known global minimum is subtracted to give the simple regret):
 * - Branin (Branin 1972; form and constants as in Dixon & Szegő 1978 and the Surjanovic–Bingham
 *   Virtual Library of Simulation Experiments): x1 ∈ [−5, 10], x2 ∈ [0, 15], f* = 0.397887;
 * - Hartmann 6-D (Hartmann 1973; A, P, α from the same library): [0, 1]^6, f* = −3.32237;
 * - Rosenbrock 4-D (Rosenbrock 1960): Σ 100(x_{i+1} − x_i²)² + (x_i − 1)², [−5, 10]^4, f* = 0;
 * - Levy 10-D (Levy & Montalvo 1985 via the same library): [−10, 10]^10, f* = 0;
 * - Ackley 20-D (Ackley 1987, via the same library; [−5, 10]^20 as in the TuRBO and BoTorch
 *   examples, so the optimum is not at the centre): f* = 0 at the origin;
 * - Mixed: a categorical and integer space of our own with a known optimum (see `mixed`);
 * - Levy-10 and Ackley-20 shifted: the same functions with the optimum moved off the centre of the
 *   same box (see `LEVY10_SHIFTED_OPTIMUM`), so that a sampler that favours the centre (CMA-ES
 *   starts there) is not rewarded for it.
 * Python twins of these are in optuna_bench.py; keep the two in step.
 */
import type { Params, SearchSpace } from '../../src/core/spec/model';

/** A benchmark problem: the space as the sampler sees it and the function of its configurations. */
export interface TestFunction {
  readonly name: string;
  readonly space: SearchSpace;
  readonly optimum: number;
  evaluate(params: Params): number;
}

function uniformSpace(names: readonly string[], low: number, high: number): SearchSpace {
  return { parameters: names.map((name) => ({ name, distribution: { type: 'uniform', min_value: low, max_value: high } })) };
}

function num(params: Params, name: string): number {
  const value = params[name];
  if (typeof value !== 'number') throw new Error(`Benchmark function: parameter ${name} is not a number`);
  return value;
}

const xs = (n: number): string[] => Array.from({ length: n }, (_, i) => `x${i + 1}`);

export const branin: TestFunction = {
  name: 'branin',
  space: { parameters: [
    { name: 'x1', distribution: { type: 'uniform', min_value: -5, max_value: 10 } },
    { name: 'x2', distribution: { type: 'uniform', min_value: 0, max_value: 15 } },
  ] },
  optimum: 0.397887357729739,
  evaluate(p) {
    const x1 = num(p, 'x1');
    const x2 = num(p, 'x2');
    const b = 5.1 / (4 * Math.PI ** 2);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
  },
};

const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

export const hartmann6: TestFunction = {
  name: 'hartmann6',
  space: uniformSpace(xs(6), 0, 1),
  optimum: -3.32236801141551,
  evaluate(p) {
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += (HARTMANN_A[i]?.[j] ?? 0) * (num(p, `x${j + 1}`) - (HARTMANN_P[i]?.[j] ?? 0)) ** 2;
      sum += (HARTMANN_ALPHA[i] ?? 0) * Math.exp(-inner);
    }
    return -sum;
  },
};

export const rosenbrock4: TestFunction = {
  name: 'rosenbrock4',
  space: uniformSpace(xs(4), -5, 10),
  optimum: 0,
  evaluate(p) {
    let sum = 0;
    for (let i = 1; i < 4; i++) {
      const a = num(p, `x${i}`);
      const b = num(p, `x${i + 1}`);
      sum += 100 * (b - a * a) ** 2 + (a - 1) ** 2;
    }
    return sum;
  },
};

/** Levy's function at `x` (any length; minimum 0 at x = (1, …, 1)). */
function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const last = w[w.length - 1] ?? 1;
  let sum = Math.sin(Math.PI * (w[0] ?? 1)) ** 2;
  for (let i = 0; i < w.length - 1; i++) {
    const wi = w[i] ?? 1;
    sum += (wi - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * wi + 1) ** 2);
  }
  return sum + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
}

/** Ackley's function at `x` (minimum 0 at the origin). */
function ackley(x: readonly number[]): number {
  const n = x.length;
  let squares = 0;
  let cosines = 0;
  for (const v of x) {
    squares += v * v;
    cosines += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(squares / n)) - Math.exp(cosines / n) + 20 + Math.E;
}

const valuesOf = (p: Params, n: number): number[] => xs(n).map((name) => num(p, name));

export const levy10: TestFunction = {
  name: 'levy10',
  space: uniformSpace(xs(10), -10, 10),
  optimum: 0,
  evaluate: (p) => levy(valuesOf(p, 10)),
};

export const ackley20: TestFunction = {
  name: 'ackley20',
  space: uniformSpace(xs(20), -5, 10),
  optimum: 0,
  evaluate: (p) => ackley(valuesOf(p, 20)),
};

/**
 * Where the shifted variants have their minimum: drawn once (mulberry32, seed 15) at 3–9 from the
 * centre of [−10, 10] for Levy and 2.25–6 from the centre 2.5 of [−5, 10] for Ackley, each side
 * at random, and written out so the Python twins use the very same numbers. Every coordinate is
 * off-centre by 15–45 % of the box: nothing near the centre is near the optimum.
 */
export const LEVY10_SHIFTED_OPTIMUM = [-4.43, -5.42, 4.34, -8.64, -3.39, -5.18, 3.13, -4.4, 3.59, 8.75] as const;
export const ACKLEY20_SHIFTED_OPTIMUM = [
  -1.08, -1.55, -1.27, -2.58, -1.99, 7.12, 5.01, -2.26, -0.3, 8.09, 7.04, -3.03, -2.76, 5.04, -2.35, 7.76, -1.07, 6.97, -0.9, -3.18,
] as const;

export const levy10Shifted: TestFunction = {
  name: 'levy10-shifted',
  space: uniformSpace(xs(10), -10, 10),
  optimum: 0,
  // Levy's minimum is at 1 in every coordinate: x − optimum + 1 puts it at the shifted optimum.
  evaluate: (p) => levy(valuesOf(p, 10).map((v, i) => v - (LEVY10_SHIFTED_OPTIMUM[i] ?? 1) + 1)),
};

export const ackley20Shifted: TestFunction = {
  name: 'ackley20-shifted',
  space: uniformSpace(xs(20), -5, 10),
  optimum: 0,
  evaluate: (p) => ackley(valuesOf(p, 20).map((v, i) => v - (ACKLEY20_SHIFTED_OPTIMUM[i] ?? 0))),
};

/** Per-option shift and offset of the mixed function's categorical `kernel`. */
const MIXED_KERNELS: Readonly<Record<string, { shift: number; offset: number }>> = {
  linear: { shift: 0.3, offset: 0.6 },
  rbf: { shift: -0.4, offset: 0 },
  poly: { shift: 0.1, offset: 0.3 },
};

/**
 * Mixed: kernel ∈ {linear, rbf, poly} (choice), depth ∈ {0..9} (randint), width ∈ {0..19} (randint),
 * x, y ∈ [−1, 1] (uniform). f = offset_k + (x − shift_k)² + (y + shift_k)² + 0.05·(depth − 6)²
 * + 0.02·(width − 13)² + 0.1·(x + y)·(depth − 6)/9. Minimum 0 at kernel rbf, depth 6, width 13,
 * x = −0.4, y = 0.4. Why it is the minimum: with s = x + y and δ = depth − 6, the two squares are
 * at least s²/2, so f ≥ offset + s²/2 + 0.05δ² + (0.1/9)·s·δ, a positive-definite quadratic form
 * in (s, δ) ((0.1/9)² < 4·0.5·0.05); it is 0 only for offset 0 (rbf), s = δ = 0, width 13 and
 * both squares 0. The cross term couples the integer to the continuous parameters.
 */
export const mixed: TestFunction = {
  name: 'mixed',
  space: { parameters: [
    { name: 'kernel', distribution: { type: 'choice', values: ['linear', 'rbf', 'poly'] } },
    { name: 'depth', distribution: { type: 'randint', upper: 10 } },
    { name: 'width', distribution: { type: 'randint', upper: 20 } },
    { name: 'x', distribution: { type: 'uniform', min_value: -1, max_value: 1 } },
    { name: 'y', distribution: { type: 'uniform', min_value: -1, max_value: 1 } },
  ] },
  optimum: 0,
  evaluate(p) {
    const kernel = MIXED_KERNELS[String(p.kernel)];
    if (kernel === undefined) throw new Error(`Benchmark function: unknown kernel ${String(p.kernel)}`);
    const x = num(p, 'x');
    const y = num(p, 'y');
    const depth = num(p, 'depth');
    const width = num(p, 'width');
    return kernel.offset + (x - kernel.shift) ** 2 + (y + kernel.shift) ** 2 + 0.05 * (depth - 6) ** 2
      + 0.02 * (width - 13) ** 2 + 0.1 * (x + y) * (depth - 6) / 9;
  },
};

/** Every benchmark function, in table order. */
export const TEST_FUNCTIONS: readonly TestFunction[] = [branin, hartmann6, rosenbrock4, levy10, levy10Shifted, ackley20, ackley20Shifted, mixed];
