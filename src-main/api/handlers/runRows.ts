import { progressFromLatest } from '../../shared/latestValues';
import type { RunRow } from '../../store/runRepository';
import type { SweepRunLink } from '../../store/sweepRepository';
import { cellLabel, type CellKey } from '../../sweeps/sweepExpansion';
import type { RunDetail, RunListRow, RunSweepTag } from '../contract';
import type { DatasetShape } from './datasetHandlers';
import { layerShapesOf } from './layerShapes';

/** "MLP 256", "CNN 16c3-32c3-64", "ResNet 16-32-64 ×3 group" — the model column of the run table. */
export function describeModel(config: Record<string, unknown>): string {
  const model = (config.model ?? {}) as {
    kind?: string;
    hidden?: number[];
    convs?: Array<{ filters: number; kernel: number }>;
    widths?: number[];
    blocksPerStage?: number;
    norm?: string;
    bias?: boolean;
    output?: string;
  };
  if (model.kind === 'linear') {
    const parts = [
      ...(model.bias === false ? ['no bias'] : []),
      ...(model.output === 'signed' ? ['signed output'] : []),
    ];
    return `linear${parts.length ? ` (${parts.join(', ')})` : ''}`;
  }
  if (model.kind === 'resnet') {
    return `ResNet ${(model.widths ?? []).join('-')} ×${model.blocksPerStage ?? '?'} ${model.norm ?? ''}`.trimEnd();
  }
  if (model.kind === 'cnn') {
    const convs = (model.convs ?? []).map((c) => `${c.filters}c${c.kernel}`).join('-');
    const hidden = (model.hidden ?? []).join('-');
    return `CNN ${convs}${hidden ? `-${hidden}` : ''}`;
  }
  return `MLP ${(model.hidden ?? []).join('-') || 'linear'}`;
}

export function describeAggregator(config: Record<string, unknown>): string {
  const aggregator = (config.aggregator ?? { kind: 'mean' }) as { kind: string; c?: number };
  return aggregator.kind === 'winsorized' ? `winsorized c=${aggregator.c}` : aggregator.kind;
}

/** The dataset a stored config trains on (configs are stored with defaults filled in). */
export function datasetNameOf(config: Record<string, unknown>): string {
  return (config.dataset as { name?: string } | undefined)?.name ?? 'mnist';
}

export function sweepTagOf(link: SweepRunLink | null | undefined): RunSweepTag | null {
  if (!link) return null;
  return {
    sweepId: link.sweepId,
    taskIndex: link.taskIndex,
    cellIndex: link.cellIndex,
    cellLabel: cellLabel(link.cellKey as CellKey),
    seed: link.seed,
  };
}

/** RunRow already carries its latest values (read with the row), so no second query here. */
export function toListRow(run: RunRow, link?: SweepRunLink | null): RunListRow {
  const { latest } = run;
  return {
    runId: run.id,
    name: run.name,
    tags: run.tags,
    notes: run.notes,
    groupId: run.groupId,
    status: run.status,
    dataset: datasetNameOf(run.config),
    model: describeModel(run.config),
    labelNoise: Number(run.config.labelNoise ?? 0),
    aggregator: describeAggregator(run.config),
    backend: run.backend,
    createdAt: run.createdAt,
    progress: progressFromLatest(latest),
    latest,
    probeM: Number((run.config.coherence as { m?: number } | undefined)?.m ?? NaN) || null,
    testCount: run.testCount,
    metricsVersion: run.metricsVersion,
    sweep: sweepTagOf(link),
  };
}

/**
 * The run in full; `dataset` is the shape of the dataset it trains on (for its layer shapes),
 * `link` its sweep and cell when it belongs to one.
 */
export function toDetail(
  run: RunRow,
  dataset: DatasetShape | undefined,
  link?: SweepRunLink | null,
): RunDetail {
  const learned = learnedSubsetOf(run.config);
  return {
    ...toListRow(run, link),
    config: run.config,
    seed: run.seed,
    backendVersion: run.backendVersion,
    appVersion: run.appVersion,
    paramCount: run.paramCount,
    totalSteps: run.totalSteps,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    layerNames: run.layerNames,
    layerShapes: layerShapesOf(run.config, dataset),
    parentRunId: run.parentRunId,
    learnedSubset: learned
      ? // The stored link, not the config's id: that id may name another run here (a run
        // imported without its reference, or a deleted reference's id reused).
        { ...learned, referenceExists: run.learnedReferenceRunId === learned.referenceRunId }
      : null,
  };
}

/** config.dataset.learnedSubset of a stored config, read defensively (older runs lack it). */
function learnedSubsetOf(
  config: Record<string, unknown>,
): { referenceRunId: number; part: 'easy' | 'hard' } | null {
  const dataset = config.dataset as { learnedSubset?: { referenceRun?: unknown; part?: unknown } };
  const learned = dataset?.learnedSubset;
  if (!learned || typeof learned.referenceRun !== 'number') return null;
  return { referenceRunId: learned.referenceRun, part: learned.part === 'hard' ? 'hard' : 'easy' };
}
