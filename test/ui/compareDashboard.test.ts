import { describe, expect, it } from 'vitest';
import type { CompareSummaryRow, DashboardLayout } from '../../src-main/api/contract';
import { configDiff, configTable } from '../../src-main/analysis/configDiff';
import { dashboardLayoutSchema } from '../../src-main/shared/dashboardLayout';
import { debiasedEma } from '../../src-renderer/src/charts/debiasedEma';
import {
  drawnLinePointCount,
  linePointCount,
  linesHoldStoredPoints,
  panelLinesCsv,
  panelLoaded,
  panelOption,
  runPanelLines,
  sharedPointerXs,
  sharedXRange,
  storedLinePointCount,
  type CurvesByQuantity,
  type PanelLine,
} from '../../src-renderer/src/charts/dashboardPanel';
import { runColor } from '../../src-renderer/src/charts/runColors';
import type { RunCurve } from '../../src-renderer/src/compare/compareQuantities';
import type { RunLabels } from '../../src-renderer/src/compare/comparedRuns';
import {
  addPanel,
  defaultDashboardLayout,
  drawnPointsPerLine,
  movePanel,
  newPanelId,
  removePanel,
  updatePanel,
  updateShared,
} from '../../src-renderer/src/compare/dashboardLayout';
import { dashboardReportHtml } from '../../src-renderer/src/compare/dashboardReport';
import { MemoByInputs } from '../../src-renderer/src/compare/memoByInputs';
import {
  DEFAULT_PANEL_QUANTITIES,
  PANEL_QUANTITIES,
  panelQuantity,
} from '../../src-renderer/src/compare/panelQuantities';
import {
  nextSummarySort,
  sortSummaryRows,
  SUMMARY_COLUMNS,
} from '../../src-renderer/src/compare/summaryColumns';
import { bundleRunNames, droppedFileKind } from '../../src-renderer/src/fileDrop/droppedFiles';

const runs: RunLabels = new Map([
  [3, { name: 'real labels', probeM: 1000 }],
  [7, { name: 'random <labels>', probeM: 100 }],
]);

const curve = (runId: number, x: number[], y: number[]): RunCurve => ({
  runId,
  x,
  y,
  step: x.map((v) => v * 10),
});

describe('dashboard layout', () => {
  it('starts with the issue’s panels, all known quantities, and a layout the API accepts', () => {
    const layout = defaultDashboardLayout();
    expect(layout.panels.map((p) => p.quantity)).toEqual([
      'coherence/train+pristine+corrupt',
      'accuracy/test',
      'accuracy/pristine+corrupt',
      'loss/train+test',
      'batchCoherence/batch',
    ]);
    expect(DEFAULT_PANEL_QUANTITIES.every((id) => panelQuantity(id) !== null)).toBe(true);
    expect(dashboardLayoutSchema.parse(layout)).toEqual(layout);
    expect(layout).toMatchObject({ xAxis: 'step', logX: false, smoothing: 0 });
  });

  it('adds, removes, moves and edits panels without changing the layout it is given', () => {
    const start = defaultDashboardLayout();
    const frozen = JSON.stringify(start);
    const added = addPanel(start, 'accuracy/train');
    expect(added.panels.at(-1)).toEqual({ id: 'p6', quantity: 'accuracy/train', logY: false });
    const removed = removePanel(added, 'p2');
    expect(removed.panels.map((p) => p.id)).toEqual(['p1', 'p3', 'p4', 'p5', 'p6']);
    expect(newPanelId(removed)).toBe('p2');
    expect(movePanel(removed, 'p6', -1).panels.map((p) => p.id)).toEqual([
      'p1',
      'p3',
      'p4',
      'p6',
      'p5',
    ]);
    // Kept within the list: the first panel does not move up, the last not down.
    expect(movePanel(removed, 'p1', -1)).toBe(removed);
    expect(movePanel(removed, 'p6', 1)).toBe(removed);
    const edited = updatePanel(removed, 'p3', { quantity: 'loss/test', logY: true });
    expect(edited.panels[1]).toEqual({ id: 'p3', quantity: 'loss/test', logY: true });
    expect(updateShared(edited, { xAxis: 'epoch', logX: true })).toMatchObject({
      xAxis: 'epoch',
      logX: true,
      smoothing: 0,
    });
    expect(JSON.stringify(start)).toBe(frozen);
  });

  it('draws about one point per pixel column of a panel', () => {
    // A 1400 px grid: two 692 px columns and a 16 px gap; 1000 px: one column; a narrow or huge
    // grid stays within bounds.
    expect(drawnPointsPerLine(1400)).toBe(692);
    expect(drawnPointsPerLine(1072)).toBe(528);
    expect(drawnPointsPerLine(1056)).toBe(520);
    expect(drawnPointsPerLine(1055)).toBe(1055);
    expect(drawnPointsPerLine(1000)).toBe(1000);
    expect(drawnPointsPerLine(100)).toBe(200);
    expect(drawnPointsPerLine(100_000)).toBeLessThanOrEqual(4000);
  });

  it('stops adding at the most panels a saved layout may hold', () => {
    let layout: DashboardLayout = { ...defaultDashboardLayout(), panels: [] };
    for (let i = 0; i < 30; i++) layout = addPanel(layout, 'accuracy/test');
    expect(layout.panels).toHaveLength(24);
    expect(() => dashboardLayoutSchema.parse(layout)).not.toThrow();
  });
});

