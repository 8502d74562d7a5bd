import { describe, expect, it } from 'vitest';
import { renderSvgChart } from '../../src-main/reports/svgCharts';

/**
 * Confidence bands in the report charts: drawn as a filled area in the line's colour, named in
 * no legend entry of their own, and raised to a positive floor on a log axis.
 */
const steps = [0, 10, 100];
const spec = (band: Array<[number, number, number]> | undefined, logY = false) => ({
  title: 't',
  xLabel: 'step',
  yLabel: 'y',
  logY,
  lines: [
    {
      name: 'real labels',
      points: steps.map((s) => [s, 20] as [number, number]),
      ...(band ? { band } : {}),
    },
  ],
});
const filledAreas = (svg: string): number =>
  (svg.match(/<path [^>]*fill="#5470c6"[^>]*fill-opacity="0.18"/g) ?? []).length;

describe('chart bands', () => {
  it('adds one filled area per band and no legend entry for it', () => {
    const plain = renderSvgChart(spec(undefined));
    const banded = renderSvgChart(spec(steps.map((s) => [s, 15, 25])));
    expect(filledAreas(plain)).toBe(0);
    expect(filledAreas(banded)).toBe(1);
    expect(banded).toContain('real labels');
    expect(banded).not.toContain('(band');
  });

  it('draws a band whose low edge is not positive on a log axis', () => {
    const svg = renderSvgChart(
      spec(
        steps.map((s) => [s, -3, 25]),
        true,
      ),
    );
    expect(filledAreas(svg)).toBe(1);
    expect(svg).not.toMatch(/NaN/);
  });
});
