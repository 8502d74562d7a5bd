import type { ProjectStore } from './projectStore';

/**
 * Copy one run, with everything recorded for it, from one project file into another: the run
 * row (status, backend, times, error, metric definitions version, train/test sizes), every metric point and coherence measurement (per-layer
 * sums included), the latest values, probe sets, per-example labels, selected/corrupt flags and learn times, and the
 * final weights. Checkpoints stay behind: they only serve to resume training where it ran.
 *
 * Values pass through as JS numbers (doubles), so what is stored in the target equals what was
 * stored in the source bit for bit. Call it inside a transaction of the target (collecting a
 * shard is one transaction: the copy and the sweep link, or nothing). The source is only read.
 */
export function copyRunBetweenProjects(
  source: ProjectStore,
  sourceRunId: number,
  target: ProjectStore,
): number {
  const run = source.runs.require(sourceRunId);
  const runId = target.runs.createImported({
    name: run.name,
    tags: run.tags,
    notes: run.notes,
    groupId: null,
    config: run.config,
    seed: run.seed,
    appVersion: run.appVersion,
    status: run.status,
    backend: run.backend,
    backendVersion: run.backendVersion,
    paramCount: run.paramCount,
    totalSteps: run.totalSteps,
    layerNames: run.layerNames,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    metricsVersion: run.metricsVersion,
    trainCount: run.trainCount,
    testCount: run.testCount,
  });
  target.series.append(runId, {
    points: source.series.allPoints(sourceRunId),
    coherence: source.series.readCoherence(sourceRunId),
    latest: source.series.latestEntries(sourceRunId),
  });
  target.classCross.append(runId, source.classCross.read(sourceRunId));
  target.artifacts.saveProbeSets(runId, source.artifacts.probeSets(sourceRunId));
  const examples = source.artifacts.examples(sourceRunId, { order: 'position' });
  if (examples.length > 0) {
    target.artifacts.saveExamples(runId, {
      sourceIndex: examples.map((e) => e.sourceIndex),
      originalLabel: examples.map((e) => e.originalLabel),
      trainingLabel: examples.map((e) => e.trainingLabel),
      selected: examples.map((e) => (e.selected ? 1 : 0)),
      corrupt: examples.map((e) => (e.corrupt ? 1 : 0)),
    });
    // Negative means "never" to updateLearnTimes, which stores it as NULL again.
    target.artifacts.updateLearnTimes(
      runId,
      examples.map((e) => e.firstLearnedStep ?? -1),
      examples.map((e) => e.learnedSinceStep ?? -1),
    );
  }
  const weights = source.artifacts.finalWeights(sourceRunId);
  if (weights) target.artifacts.saveFinalWeights(runId, weights);
  return runId;
}