describe('dashboard panel', () => {
  const coherence = panelQuantity('coherence/train+pristine+corrupt')!;
  const curves: CurvesByQuantity = new Map([
    ['coherence/train', [curve(3, [3, 1, 2], [30, 10, 20]), curve(7, [1, 2], [5, 6])]],
    ['coherence/pristine', [curve(3, [1, 2], [11, 12])]],
    ['coherence/corrupt', [curve(3, [], []), curve(7, [4, 8], [7, 8])]],
  ]);

  it('draws each run in its colour and each part in its dash, runs in selection order', () => {
    expect(panelLoaded(coherence, curves)).toBe(true);
    const lines = runPanelLines(coherence, curves, [7, 3], runs, 0, false);
    expect(lines.map((l) => [l.source.id, l.part, l.style])).toEqual([
      ['7', 'train probe', 'solid'],
      ['7', 'corrupt probe', 'dotted'],
      ['3', 'train probe', 'solid'],
      ['3', 'pristine probe', 'dashed'],
    ]);
    expect(lines[2]).toMatchObject({ x: [1, 2, 3], raw: [10, 20, 30], step: [10, 20, 30] });
    expect(lines[2].color).toBe(runColor(3, false));
    expect(lines[0].legend).toBe('random <labels> #7 (m = 100)');
    expect(linePointCount(lines)).toBe(3 + 2 + 2 + 2);
  });

  it('is not loaded while one of its parts is still being read', () => {
    const reading: CurvesByQuantity = new Map([...curves, ['coherence/corrupt', null]]);
    expect(panelLoaded(coherence, reading)).toBe(false);
  });

  it('shares one x range across panels; a log axis counts only positive x', () => {
    const a = runPanelLines(coherence, curves, [3, 7], runs, 0, false);
    const b = [{ ...a[0], x: [0, 50] }];
    expect(sharedXRange([a, b], false)).toEqual({ min: 0, max: 50 });
    expect(sharedXRange([a, b], true)).toEqual({ min: 1, max: 50 });
    expect(sharedXRange([[]], false)).toBeNull();
  });

  it('snaps linked pointers to every x any panel has, sorted, once each', () => {
    const a = runPanelLines(coherence, curves, [3, 7], runs, 0, false);
    const b = [{ ...a[0], x: [50, 0, 2, Number.NaN] }];
    const all = [...new Set([...a, ...b].flatMap((l) => l.x))].filter(Number.isFinite);
    expect(sharedPointerXs([a, b], false)).toEqual(all.sort((p, q) => p - q));
    expect(sharedPointerXs([a, b], true)).toEqual(all.filter((x) => x > 0));
    expect(sharedPointerXs([[]], false)).toEqual([]);
  });

  it('builds a zoomable chart on the shared range, thinned by ECharts’ min-max sampling', () => {
    const lines = runPanelLines(coherence, curves, [3], runs, 0.5, false);
    const option = panelOption({
      quantity: coherence,
      lines,
      xAxis: 'step',
      logX: false,
      logY: false,
      smoothing: 0.5,
      xRange: { min: 1, max: 8 },
      zoom: { start: 10, end: 60 },
    }) as {
      series: Array<{ sampling: string; lineStyle: { type: string; opacity: number } }>;
      xAxis: { min: number; max: number; type: string };
      dataZoom: Array<{ start: number; end: number }>;
      title: { subtext: string };
    };
    // Smoothing draws the raw line faint under each smoothed one.
    expect(option.series).toHaveLength(2 * lines.length);
    expect(option.series.every((s) => s.sampling === 'minmax')).toBe(true);
    expect(option.series.map((s) => s.lineStyle.type)).toEqual([
      'solid',
      'solid',
      'dashed',
      'dashed',
    ]);
    expect(option.series[0].lineStyle.opacity).toBeLessThan(1);
    expect(option.xAxis).toMatchObject({ min: 1, max: 8, type: 'value' });
    expect(option.dataZoom.map((z) => [z.start, z.end])).toEqual([
      [10, 60],
      [10, 60],
    ]);
    expect(option.title.subtext).toContain('dashed = pristine probe');
    expect(option.title.subtext).toContain('debiased EMA 0.5');
  });

  it('exports every stored point as CSV with the raw value and the value as drawn', () => {
    const lines = runPanelLines(coherence, curves, [3], runs, 0.5, false);
    const csv = panelLinesCsv(lines, 'step', 0.5).trimEnd().split('\n');
    expect(csv[0]).toBe(
      'source,source_id,source_name,series,x_step,step,raw_value,drawn_value_ema_0.5,raw_point_drawn',
    );
    expect(csv).toHaveLength(1 + 3 + 2);
    const ema = debiasedEma([1, 2, 3], [10, 20, 30], 0.5);
    expect(csv[3]).toBe(`run,3,real labels,"${lines[0].series}",3,30,30,${ema[2]},1`);
    const raw = panelLinesCsv(lines, 'epoch', 0).split('\n')[0];
    expect(raw.endsWith('x_epoch,step,raw_value,drawn_value_raw,raw_point_drawn')).toBe(true);
  });

  it('draws the downsampled line, shows stored values in tooltips and exports every stored point', () => {
    // 10 stored points; the store's downsampled line keeps 4 of them (first, lowest, highest, last).
    const x = Array.from({ length: 10 }, (_, i) => i + 1);
    const y = [5, 6, 1, 7, 8, 9, 20, 4, 6, 5];
    const keep = [0, 2, 6, 9];
    const drawnLine = {
      x: keep.map((i) => x[i]),
      y: keep.map((i) => y[i]),
      step: keep.map((i) => x[i] * 10),
    };
    const partial: RunCurve = { ...drawnLine, runId: 3, storedPoints: 10, drawn: drawnLine };
    const stored: RunCurve = { ...curve(3, x, y), storedPoints: 10, drawn: drawnLine };
    const accuracy = panelQuantity('accuracy/test');
    if (!accuracy) throw new Error('accuracy/test is a panel quantity');
    const linesOf = (c: RunCurve, smoothing: number): PanelLine[] =>
      runPanelLines(accuracy, new Map([['accuracy/test', [c]]]), [3], runs, smoothing, false);

    // Before the stored points arrive: the drawn points are all that is held.
    const early = linesOf(partial, 0);
    expect(linePointCount(early)).toBe(4);
    expect(drawnLinePointCount(early)).toBe(4);
    expect(storedLinePointCount(early)).toBe(10);
    expect(linesHoldStoredPoints(early)).toBe(false);

    const lines = linesOf(stored, 0);
    expect([linePointCount(lines), drawnLinePointCount(lines)]).toEqual([10, 4]);
    expect(linesHoldStoredPoints(lines)).toBe(true);
    const pointerXs = sharedPointerXs([lines], false);
    expect(pointerXs).toEqual(x);
    const option = panelOption({
      quantity: accuracy,
      lines,
      xAxis: 'step',
      logX: false,
      logY: false,
      smoothing: 0,
      xRange: { min: 1, max: 10 },
      zoom: { start: 0, end: 100 },
      pointerXs,
    }) as {
      series: Array<{ data: Array<[number, number | null]> }>;
      tooltip: { formatter: (items: unknown[]) => string };
    };
    // The chart gets the 4 downsampled points (and the pointer grid of every stored x).
    expect(option.series[0].data).toEqual(keep.map((i) => [x[i], y[i]]));
    expect(option.series.at(-1)?.data.map((p) => p[0])).toEqual(x);
    // x = 5 is not drawn; the tooltip shows its stored value 8 there.
    const tip = option.tooltip.formatter([
      { seriesIndex: 1, marker: '', value: [5, null], axisValue: 5, axisValueLabel: '5' },
    ]);
    expect(tip).toContain('<b>8</b>');
    expect(tip).not.toContain('(at ');

    const csv = panelLinesCsv(lines, 'step', 0).trimEnd().split('\n');
    expect(csv).toHaveLength(1 + 10);
    expect(csv.slice(1).map((row) => row.split(',').at(-1))).toEqual(
      x.map((_, i) => (keep.includes(i) ? '1' : '0')),
    );
    expect(csv[5].split(',').slice(-3)).toEqual(['8', '8', '0']);

    // Smoothed: the EMA over every stored point, drawn at the downsampled line's x, the raw
    // line faint and still downsampled; the tooltip shows the EMA at an x not drawn.
    const smoothed = panelOption({
      quantity: accuracy,
      lines: linesOf(stored, 0.5),
      xAxis: 'step',
      logX: false,
      logY: false,
      smoothing: 0.5,
      xRange: null,
      zoom: { start: 0, end: 100 },
      pointerXs,
    }) as {
      series: Array<{ data: Array<[number, number]> }>;
      tooltip: { formatter: (items: unknown[]) => string };
    };
    const ema = debiasedEma(x, y, 0.5);
    expect(smoothed.series[0].data).toHaveLength(4);
    expect(smoothed.series[1].data).toEqual(keep.map((i) => [x[i], ema[i]]));
    const smoothedTip = smoothed.tooltip.formatter([
      { seriesIndex: 1, marker: '', value: [5, null], axisValue: 5, axisValueLabel: '5' },
    ]);
    expect(smoothedTip).toContain(`<b>${Number(ema[4].toPrecision(4))}</b>`);
  });

  it('every panel quantity has a unique id and at most three parts', () => {
    const ids = PANEL_QUANTITIES.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(PANEL_QUANTITIES.every((q) => q.parts.length >= 1 && q.parts.length <= 3)).toBe(true);
    expect(panelQuantity('no/such')).toBeNull();
  });
});

