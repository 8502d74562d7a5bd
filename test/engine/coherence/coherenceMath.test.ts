import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addLayerSums,
  alphaHat,
  alphaM,
  expectedMCoherence,
  mCoherence,
} from '../../../src-main/engine/coherence/coherenceMath';
import type { LayerSums } from '../../../src-main/engine/records/engineRecords';

/** Layer sums of explicit per-example gradients, each split into layers of the given sizes. */
function sumsOf(gradients: number[][], layerSizes: number[]): Record<string, LayerSums> {
  const out: Record<string, LayerSums> = {};
  let offset = 0;
  layerSizes.forEach((size, l) => {
    let q = 0;
    const s = new Float64Array(size);
    for (const g of gradients) {
      for (let k = 0; k < size; k++) {
        s[k] += g[offset + k];
        q += g[offset + k] ** 2;
      }
    }
    out[`layer${l}`] = { N: s.reduce((a, v) => a + v * v, 0), Q: q };
    offset += size;
  });
  return out;
}

const nonZero = fc.double({ min: 0.1, max: 10, noNaN: true });
const vector = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n });

const awayFromZeroVector = (n: number): fc.Arbitrary<number[]> =>
  fc.array(
    fc
      .tuple(fc.double({ min: 0.01, max: 5, noNaN: true }), fc.boolean())
      .map(([v, negative]) => (negative ? -v : v)),
    { minLength: n, maxLength: n },
  );

describe('mCoherence', () => {
  it('is 1 for pairwise-orthogonal gradients', () => {
    fc.assert(
      fc.property(fc.array(nonZero, { minLength: 2, maxLength: 8 }), (scales) => {
        // Example i's gradient is scale_i·e_i: orthogonal, of arbitrary lengths, across 2 layers.
        const dim = scales.length;
        const grads = scales.map((s, i) =>
          Array.from({ length: dim }, (_, k) => (k === i ? s : 0)),
        );
        expect(mCoherence(sumsOf(grads, [1, dim - 1])).value).toBeCloseTo(1, 10);
      }),
    );
  });

  it('is m for identical gradients', () => {
    fc.assert(
      fc.property(vector(5), fc.integer({ min: 1, max: 20 }), (g, m) => {
        fc.pre(g.some((v) => Math.abs(v) > 1e-3));
        const value = mCoherence(
          sumsOf(
            Array.from({ length: m }, () => g),
            [2, 3],
          ),
        ).value;
        expect(value).toBeCloseTo(m, 8);
      }),
    );
  });

  it('is 0 for an opposite pair', () => {
    const g = [1, -2, 3, 0.5];
    expect(mCoherence(sumsOf([g, g.map((v) => -v)], [3, 1])).value).toBe(0);
  });

  it('is invariant to scaling every gradient by the same factor, and lies in [0, m]', () => {
    fc.assert(
      fc.property(fc.array(vector(4), { minLength: 1, maxLength: 6 }), nonZero, (grads, c) => {
        fc.pre(grads.some((g) => g.some((v) => Math.abs(v) > 1e-3)));
        const base = mCoherence(sumsOf(grads, [1, 3])).value;
        const scaled = mCoherence(
          sumsOf(
            grads.map((g) => g.map((v) => v * c)),
            [1, 3],
          ),
        ).value;
        expect(scaled).toBeCloseTo(base, 8);
        expect(base).toBeGreaterThanOrEqual(-1e-12);
        expect(base).toBeLessThanOrEqual(grads.length + 1e-9);
      }),
    );
  });

  it('equals the Q-weighted mean of the per-layer values', () => {
    fc.assert(
      // Entries bounded away from 0 keep every layer's Q > 0 without a precondition: filtering
      // fc.double's many zeros and subnormals made fast-check give up ("too many pre-condition
      // failures") in about one run in ten.
      fc.property(fc.array(awayFromZeroVector(6), { minLength: 2, maxLength: 5 }), (grads) => {
        const layers = sumsOf(grads, [2, 1, 3]);
        const { value, perLayer } = mCoherence(layers);
        let weighted = 0;
        let totalQ = 0;
        for (const [name, s] of Object.entries(layers)) {
          weighted += s.Q * perLayer[name];
          totalQ += s.Q;
        }
        expect(value).toBeCloseTo(weighted / totalQ, 10);
      }),
    );
  });

  it('is NaN (undefined) when every gradient is zero', () => {
    expect(mCoherence({ a: { N: 0, Q: 0 } }).value).toBeNaN();
  });

  it('adds layer sums by name', () => {
    expect(addLayerSums({ a: { N: 1, Q: 2 } }, { a: { N: 3, Q: 4 }, b: { N: 5, Q: 6 } })).toEqual({
      a: { N: 4, Q: 6 },
      b: { N: 5, Q: 6 },
    });
  });
});

describe('alpha helpers', () => {
  it('alphaHat inverts E[mcoh] = 1 + (m−1)α', () => {
    expect(alphaHat(expectedMCoherence(0.3, 100), 100)).toBeCloseTo(0.3, 12);
    expect(alphaHat(1, 50)).toBe(0);
    expect(alphaHat(50, 50)).toBe(1);
    expect(alphaHat(3, 1)).toBeNaN();
  });

  it('alphaM = mcoh / m', () => {
    expect(alphaM(25, 100)).toBe(0.25);
    expect(alphaM(1, 10)).toBeCloseTo(0.1, 15);
  });
});
