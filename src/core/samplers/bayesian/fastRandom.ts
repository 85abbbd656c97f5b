/**
 * A fast seeded generator for the thousands of numbers one Bayesian proposal draws (candidate
 * points, subsets): `RandomStream` is exact but BigInt-based and too slow for that. It is
 * xoshiro128** (D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", 2018),
 * seeded from a `RandomStream` word, so it stays a pure function of (seed, stream).
 */
import { RandomStream } from '../rng';

/** xoshiro128** over 32-bit state words; `next()` gives doubles in [0, 1) with 53 bits. */
export class FastRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** The generator for `stream` under `seed` (both non-negative safe integers). */
  constructor(seed: number, stream: number) {
    const source = new RandomStream(seed, stream);
    const a = source.word(0);
    const b = source.word(1);
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
    // An all-zero state would stay zero forever; SplitMix words make it all but impossible.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit unsigned word. */
  nextWord(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** A uniform double in [0, 1). */
  next(): number {
    const high = this.nextWord() >>> 5; // 27 bits
    const low = this.nextWord() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A standard normal draw (Box–Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.next(); // in (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