describe('memo by inputs', () => {
  it('reuses a result while its inputs are the same values and rebuilds when one changes', () => {
    const memo = new MemoByInputs<object>();
    const arr = [1, 2];
    const first = memo.get('p1', [arr, 0.5], () => ({}));
    expect(memo.get('p1', [arr, 0.5], () => ({}))).toBe(first);
    expect(memo.get('p1', [[1, 2], 0.5], () => ({}))).not.toBe(first);
    memo.retain(new Set());
    expect(memo.get('p1', [arr, 0.5], () => first)).toBe(first);
  });
});

const row = (over: Partial<CompareSummaryRow> & { runId: number; name: string }) =>
  ({
    finalTestAcc: null,
    testCount: 1000,
    bestTestAcc: null,
    bestTestStep: null,
    finalPristineAcc: null,
    memorizedFraction: null,
    probeCoherence: { init: null, peak: null, final: null },
    adjustedOverfit: null,
    metricsVersion: 2,
    ...over,
  }) as CompareSummaryRow;

describe('summary table sorting', () => {
  const rows = [
    row({ runId: 1, name: 'beta', finalTestAcc: 0.5 }),
    row({ runId: 2, name: 'Alpha', finalTestAcc: null }),
    row({ runId: 3, name: 'gamma', finalTestAcc: 0.9, metricsVersion: 1 }),
  ];

  it('sorts by any column, missing values last either way, names ascending first', () => {
    const byAcc = nextSummarySort({ key: null, descending: false }, 'finalTestAcc');
    expect(byAcc).toEqual({ key: 'finalTestAcc', descending: true });
    expect(sortSummaryRows(rows, byAcc).map((r) => r.runId)).toEqual([3, 1, 2]);
    const ascending = nextSummarySort(byAcc, 'finalTestAcc');
    expect(sortSummaryRows(rows, ascending).map((r) => r.runId)).toEqual([1, 3, 2]);
    const byName = nextSummarySort(ascending, 'name');
    expect(sortSummaryRows(rows, byName).map((r) => r.name)).toEqual(['Alpha', 'beta', 'gamma']);
    expect(sortSummaryRows(rows, { key: null, descending: false })).toEqual(rows);
  });

  it('has a sort value for every column', () => {
    for (const column of SUMMARY_COLUMNS) {
      expect(() => sortSummaryRows(rows, { key: column.key, descending: true })).not.toThrow();
    }
  });
});

