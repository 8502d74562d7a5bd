import { describe, expect, it } from 'vitest';
import {
  winsorRank,
  winsorizedOuterSums,
  winsorizedSums,
} from '../../../src-main/engine/aggregators/winsorizedSums';

/** Straightforward reference: sort each row, clip at the nearest-rank bounds, sum. */
function referenceRow(
  row: Float32Array,
  c: number,
): { sum: number; clippedLow: number; clippedHigh: number } {
  const sorted = Float64Array.from(row).sort();
  const lo = Math.round((c / 100) * (row.length - 1));
  const low = sorted[lo];
  const high = sorted[row.length - 1 - lo];
  let sum = 0;
  let clippedLow = 0;
  let clippedHigh = 0;
  for (const v of row) {
    if (v < low) clippedLow++;
    if (v > high) clippedHigh++;
    sum += Math.min(high, Math.max(low, v));
  }
  return { sum, clippedLow, clippedHigh };
}

function randomMatrix(coords: number, batch: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: coords * batch }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296) * 2 - 1;
  });
}

describe('winsorized sums (nearest rank)', () => {
  it('B = 100, c = k: rank k from each end, so exactly k values are clipped on each side', () => {
    for (let k = 0; k < 50; k++) expect(winsorRank(k, 100)).toBe(k);
    const coords = 20;
    const values = randomMatrix(coords, 100, 3);
    for (const k of [1, 2, 5, 8, 20, 49]) {
      const ours = winsorizedSums(values, coords, 100, k);
      for (let r = 0; r < coords; r++) {
        const ref = referenceRow(values.subarray(r * 100, (r + 1) * 100), k);
        // Distinct random values: clipping at rank k moves exactly the k beyond it.
        expect(ref.clippedLow).toBe(k);
        expect(ref.clippedHigh).toBe(k);
        expect(Math.abs(ours[r] - ref.sum)).toBeLessThan(1e-5 * (1 + Math.abs(ref.sum)));
      }
    }
  });

  it('matches the sort-based reference on random data for odd batch sizes, ties and c = 0', () => {
    for (const [batch, c] of [
      [7, 20],
      [13, 35],
      [10, 2],
      [3, 49],
      [50, 0],
    ] as const) {
      const coords = 30;
      const values = randomMatrix(coords, batch, batch * 100 + c);
      // Plant ties so equal extremes are handled like the reference.
      values[0] = values[1] = values[2];
      const ours = winsorizedSums(values, coords, batch, c);
      for (let r = 0; r < coords; r++) {
        const ref = referenceRow(values.subarray(r * batch, (r + 1) * batch), c);
        expect(Math.abs(ours[r] - ref.sum)).toBeLessThan(1e-5 * (1 + Math.abs(ref.sum)));
      }
    }
  });

  it('c just under 50 gives B times the median', () => {
    const values = Float32Array.from([5, -1, 2, 9, 0]);
    expect(winsorizedSums(values, 1, 5, 49.9)[0]).toBeCloseTo(10, 6);
  });
});

describe('winsorized sums of rank-one kernels', () => {
  it('equal winsorizedSums over the materialized outer products, with many zero activations', () => {
    const batch = 23;
    const fanIn = 9;
    const units = 4;
    const a = randomMatrix(batch, fanIn, 1).map((v, k) => (k % 3 === 0 || v < -0.3 ? 0 : v));
    for (let i = 0; i < batch; i++) a[i * fanIn + 4] = 0; // one all-zero input column
    const delta = randomMatrix(batch, units, 2);
    const outer = new Float32Array(fanIn * units * batch);
    for (let p = 0; p < fanIn; p++) {
      for (let j = 0; j < units; j++) {
        for (let i = 0; i < batch; i++) {
          outer[(p * units + j) * batch + i] = a[i * fanIn + p] * delta[i * units + j];
        }
      }
    }
    for (const c of [0, 5, 20, 45]) {
      const expected = winsorizedSums(outer, fanIn * units, batch, c);
      const ours = winsorizedOuterSums(a, delta, batch, fanIn, units, c);
      ours.forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-6));
    }
  });
});
