/**
 * One compare-dashboard panel as pure functions: the lines it draws (from runs now; a sweep's
 * cells can supply the same `PanelLine`s), its chart option on the x range all panels share,
 * and the CSV of what it draws. Tested in Node.
 */
import type { XAxis } from '../../../src-main/api/contract';
import { X_AXIS_LABELS, type RunCurve } from '../compare/compareQuantities';
import type { RunLabels } from '../compare/comparedRuns';
import type { LineStyle, PanelQuantity } from '../compare/panelQuantities';
import { csvField } from './drawnDataCsv';
import type { EChartsCoreOption } from './echartsSetup';
import { lineChartOption, ORTHOGONAL_LINE, toPoints, type LineSeriesSpec } from './lineChartOption';
import { runColor } from './runColors';
import { drawnSeries, runLegendName } from './runCurvesChart';

/** Where a line's points come from: a run, or (with sweeps) a cell of runs. */
export interface LineSource {
  readonly kind: 'run' | 'cell';
  readonly id: string;
  readonly name: string;
}

/** One line of a panel: its points sorted by x, raw and smoothed, and how it is drawn. */
export interface PanelLine {
  readonly source: LineSource;
  /** The legend entry; a source's parts share it, so they are shown and hidden together. */
  readonly legend: string;
  /** The part of a side-by-side panel ("pristine probe"); '' when the panel has one part. */
  readonly part: string;
  /** The stored quantity, as the CSV names it. */
  readonly series: string;
  readonly color: string;
  readonly style: LineStyle;
  readonly x: readonly number[];
  readonly step: readonly number[];
  readonly raw: readonly number[];
  /** Debiased EMA of `raw` (equal to it at smoothing 0). */
  readonly smoothed: readonly number[];
  /** Points the source has stored: x.length, or more while only the drawn points are held. */
  readonly storedPoints: number;
  /**
   * The raw line as drawn when the store downsampled it (a subset of the stored points, the
   * lowest and highest among them); absent: every held point is drawn.
   */
  readonly drawn?: {
    readonly x: readonly number[];
    readonly raw: readonly number[];
    readonly step: readonly number[];
  };
}

/** Curves by quantity id: null while that quantity is being read. */
export type CurvesByQuantity = ReadonlyMap<string, readonly RunCurve[] | null>;

/** Whether every quantity a panel draws has been read. */
export const panelLoaded = (quantity: PanelQuantity, curves: CurvesByQuantity): boolean =>
  quantity.parts.every((p) => curves.get(p.quantity.id));

/**
 * The lines of a panel for the selected runs, run by run (selection order) and part by part;
 * a run without points for a part has no line for it.
 */
export function runPanelLines(
  quantity: PanelQuantity,
  curves: CurvesByQuantity,
  runIds: readonly number[],
  runs: RunLabels,
  smoothing: number,
  dark: boolean,
): PanelLine[] {
  const byPart = quantity.parts.map((part) => {
    const drawn = drawnSeries(
      curves.get(part.quantity.id) ?? [],
      runs,
      part.quantity.label,
      smoothing,
    );
    return new Map(drawn.map((d) => [d.runId, d]));
  });
  const lines: PanelLine[] = [];
  for (const runId of runIds) {
    quantity.parts.forEach((part, i) => {
      const d = byPart[i].get(runId);
      if (!d || d.x.length === 0) return;
      lines.push({
        source: { kind: 'run', id: String(runId), name: d.runName },
        legend: runLegendName(runId, runs, quantity.namesProbeM),
        part: part.name,
        series: part.quantity.label,
        color: runColor(runId, dark),
        style: part.style,
        x: d.x,
        step: d.step,
        raw: d.raw,
        smoothed: d.smoothed,
        storedPoints: d.storedPoints ?? d.x.length,
        ...(d.drawn && { drawn: d.drawn }),
      });
    });
  }
  return lines;
}

