import {
  computed,
  ref,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
  type Ref,
} from 'vue';
import type { LabClient, RunDetail } from '../../../src-main/api/contract';
import { withProgress } from '../runTable/runProgress';
import type { FailureReporter } from './useFailureMessage';
import { useLabEvent } from './useLabEvent';

export interface RunDetailState {
  /** The run, or null until the first read has answered. */
  readonly detail: Ref<RunDetail | null>;
  /** Queued or running: its data still grows and it can be cancelled. */
  readonly active: ComputedRef<boolean>;
  /** A cancel or resume request is on its way. */
  readonly busy: Ref<boolean>;
  reload(): Promise<void>;
  cancel(): Promise<void>;
  resume(): Promise<void>;
}

/**
 * One run's detail, kept current: progress events patch it in place (no request per event),
 * status events re-read it (status, error and backend change together), and cancel/resume act
 * on it. Reads again from scratch when the run id changes.
 */
export function useRunDetail(
  lab: LabClient,
  runId: MaybeRefOrGetter<number>,
  report: FailureReporter,
): RunDetailState {
  const detail = ref<RunDetail | null>(null);
  const busy = ref(false);
  const active = computed(
    () => detail.value?.status === 'running' || detail.value?.status === 'queued',
  );

  async function reload(): Promise<void> {
    try {
      detail.value = await lab['runs.get']({ runId: toValue(runId) });
    } catch (e) {
      report(e);
    }
  }

  async function act(action: 'runs.cancel' | 'runs.resume'): Promise<void> {
    busy.value = true;
    try {
      await lab[action]({ runId: toValue(runId) });
      await reload();
    } catch (e) {
      report(e);
    } finally {
      busy.value = false;
    }
  }

  useLabEvent(lab, 'run.progress', (e) => {
    if (e.runId === toValue(runId) && detail.value) detail.value = withProgress(detail.value, e);
  });
  useLabEvent(lab, 'run.status', (e) => {
    if (e.runId === toValue(runId)) void reload();
  });
  watch(
    () => toValue(runId),
    () => {
      detail.value = null;
      void reload();
    },
    { immediate: true },
  );

  return {
    detail,
    active,
    busy,
    reload,
    cancel: () => act('runs.cancel'),
    resume: () => act('runs.resume'),
  };
}