describe('dashboard report', () => {
  it('is one self-contained HTML file: inline SVG, escaped names, no script or remote resource', () => {
    const html = dashboardReportHtml({
      title: 'Comparison of 2 runs',
      generatedAt: '2026-12-01T12:00:00.000Z',
      runs: [
        { runId: 3, name: 'real labels', color: '#123456' },
        { runId: 7, name: 'random <labels>', color: '#abcdef' },
      ],
      settings: 'x-axis: step; smoothing: none',
      panels: [{ title: 'test accuracy', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }],
      summary: [
        row({ runId: 7, name: 'random <labels>', finalTestAcc: 0.1 }),
        row({ runId: 3, name: 'real labels', finalTestAcc: 0.9, metricsVersion: 1 }),
      ],
      summarySort: { key: 'finalTestAcc', descending: true },
      probeM: { 3: 1000, 7: 100 },
      configDiff: [{ key: 'labelNoise', values: { 3: 0, 7: 1 } }],
    });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|src="http/i);
    expect(html).toContain('random &lt;labels&gt;');
    expect(html).not.toContain('random <labels>');
    expect(html).toContain('<figcaption>test accuracy</figcaption><svg');
    // The summary in the order on screen (sorted by final test accuracy, descending).
    expect(html.indexOf('real labels<sup>†</sup>')).toBeLessThan(
      html.indexOf('random &lt;labels&gt;</th><td>10'),
    );
    expect(html).toContain('<code>labelNoise</code>');
  });
});

