/**
 * Synthetic learning curves with known asymptotes for `npm run bench:policies`. A configuration
 * is two parameters drawn at random (a log-uniform learning rate and a uniform width); its loss
 * after t epochs is
 *
 *   loss(t) = a + (start - a) * (1 + t)^(-speed) + noise,   t = 1, 2, ...
 *
 * where the asymptote `a` is best (0.05) at lr = 10^-2.5, width 0.6. Two families of curves:
 * - `independent`: each configuration's speed is drawn in 0.6..0.9, unrelated to its asymptote, so
 *   early values rank configurations roughly, with noise and some crossings;
 * - `crossing`: the speed grows with the learning rate (0.5 at 1e-4 to 1.0 at 1e-1), so the curves
 *   cross systematically: after one epoch the large learning rates lead, but a smaller one ends
 *   better. This is the case that makes stopping early risky.
 * Noise is Gaussian, 0.01,
 * drawn from the seed. The final value of a configuration is its noise-free loss after all epochs
 * (what training it fully gives); the best final value of the space is found on a fine grid.
 */

/** The best asymptote any configuration can reach. */
const OPTIMUM = 0.05;
const START = 2.5;
const NOISE = 0.01;

/** One configuration and its noisy curve of `epochs` values. */
export interface SyntheticTrial {
  readonly lr: number;
  readonly width: number;
  /** The loss it would reach with unlimited epochs. */
  readonly asymptote: number;
  /** Its noise-free loss after all epochs: what training it fully gives. */
  readonly final: number;
  readonly curve: readonly number[];
}

/** mulberry32: a small seeded generator, so every run of the benchmark draws the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The asymptote of a configuration: a bowl around lr = 10^-2.5, width 0.6. */
export function asymptoteOf(lr: number, width: number): number {
  const logLr = Math.log10(lr);
  return OPTIMUM + 0.12 * (logLr + 2.5) ** 2 + 0.4 * (width - 0.6) ** 2;
}

export type CurveFamily = 'independent' | 'crossing';

/** The speed of a `crossing` configuration: faster for larger learning rates. */
function crossingSpeed(lr: number): number {
  return 0.5 + (0.5 * (Math.log10(lr) + 4)) / 3;
}

/** The noise-free loss after `epoch` epochs (1-based) of a configuration learning at `speed`. */
export function trueLoss(lr: number, width: number, speed: number, epoch: number): number {
  const asymptote = asymptoteOf(lr, width);
  return asymptote + (START - asymptote) * (1 + epoch) ** -speed;
}

/** The best noise-free loss after `epochs` epochs over the space (a grid; the fastest speed for `independent`). */
export function bestFinal(epochs: number, family: CurveFamily): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= 600; i++) {
    const lr = 10 ** (-4 + (3 * i) / 600);
    const speed = family === 'crossing' ? crossingSpeed(lr) : 0.9;
    for (let j = 0; j <= 200; j++) best = Math.min(best, trueLoss(lr, j / 200, speed, epochs));
  }
  return best;
}

/**
 * The trial of a given configuration: its speed (`independent`: drawn) and its noise come from
 * `random`, so a sampler-driven sweep (bench/policiesBayesian.ts) gets curves of the same law.
 */
export function trialOf(lr: number, width: number, epochs: number, family: CurveFamily, random: () => number): SyntheticTrial {
  const asymptote = asymptoteOf(lr, width);
  const drawnSpeed = 0.6 + 0.3 * random();
  const speed = family === 'crossing' ? crossingSpeed(lr) : drawnSpeed;
  const curve = Array.from({ length: epochs }, (_, t) => trueLoss(lr, width, speed, t + 1) + NOISE * gaussian(random));
  return { lr, width, asymptote, final: trueLoss(lr, width, speed, epochs), curve };
}

/** `count` random configurations with their curves of `epochs` values, all from `seed`. */
export function drawTrials(seed: number, count: number, epochs: number, family: CurveFamily): SyntheticTrial[] {
  const random = seededRandom(seed);
  const trials: SyntheticTrial[] = [];
  for (let i = 0; i < count; i++) {
    const lr = 10 ** (-4 + 3 * random());
    const width = random();
    trials.push(trialOf(lr, width, epochs, family, random));
  }
  return trials;
}
