import { computed, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { LabClient } from '../../../src-main/api/contract';
import { LiveRunReader, type LiveRunData, type WantedSeries } from '../runData/liveRunReader';
import type { FailureReporter } from './useFailureMessage';
import { useLabEvent } from './useLabEvent';
import { usePolling } from './usePolling';
import { useThrottled } from './useThrottled';

export interface RunSeriesOptions {
  /** While true, re-read every `pollMs` even without events (events can be missed across a reconnect). */
  readonly active?: MaybeRefOrGetter<boolean>;
  /** At most one re-read per this many ms however often data events arrive (default 400). */
  readonly throttleMs?: number;
  /** Safety-net re-read interval while active (default 2000). */
  readonly pollMs?: number;
}

export interface RunSeriesState {
  /** The run's stored curves and probe measurements so far; null until `wanted` is known. */
  readonly data: ComputedRef<LiveRunData | null>;
  /** Read what is new now (also what events and polling trigger, throttled). */
  refresh(): Promise<void>;
}

/**
 * A run's stored series, followed live: the first read takes everything, each later read only
 * the points after the last step held (`LiveRunReader`), triggered by the run's data and
 * status events (throttled) and by polling while the run is active. `wanted` may be null until
 * the caller knows which series it needs (e.g. after reading the run's config); a new run id or
 * a different list starts over.
 */
export function useRunSeries(
  lab: LabClient,
  runId: MaybeRefOrGetter<number>,
  wanted: MaybeRefOrGetter<WantedSeries | null>,
  report: FailureReporter,
  options: RunSeriesOptions = {},
): RunSeriesState {
  const reader = shallowRef<LiveRunReader | null>(null);

  async function refresh(): Promise<void> {
    try {
      await reader.value?.refresh();
    } catch (e) {
      report(e);
    }
  }
  const scheduleRefresh = useThrottled(() => void refresh(), options.throttleMs ?? 400);

  const wantedKey = (): string | null => {
    const list = toValue(wanted);
    return list ? list.map(([series, subset]) => `${series}/${subset}`).join(',') : null;
  };
  // Two sources, compared one by one: an equal list read again (new array) starts nothing.
  watch(
    [() => toValue(runId), wantedKey],
    ([id, key]) => {
      const list = toValue(wanted);
      reader.value = key !== null && list ? new LiveRunReader(lab, id, list) : null;
      void refresh();
    },
    { immediate: true },
  );

  useLabEvent(lab, 'run.data', (e) => {
    if (e.runId === toValue(runId)) scheduleRefresh();
  });
  useLabEvent(lab, 'run.status', (e) => {
    if (e.runId === toValue(runId)) scheduleRefresh();
  });
  usePolling(scheduleRefresh, options.pollMs ?? 2000, options.active ?? false);

  return { data: computed(() => reader.value?.data.value ?? null), refresh };
}
