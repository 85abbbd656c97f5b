/**
 * A seeded, counter-based random generator: the k-th number of stream `stream` under `seed` is a
 * pure function of (seed, stream, k). Samplers use the proposal's sequence number as the stream,
 * so proposal n is the same whether the sweep ran straight through or was resumed from a journal.
 *
 * Built on SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; finaliser constants from S. Vigna's splitmix64.c), whose n-th output
 * is mix64(state + n·γ) and therefore already counter-based:
 *   key(seed, stream) = mix64(seed + (stream + 1)·γ)       (SplitMix64 output stream+1 of `seed`)
 *   word(k)           = mix64(key + (k + 1)·γ)              (SplitMix64 output k+1 of `key`)
 *   uniform(k)        = (word(k) >> 11) · 2^-53              (53 random bits, in [0, 1))
 * BigInt keeps the 64-bit arithmetic exact; samplers draw few numbers, so speed is not a concern.
 */

const MASK_64 = (1n << 64n) - 1n;
/** γ, the odd 64-bit increment of SplitMix64 (2^64 / golden ratio). */
export const GAMMA = 0x9e3779b97f4a7c15n;

/** SplitMix64's output function (Vigna's variant 13 of Stafford's mixers); exported for its reference test. */
export function mix64(value: bigint): bigint {
  let z = value & MASK_64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}

function checkCounter(what: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`A random ${what} must be a non-negative safe integer, got ${value}.`);
  return BigInt(value);
}

/** Stream `stream` of the generator seeded with `seed`: random access to its uniforms. */
export class RandomStream {
  private readonly key: bigint;

  constructor(seed: number, stream: number) {
    this.key = mix64(checkCounter('seed', seed) + (checkCounter('stream', stream) + 1n) * GAMMA);
  }

  /** The k-th 64-bit word of the stream. */
  word(k: number): bigint {
    return mix64(this.key + (checkCounter('index', k) + 1n) * GAMMA);
  }

  /** The k-th uniform of the stream, in [0, 1) with 53 random bits. */
  uniform(k: number): number {
    return Number(this.word(k) >> 11n) * 2 ** -53;
  }

  /** `count` consecutive uniforms starting at index `offset`. */
  uniforms(count: number, offset = 0): number[] {
    return Array.from({ length: count }, (_, i) => this.uniform(offset + i));
  }
}
