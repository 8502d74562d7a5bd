import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import type { ClassCrossMatrix, LabClient } from '../../../src-main/api/contract';
import type { FailureReporter } from './useFailureMessage';

export interface ClassCrossState {
  /** The matrix at the chosen step (or the last), null until read or without per-class probes. */
  readonly result: Ref<ClassCrossMatrix | null>;
  /** Every measured step, ascending. */
  readonly steps: Ref<readonly number[]>;
  /** Index into `steps` the slider shows; null follows the newest measurement. */
  readonly stepIndex: Ref<number | null>;
  /** The slider's position: the chosen index, or the last one while following. */
  readonly shownIndex: Ref<number>;
}

/**
 * A run's class × class cross-coherence at a step chosen on a slider (runs.classCross). Read
 * again when the run, the chosen step or `measured` (how many probe measurements the run has:
 * it grows while the run trains) changes; while no step is chosen it follows the newest one.
 */
export function useClassCross(
  lab: LabClient,
  runId: MaybeRefOrGetter<number>,
  measured: MaybeRefOrGetter<number>,
  enabled: MaybeRefOrGetter<boolean>,
  report: FailureReporter,
): ClassCrossState {
  const result = shallowRef<ClassCrossMatrix | null>(null);
  const steps = shallowRef<readonly number[]>([]);
  const stepIndex = ref<number | null>(null);
  const shownIndex = computed(() => stepIndex.value ?? Math.max(0, steps.value.length - 1));
  let generation = 0;

  async function read(): Promise<void> {
    if (!toValue(enabled)) {
      result.value = null;
      steps.value = [];
      return;
    }
    const asked = generation;
    const step = stepIndex.value === null ? undefined : steps.value[stepIndex.value];
    try {
      const answer = await lab['runs.classCross']({
        runId: toValue(runId),
        ...(step === undefined ? {} : { step }),
      });
      // A newer question (another run or step) answered first: keep its answer.
      if (asked !== generation) return;
      result.value = answer;
      steps.value = answer.steps;
    } catch (e) {
      report(e);
    }
  }

  watch(
    () => toValue(runId),
    () => {
      stepIndex.value = null;
      steps.value = [];
      result.value = null;
    },
  );
  watch(
    [() => toValue(runId), stepIndex, () => toValue(measured), () => toValue(enabled)],
    () => {
      generation++;
      void read();
    },
    { immediate: true },
  );
  return { result, steps, stepIndex, shownIndex };
}
