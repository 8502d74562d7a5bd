import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeededRandom } from '../../src-main/engine/rng';
import { cellStatistic } from '../../src-main/sweeps/cellStatistics';
import { cellSeries } from '../../src-main/sweeps/cellSeriesStatistics';
import { studentTQuantile, tCritical95 } from '../../src-main/sweeps/studentT';

describe('Student t quantiles', () => {
  // Published two-sided 95 % critical values (8 decimals); the pins are rounded, so allow half
  // a unit in the last place plus the library's error.
  it.each([
    [1, 12.7062047],
    [2, 4.30265273],
    [4, 2.77644511],
    [9, 2.26215716],
    [29, 2.04522964],
  ])('t_{0.975, %i} = %f', (dof, expected) => {
    expect(Math.abs(tCritical95(dof) - expected)).toBeLessThan(5e-8);
  });

  // jstat's accuracy, measured: relative error below 1e-7 at every p here.
  it('matches the closed forms for 1 and 2 degrees of freedom at many p', () => {
    for (const p of [0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.1, 0.025]) {
      // dof 1 is the Cauchy distribution: t = tan(π (p − ½)).
      const cauchy = Math.tan(Math.PI * (p - 0.5));
      expect(Math.abs(studentTQuantile(p, 1) - cauchy) / Math.abs(cauchy)).toBeLessThan(1e-7);
      // dof 2: t = (2p − 1) / √(2 p (1 − p)).
      const two = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
      expect(Math.abs(studentTQuantile(p, 2) - two) / Math.abs(two)).toBeLessThan(1e-7);
    }
  });

  it('tends to the normal quantile 1.959963985 as dof grows (Cornish–Fisher expansion)', () => {
    const z = 1.959963984540054;
    for (const dof of [1e3, 1e4, 1e6]) {
      // Two terms of the expansion in 1/dof; the next is O(dof⁻³) < 1e-8 here.
      const expected =
        z + (z ** 3 + z) / (4 * dof) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * dof ** 2);
      expect(Math.abs(tCritical95(dof) - expected)).toBeLessThan(1e-7);
    }
  });

  it('refuses p outside (0, 1) and non-positive dof', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be in \(0, 1\)/);
    expect(() => studentTQuantile(0.975, 0)).toThrow(/degrees of freedom/);
  });
});

describe('cellStatistic', () => {
  it('matches a hand-computed 95 % interval (n = 5)', () => {
    // mean 0.74; deviations ±0.04, ±0.02, 0 → Σd² = 0.004; var = 0.004 / 4 = 0.001;
    // sd = √0.001 = 0.0316227766; se = sd / √5 = √0.0002 = 0.0141421356;
    // half-width = t_{0.975,4} · se = 2.77644511 × 0.0141421356 = 0.0392648632.
    const stat = cellStatistic([0.7, 0.72, 0.74, 0.76, 0.78]);
    expect(stat.n).toBe(5);
    expect(stat.missing).toBe(0);
    expect(stat.mean).toBeCloseTo(0.74, 12);
    expect(stat.sd).toBeCloseTo(0.0316227766, 9);
    expect(stat.halfWidth95).toBeCloseTo(0.0392648632, 8);
    expect(stat.ci95?.[0]).toBeCloseTo(0.7007351368, 8);
    expect(stat.ci95?.[1]).toBeCloseTo(0.7792648632, 8);
  });

  it('matches a hand-computed interval for two seeds: mean ± 12.706 · sd/√2', () => {
    // [1, 3]: mean 2, sd = √2, se = √2 / √2 = 1, half-width = t_{0.975,1} = 12.7062047.
    const stat = cellStatistic([1, 3]);
    expect(stat.sd).toBeCloseTo(Math.SQRT2, 12);
    expect(stat.ci95?.[0]).toBeCloseTo(2 - 12.7062047, 6);
    expect(stat.ci95?.[1]).toBeCloseTo(2 + 12.7062047, 6);
  });

  it('shows one seed as its value without an interval, and none as no value', () => {
    expect(cellStatistic([0.91])).toEqual({
      n: 1,
      missing: 0,
      mean: 0.91,
      sd: null,
      halfWidth95: null,
      ci95: null,
    });
    expect(cellStatistic([null, null])).toMatchObject({ n: 0, missing: 2, mean: null, ci95: null });
  });

  it('counts missing and non-finite values instead of averaging them', () => {
    const stat = cellStatistic([1, null, 3, Number.NaN, undefined, Infinity]);
    expect(stat.n).toBe(2);
    expect(stat.missing).toBe(4);
    expect(stat.mean).toBe(2);
  });

  it('keeps its precision when the spread is tiny next to the mean', () => {
    const stat = cellStatistic([1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3]);
    expect(stat.sd).toBeCloseTo(0.1, 6);
  });

  it('is shift- and scale-equivariant and centred on the mean (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (values, shift, scale) => {
          const a = cellStatistic(values);
          const b = cellStatistic(values.map((v) => v * scale + shift));
          const tolerance = 1e-9 * (1 + Math.abs(shift) + scale * 1e3);
          expect(Math.abs(b.mean! - (a.mean! * scale + shift))).toBeLessThan(tolerance);
          expect(Math.abs(b.halfWidth95! - a.halfWidth95! * scale)).toBeLessThan(tolerance);
          expect(b.ci95![0] + b.ci95![1]).toBeCloseTo(2 * b.mean!, 6);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });

  it('covers the true mean of normal samples about 95 % of the time (n = 3 and 5)', () => {
    const rng = new SeededRandom(2024);
    for (const n of [3, 5]) {
      const trials = 20_000;
      let covered = 0;
      for (let t = 0; t < trials; t += 1) {
        const sample = Array.from({ length: n }, () => 10 + 2 * rng.normal());
        const [lo, hi] = cellStatistic(sample).ci95!;
        if (lo <= 10 && 10 <= hi) covered += 1;
      }
      // Binomial sd at 95 % over 20k trials is 0.0015: ±0.006 is four of them.
      expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.006);
    }
  });
});