/** Stored points the lines hold (every stored point once they have been read). */
export const linePointCount = (lines: readonly PanelLine[]): number =>
  lines.reduce((n, l) => n + l.x.length, 0);

/** Points the lines hand the chart for their raw values (the downsampled ones when read so). */
export const drawnLinePointCount = (lines: readonly PanelLine[]): number =>
  lines.reduce((n, l) => n + (l.drawn ?? l).x.length, 0);

/** Points the lines' sources have stored. */
export const storedLinePointCount = (lines: readonly PanelLine[]): number =>
  lines.reduce((n, l) => n + l.storedPoints, 0);

/** Every line holds every stored point (what exact tooltips and the CSV export need). */
export const linesHoldStoredPoints = (lines: readonly PanelLine[]): boolean =>
  lines.every((l) => l.x.length >= l.storedPoints);

/**
 * The x range every panel draws (the union of all their lines), so linked panels line up and
 * zoom by the same window; on a log axis only positive x count. Null when nothing is drawn.
 */
export function sharedXRange(
  panels: ReadonlyArray<readonly PanelLine[]>,
  logX: boolean,
): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const lines of panels) {
    for (const line of lines) {
      for (const x of line.x) {
        if (!Number.isFinite(x) || (logX && x <= 0)) continue;
        if (x < min) min = x;
        if (x > max) max = x;
      }
    }
  }
  return min <= max ? { min, max } : null;
}

/**
 * Every x any panel has a point at, sorted and once each (on a log axis only positive x): what
 * the linked axis pointers snap to, so hovering one panel shows the same x in all.
 */
export function sharedPointerXs(
  panels: ReadonlyArray<readonly PanelLine[]>,
  logX: boolean,
): number[] {
  const xs = new Set<number>();
  // Lines drawn in more than one panel (smoothed and raw, or one quantity twice): read once.
  const seen = new Set<readonly number[]>();
  for (const lines of panels) {
    for (const line of lines) {
      if (seen.has(line.x)) continue;
      seen.add(line.x);
      for (const x of line.x) if (Number.isFinite(x) && (!logX || x > 0)) xs.add(x);
    }
  }
  return Array.from(Float64Array.from(xs).sort());
}

export interface PanelChartSpec {
  readonly quantity: Pick<
    PanelQuantity,
    'label' | 'yName' | 'parts' | 'referenceAtOne' | 'unitRange'
  >;
  readonly lines: readonly PanelLine[];
  readonly xAxis: XAxis;
  readonly logX: boolean;
  readonly logY: boolean;
  /** EMA weight in [0, 1); above 0 the raw values are drawn faint under the smoothed line. */
  readonly smoothing: number;
  readonly xRange: { readonly min: number; readonly max: number } | null;
  /** The zoom window all panels share, in percent of the x range. */
  readonly zoom: { readonly start: number; readonly end: number };
  /** What the linked axis pointers snap to (`sharedPointerXs`). */
  readonly pointerXs?: readonly number[];
}

const DASH_NAMES: Record<LineStyle, string> = {
  solid: 'solid',
  dashed: 'dashed',
  dotted: 'dotted',
};

/** The panel's notes: which dash is which part, and how the lines are smoothed. */
function panelSubtitle(spec: PanelChartSpec): string | undefined {
  const notes: string[] = [];
  if (spec.quantity.parts.length > 1) {
    notes.push(spec.quantity.parts.map((p) => `${DASH_NAMES[p.style]} = ${p.name}`).join(' · '));
  }
  if (spec.smoothing > 0) notes.push(`smoothed: debiased EMA ${spec.smoothing}, raw faint`);
  return notes.length ? notes.join(' — ') : undefined;
}

/**
 * Where the downsampled raw line's points sit among the line's held points (both sorted by x,
 * ties by step, the drawn ones a subset): the smoothed line, the EMA of every stored point, is
 * drawn at those x too. Null when every held point is drawn or a drawn point is not held.
 */
