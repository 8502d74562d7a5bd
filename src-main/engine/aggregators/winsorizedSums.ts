/**
 * Nearest-rank percentile positions for winsorizing B values at c percent: the clip bounds are
 * the sorted values at 0-based ranks lo = round(c/100 · (B − 1)) and B − 1 − lo (numpy's
 * "nearest" interpolation, which the authors' TensorFlow code uses). With B = 100 and c = k
 * (k < 50) that is rank k from each end, so exactly k values are clipped on each side.
 */
export function winsorRank(c: number, batch: number): number {
  return Math.round((c / 100) * (batch - 1));
}

import type { GroupPart } from '../model/modelTypes';

/**
 * Per row of a coords × batch matrix (row-major): Σ_i clip(v_i, v_(lo), v_(B−1−lo)). Computed as
 * the plain sum minus how far the lo largest exceed the upper bound, plus how far the lo
 * smallest fall short of the lower bound, so only the lo + 1 extremes on each side are tracked
 * (insertion into tiny sorted buffers) instead of sorting every row. Sums run in float64.
 * With `group`, also Σ_{i in group} clip(v_i) with the same bounds (the group's part of the
 * update, for f_p/f_c of the applied update).
 */
export function winsorizedSums(
  values: Float32Array,
  coords: number,
  batch: number,
  c: number,
  group?: GroupPart,
): Float32Array {
  const lo = winsorRank(c, batch);
  const out = new Float32Array(coords);
  const high = new Float64Array(lo + 1);
  const low = new Float64Array(lo + 1);
  for (let r = 0; r < coords; r++) {
    const base = r * batch;
    let sum = 0;
    high.fill(-Infinity);
    low.fill(Infinity);
    for (let i = 0; i < batch; i++) {
      const v = values[base + i];
      sum += v;
      if (v > high[lo]) {
        let t = lo;
        while (t > 0 && high[t - 1] < v) {
          high[t] = high[t - 1];
          t--;
        }
        high[t] = v;
      }
      if (v < low[lo]) {
        let t = lo;
        while (t > 0 && low[t - 1] > v) {
          low[t] = low[t - 1];
          t--;
        }
        low[t] = v;
      }
    }
    let adjust = 0;
    for (let t = 0; t < lo; t++) adjust += high[t] - high[lo] - (low[lo] - low[t]);
    out[r] = sum - adjust;
    if (group) {
      let part = 0;
      for (let i = 0; i < batch; i++) {
        if (group.mask[i] === 1) part += clip(values[base + i], low[lo], high[lo]);
      }
      group.out[r] = part;
    }
  }
  return out;
}

const clip = (v: number, lower: number, upper: number): number =>
  Math.min(upper, Math.max(lower, v));

/**
 * winsorizedSums for a rank-one kernel without materializing it: coordinate (p, j) has the
 * per-example values a[i, p]·δ[i, j]. Examples with a[i, p] = 0 contribute exact zeros, so
 * only the nonzero ones are visited and the zeros enter the extreme buffers as a count. Same
 * result as winsorizedSums over the outer products (float32 products, float64 sums).
 */
export function winsorizedOuterSums(
  a: Float32Array,
  delta: Float32Array,
  batch: number,
  fanIn: number,
  units: number,
  c: number,
  group?: GroupPart,
): Float32Array {
  const lo = winsorRank(c, batch);
  const out = new Float32Array(fanIn * units);
  const high = new Float64Array(lo + 1);
  const low = new Float64Array(lo + 1);
  const rows = new Int32Array(batch);
  const factors = new Float64Array(batch);
  const insertHigh = (v: number): void => {
    if (!(v > high[lo])) return;
    let t = lo;
    while (t > 0 && high[t - 1] < v) {
      high[t] = high[t - 1];
      t--;
    }
    high[t] = v;
  };
  const insertLow = (v: number): void => {
    if (!(v < low[lo])) return;
    let t = lo;
    while (t > 0 && low[t - 1] > v) {
      low[t] = low[t - 1];
      t--;
    }
    low[t] = v;
  };
  for (let p = 0; p < fanIn; p++) {
    let nonzero = 0;
    for (let i = 0; i < batch; i++) {
      const value = a[i * fanIn + p];
      if (value !== 0) {
        rows[nonzero] = i * units;
        factors[nonzero] = value;
        nonzero++;
      }
    }
    if (nonzero === 0) continue; // every contribution is 0, and so is the clipped sum
    const zeros = Math.min(batch - nonzero, lo + 1);
    // Group rows whose factor is 0 contribute clip(0) each (not 0 when the bounds exclude 0).
    let groupZeros = 0;
    if (group) {
      for (let i = 0; i < batch; i++) if (group.mask[i] === 1) groupZeros++;
      for (let n = 0; n < nonzero; n++) if (group.mask[rows[n] / units] === 1) groupZeros--;
    }
    for (let j = 0; j < units; j++) {
      high.fill(-Infinity);
      low.fill(Infinity);
      let sum = 0;
      for (let n = 0; n < nonzero; n++) {
        const v = Math.fround(factors[n] * delta[rows[n] + j]);
        sum += v;
        insertHigh(v);
        insertLow(v);
      }
      for (let z = 0; z < zeros; z++) {
        insertHigh(0);
        insertLow(0);
      }
      let adjust = 0;
      for (let t = 0; t < lo; t++) adjust += high[t] - high[lo] - (low[lo] - low[t]);
      out[p * units + j] = sum - adjust;
      if (group) {
        let part = groupZeros * clip(0, low[lo], high[lo]);
        for (let n = 0; n < nonzero; n++) {
          if (group.mask[rows[n] / units] !== 1) continue;
          part += clip(Math.fround(factors[n] * delta[rows[n] + j]), low[lo], high[lo]);
        }
        group.out[p * units + j] = part;
      }
    }
  }
  return out;
}
