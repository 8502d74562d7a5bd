import { pairIndex } from '../../engine/coherence/classCrossCoherence';
import { FASHION_MNIST_CLASS_NAMES } from '../../engine/data/fashionMnistCache';
import { ApiError } from '../apiError';
import type { ApiContext } from '../apiContext';
import type { ApiParsedInput, ApiResult } from '../contract';
import { requireRun } from './runLifecycleHandlers';
import { datasetNameOf } from './runRows';

/** Names of the built-in datasets' classes; imported datasets carry theirs (or none). */
const BUILTIN_CLASS_NAMES: Readonly<Record<string, readonly string[]>> = {
  mnist: Array.from({ length: 10 }, (_, k) => String(k)),
  'fashion-mnist': FASHION_MNIST_CLASS_NAMES,
};

function classNamesOf(ctx: ApiContext, dataset: string, classes: readonly number[]): string[] {
  const names = BUILTIN_CLASS_NAMES[dataset] ?? ctx.store.datasets.classNames(dataset);
  return classes.map((k) => names?.[k] ?? `class ${k}`);
}

/**
 * The class × class matrix at one step, unfolded from the stored upper triangle: symmetric,
 * 1 on the diagonal (a class's summed gradient against itself) unless that sum is zero.
 */
export function readClassCross(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.classCross'>,
): ApiResult<'runs.classCross'> {
  const run = requireRun(ctx, input.runId);
  const measurements = ctx.store.classCross.read(input.runId);
  const steps = measurements.map((m) => m.step);
  const chosen =
    input.step === undefined
      ? measurements.at(-1)
      : measurements.find((m) => m.step === input.step);
  if (input.step !== undefined && !chosen) {
    const listed = steps.length ? `measured steps: ${steps.join(', ')}` : 'it has none';
    throw ApiError.invalidInput('runs.classCross', [
      {
        path: 'step',
        message: `run ${input.runId} has no class cross-coherence at step ${input.step} (${listed})`,
      },
    ]);
  }
  const classes = chosen ? [...chosen.classes] : [];
  const k = classes.length;
  const pair = (i: number, j: number): number | null =>
    chosen?.values[pairIndex(Math.min(i, j), Math.max(i, j), k)] ?? null;
  // A class whose summed gradient is zero has no pair defined; otherwise it is 1 with itself.
  const diagonal = (i: number): number | null =>
    classes.some((_, j) => j !== i && pair(i, j) !== null) ? 1 : null;
  const matrix = chosen
    ? classes.map((_, i) => classes.map((__, j) => (i === j ? diagonal(i) : pair(i, j))))
    : null;
  return {
    runId: input.runId,
    classes,
    classNames: classNamesOf(ctx, datasetNameOf(run.config), classes),
    steps,
    step: chosen?.step ?? null,
    matrix,
  };
}