describe('cellSeries', () => {
  it('summarizes each shared step across seeds (brute-force per step)', () => {
    const seeds = [
      { label: 'seed 1', steps: [0, 25, 50, 100], values: [1, 2, 3, 4] },
      { label: 'seed 2', steps: [0, 25, 50, 100], values: [3, 2, 5, null] },
      { label: 'seed 3', steps: [0, 25, 50, 100], values: [2, 2, 4, 8] },
    ];
    const series = cellSeries(seeds);
    expect(series.steps).toEqual([0, 25, 50, 100]);
    expect(series.n).toEqual([3, 3, 3, 2]);
    for (let i = 0; i < series.steps.length; i += 1) {
      const reference = cellStatistic(seeds.map((s) => s.values[i]));
      expect(series.mean[i]).toBe(reference.mean);
      expect(series.lo[i]).toBe(reference.ci95?.[0] ?? null);
      expect(series.hi[i]).toBe(reference.ci95?.[1] ?? null);
    }
    // Step 25: all equal → a zero-width interval, not a missing one.
    expect(series.lo[1]).toBe(2);
    expect(series.hi[1]).toBe(2);
    expect(series.leftOut).toEqual([]);
  });

  it('keeps only the steps every seed has and reports what it left out', () => {
    const series = cellSeries([
      { label: 'run 4', steps: [0, 10, 20, 30], values: [1, 1, 1, 1] },
      { label: 'run 5', steps: [0, 10, 20], values: [3, 3, 3] },
      { label: 'run 6', steps: [0, 10, 15, 20], values: [2, 2, 9, 2] },
    ]);
    expect(series.steps).toEqual([0, 10, 20]);
    expect(series.mean).toEqual([2, 2, 2]);
    expect(series.leftOut).toEqual([
      { label: 'run 4', steps: [30] },
      { label: 'run 6', steps: [15] },
    ]);
  });

  it('refuses a series with a repeated or decreasing step, naming it', () => {
    expect(() => cellSeries([{ label: 'run 9', steps: [0, 10, 10], values: [1, 2, 3] }])).toThrow(
      /run 9: steps must be strictly increasing \(step 10 follows 10\)/,
    );
    expect(() => cellSeries([{ label: 'run 2', steps: [0, 10], values: [1] }])).toThrow(
      /run 2: 2 steps but 1 values/,
    );
  });
});
