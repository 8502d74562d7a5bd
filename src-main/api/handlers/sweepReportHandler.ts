import { safeFileStem } from '../runBundle';
import { renderSweepReport, type ReportBandChart } from '../../reports/sweepReport';
import type { ApiContext } from '../apiContext';
import type { ApiResult, CurveSource } from '../contract';
import { cellBands, compareSweep, sweepCellGroups } from './cellHandlers';
import { requireSweep } from './sweepPlans';

/** The curves a sweep report draws per cell, with their axis labels. */
const REPORT_CURVES: ReadonlyArray<{
  title: string;
  yLabel: string;
  source: CurveSource;
  referenceAtOne?: boolean;
}> = [
  {
    title: 'Probe m-coherence (α/α⊥), train probe',
    yLabel: 'm-coherence',
    source: { kind: 'coherence', probe: 'train' },
    referenceAtOne: true,
  },
  {
    title: 'Test accuracy',
    yLabel: 'accuracy',
    source: { kind: 'series', series: 'accuracy', subset: 'test' },
  },
  {
    title: 'Accuracy on corrupt training examples (memorized)',
    yLabel: 'accuracy',
    source: { kind: 'series', series: 'accuracy', subset: 'corrupt' },
  },
  {
    title: 'Training loss',
    yLabel: 'cross-entropy',
    source: { kind: 'series', series: 'loss', subset: 'train' },
  },
];

/** The HTML report of a sweep, grouped by cell (`report --sweep ID`). */
export function reportSweep(
  ctx: ApiContext,
  sweepId: string,
  title?: string,
): ApiResult<'runs.report'> {
  const { sweep, plan } = requireSweep(ctx, sweepId);
  const compared = compareSweep(ctx, sweepId);
  const groups = sweepCellGroups(ctx, sweepId).filter((g) => g.runIds.length > 0);
  const charts: ReportBandChart[] = groups.length
    ? REPORT_CURVES.map((curve) => ({
        title: curve.title,
        yLabel: curve.yLabel,
        referenceAtOne: curve.referenceAtOne,
        bands: cellBands(ctx, {
          cells: groups.map((g) => ({ label: g.label, runIds: [...g.runIds] })),
          source:
            curve.source.kind === 'coherence'
              ? { ...curve.source, quantity: curve.source.quantity ?? 'value' }
              : curve.source,
        }).map((band) => ({
          name: band.label,
          x: band.steps,
          mean: band.mean,
          lo: band.lo,
          hi: band.hi,
        })),
      }))
    : [];
  const html = renderSweepReport({
    title: title ?? `Coherence Lab sweep report: ${sweep.name}`,
    generatedAt: new Date().toISOString(),
    appVersion: ctx.appVersion,
    sweepId,
    sweepName: sweep.name,
    seeds: plan.seeds,
    axes: compared.axes,
    metricNames: compared.metricNames,
    cells: compared.cells,
    charts,
  });
  return { fileName: `coherence-lab-sweep-${safeFileStem(sweepId)}.html`, html };
}