function drawnIndices(line: PanelLine): number[] | null {
  const drawn = line.drawn;
  if (!drawn || drawn.step.length >= line.step.length) return null;
  const at: number[] = [];
  let j = 0;
  for (const step of drawn.step) {
    while (j < line.step.length && line.step[j] !== step) j++;
    if (j === line.step.length) return null;
    at.push(j++);
  }
  return at;
}

/**
 * The panel's chart: each line in its source's colour and its part's dash (raw values faint
 * under the smoothed line when smoothing), on the shared x range, zoomable. Raw values are
 * drawn from the store's downsampled line when there is one (about a point per pixel column,
 * lowest and highest kept), smoothed ones (the EMA of every stored point) at the same x; any
 * longer line is thinned by ECharts' min-max sampling (each pixel column's lowest and highest
 * value). Tooltips read the held stored points.
 */
export function panelOption(spec: PanelChartSpec): EChartsCoreOption {
  const axes = { logX: spec.logX, logY: spec.logY };
  const series: LineSeriesSpec[] = [];
  for (const line of spec.lines) {
    const base = {
      name: line.legend,
      label: line.part ? `${line.legend} · ${line.part}` : line.legend,
      color: line.color,
      dashed: line.style === 'dashed',
      dotted: line.style === 'dotted',
    };
    const rawDrawn = line.drawn ?? { x: line.x, raw: line.raw };
    const rawSeries = {
      ...base,
      points: toPoints(rawDrawn.x, rawDrawn.raw, axes),
      exact: { x: line.x, y: line.raw },
    };
    if (spec.smoothing > 0) {
      series.push({ ...rawSeries, faint: true });
      const at = drawnIndices(line);
      series.push({
        ...base,
        points: at
          ? toPoints(
              at.map((i) => line.x[i]),
              at.map((i) => line.smoothed[i]),
              axes,
            )
          : toPoints(line.x, line.smoothed, axes),
        exact: { x: line.x, y: line.smoothed },
      });
    } else series.push(rawSeries);
  }
  return lineChartOption({
    title: spec.quantity.label,
    subtitle: panelSubtitle(spec),
    xName: X_AXIS_LABELS[spec.xAxis],
    yName: spec.quantity.yName,
    series,
    logX: spec.logX,
    logY: spec.logY,
    referenceY: spec.quantity.referenceAtOne ? ORTHOGONAL_LINE : undefined,
    yMin: spec.quantity.unitRange && !spec.logY ? 0 : undefined,
    yMax: spec.quantity.unitRange ? 1 : undefined,
    xMin: spec.xRange?.min,
    xMax: spec.xRange?.max,
    zoom: spec.zoom,
    sampling: 'minmax',
    pointerXs: spec.pointerXs,
  });
}

/**
 * The panel's data as CSV, one row per held point — every stored (raw) point once the lines
 * hold them all, none dropped by downsampling: the raw value, the value as drawn with the
 * column name saying how (raw, or the debiased EMA and its weight), and `raw_point_drawn`: 1
 * when the downsampled raw line drawn keeps the point, 0 when only tooltips and this export
 * show it.
 */
export function panelLinesCsv(
  lines: readonly PanelLine[],
  xAxis: XAxis,
  smoothing: number,
): string {
  const header = [
    'source',
    'source_id',
    'source_name',
    'series',
    `x_${xAxis}`,
    'step',
    'raw_value',
    smoothing > 0 ? `drawn_value_ema_${smoothing}` : 'drawn_value_raw',
    'raw_point_drawn',
  ];
  const rows = [header.map(csvField).join(',')];
  for (const line of lines) {
    const drawn = smoothing > 0 ? line.smoothed : line.raw;
    const drawnSteps = line.drawn && new Set(line.drawn.step);
    for (let i = 0; i < line.x.length; i++) {
      rows.push(
        [
          line.source.kind,
          line.source.id,
          line.source.name,
          line.series,
          line.x[i],
          line.step[i],
          line.raw[i],
          drawn[i],
          !drawnSteps || drawnSteps.has(line.step[i]) ? 1 : 0,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
