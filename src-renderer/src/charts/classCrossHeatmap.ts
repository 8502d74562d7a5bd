/**
 * The class × class cross-coherence of a run at one step as an ECharts heatmap: rows and columns
 * are the classes (by name), each cell ⟨S_i, S_j⟩/(‖S_i‖·‖S_j‖), coloured on a diverging scale
 * centred at 0 over the whole range [−1, 1] of a cosine, so the same colour means the same value
 * at every step and in every run.
 */
import type { ClassCrossMatrix } from '../../../src-main/api/contract';
import { chartPanel, emptyPanel, type ChartPanel } from './chartPanel';

/** Blue (opposed) → white (orthogonal, 0) → red (aligned): ColorBrewer RdBu, symmetric. */
export const DIVERGING_COLORS = ['#2166ac', '#67a9cf', '#f7f7f7', '#ef8a62', '#b2182b'];

/** Pixel margins of the cell grid (fixed, so a cell's place on screen follows from the size). */
export const HEATMAP_GRID = { left: 110, right: 90, top: 40, bottom: 90 } as const;

/** One cell: [column, row, value]; '-' is ECharts' "no value" (a zero class sum). */
type Cell = [number, number, number | '-'];

export function heatmapCells(matrix: ReadonlyArray<ReadonlyArray<number | null>>): Cell[] {
  return matrix.flatMap((row, i) => row.map((v, j): Cell => [j, i, v === null ? '-' : v]));
}

interface TooltipParams {
  readonly value?: unknown;
}

/**
 * The panel for `result`; `perClass` says whether the run has per-class probes at all, so the
 * empty state can say what is missing: the option, or only the first measurement.
 */
export function classCrossPanel(result: ClassCrossMatrix | null, perClass: boolean): ChartPanel {
  if (!perClass) {
    return emptyPanel(
      'No per-class probes in this run',
      'Runs with coherence.perClass record the cross-coherence of every pair of classes at each probe measurement.',
    );
  }
  if (!result?.matrix || result.step === null) {
    return emptyPanel(
      'No class cross-coherence yet',
      'It is recorded at every probe measurement and appears here with the first one.',
    );
  }
  const names = result.classNames;
  const tooltip = (params: TooltipParams): string => {
    const [j, i, v] = params.value as Cell;
    const value = typeof v === 'number' ? v.toFixed(3) : '— (a class’s summed gradient is 0)';
    return `${names[i]} × ${names[j]}: ${value}`;
  };
  return chartPanel({
    animation: false,
    title: { text: `step ${result.step}`, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: tooltip },
    grid: { ...HEATMAP_GRID },
    xAxis: {
      type: 'category',
      data: names,
      name: 'class j',
      nameLocation: 'middle',
      nameGap: 60,
      axisLabel: { interval: 0, rotate: names.some((n) => n.length > 3) ? 40 : 0 },
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: names,
      name: 'class i',
      nameLocation: 'middle',
      nameGap: 85,
      // Row 0 at the top, as a matrix is read.
      inverse: true,
      axisLabel: { interval: 0 },
      splitArea: { show: true },
    },
    visualMap: {
      type: 'continuous',
      min: -1,
      max: 1,
      calculable: true,
      orient: 'vertical',
      right: 10,
      top: 'middle',
      text: ['+1 aligned', '−1 opposed'],
      inRange: { color: DIVERGING_COLORS },
    },
    series: [
      {
        type: 'heatmap',
        name: 'cross-coherence',
        data: heatmapCells(result.matrix),
        label: { show: result.classes.length <= 12, formatter: labelOf, fontSize: 10 },
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
      },
    ],
  });
}

function labelOf(params: TooltipParams): string {
  const v = (params.value as Cell)[2];
  return typeof v === 'number' ? v.toFixed(2) : '';
}