describe('config table', () => {
  it('lists every key with a differs flag; the diff keeps only those that differ', () => {
    const configs = [
      { runId: 1, config: { steps: 10, optimizer: { lr: 0.1, name: 'sgd' } } },
      { runId: 2, config: { steps: 10, optimizer: { lr: 0.2, name: 'sgd' } } },
    ];
    expect(configTable(configs)).toEqual([
      { key: 'optimizer.lr', values: { 1: 0.1, 2: 0.2 }, differs: true },
      { key: 'optimizer.name', values: { 1: 'sgd', 2: 'sgd' }, differs: false },
      { key: 'steps', values: { 1: 10, 2: 10 }, differs: false },
    ]);
    expect(configDiff(configs)).toEqual([{ key: 'optimizer.lr', values: { 1: 0.1, 2: 0.2 } }]);
  });
});

describe('dropped files', () => {
  it('tells projects from bundles by name', () => {
    expect(droppedFileKind('My.CLAB')).toBe('project');
    expect(droppedFileKind('runs-3-7.json')).toBe('bundle');
    expect(droppedFileKind('notes.txt')).toBe('other');
  });

  it('names a bundle’s runs, or says why the text is not a bundle', () => {
    const bundle = JSON.stringify({
      format: 'coherence-lab-runs',
      runs: [{ name: 'real' }, { name: ' ' }],
    });
    expect(bundleRunNames(bundle)).toEqual({ ok: true, names: ['real', 'run 2 (unnamed)'] });
    expect(bundleRunNames('{"format":"other"}')).toEqual({
      ok: false,
      reason: 'it is JSON, but not a bundle of runs exported by Coherence Lab',
    });
    expect(bundleRunNames('{"format":"coherence-lab-runs","runs":[]}')).toEqual({
      ok: false,
      reason: 'the bundle holds no runs',
    });
    const broken = bundleRunNames('{"format": nope');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.reason).toMatch(/^it is /);
  });
});
