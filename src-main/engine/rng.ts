/**
 * Seeded pseudo-random numbers for everything the engine draws (subsets, label noise, probes,
 * batch order, initial weights). Drawing on the host with our own generator keeps runs
 * identical across tfjs backends and makes the generator state a plain number to checkpoint.
 * Algorithm: mulberry32 (32-bit state, full period 2^32), plenty for shuffles and init.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Derive an independent stream for a named purpose so adding draws in one place does not shift another. */
  static forPurpose(seed: number, purpose: string, extra = 0): SeededRandom {
    let h = 2166136261 ^ (seed >>> 0);
    for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 16777619);
    h = Math.imul(h ^ (extra >>> 0), 16777619);
    return new SeededRandom(h >>> 0);
  }

  getState(): number {
    return this.state;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    let u = this.next();
    while (u <= Number.EPSILON) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** k distinct values from 0..n-1, in random order. */
  sample(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`cannot sample ${k} of ${n}`);
    return this.permutation(n).slice(0, k);
  }
}
