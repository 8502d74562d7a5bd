import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import type { LabClient, SweepRow, SweepStatus } from '../../../src-main/api/contract';
import type { FailureReporter } from './useFailureMessage';
import { useLabEvent } from './useLabEvent';
import { usePolling } from './usePolling';
import { useThrottled } from './useThrottled';

export interface SweepListState {
  /** The project's sweeps; null until the first read has answered. */
  readonly sweeps: Ref<SweepRow[] | null>;
  /** Each sweep's task states (Slurm: from squeue/scontrol and the shards' progress files). */
  readonly statuses: ShallowRef<ReadonlyMap<string, SweepStatus>>;
  /** Sweeps with an action on its way: their buttons stay disabled meanwhile. */
  readonly busy: Ref<ReadonlySet<string>>;
  /** Some task still waits or trains. */
  readonly active: ComputedRef<boolean>;
  reload(): Promise<void>;
  collect(sweepId: string): Promise<void>;
  cancel(sweepId: string): Promise<void>;
  resubmit(sweepId: string): Promise<void>;
}

export interface SweepListOptions {
  /** Re-read on events at most this often (default 1000 ms: a sweep's status reads its tasks). */
  readonly throttleMs?: number;
  /** How often unfinished sweeps are asked again; Slurm sends no events (default 5000 ms). */
  readonly pollMs?: number;
}

/**
 * The sweeps of the open project with where their tasks stand, kept current: run events
 * (local sweeps) re-read at most once per `throttleMs`, and while any task waits or trains the
 * statuses are polled (Slurm tasks change without events). Actions re-read when they return.
 */
export function useSweepList(
  lab: LabClient,
  report: FailureReporter,
  options: SweepListOptions = {},
): SweepListState {
  const sweeps = ref<SweepRow[] | null>(null);
  const statuses = shallowRef<ReadonlyMap<string, SweepStatus>>(new Map());
  const busy = ref<ReadonlySet<string>>(new Set());
  let reading = false;

  async function reload(): Promise<void> {
    if (reading) return;
    reading = true;
    try {
      const list = await lab['sweeps.list']({});
      const read = await Promise.all(
        list.map(
          async (s) => [s.sweepId, await lab['sweeps.status']({ sweepId: s.sweepId })] as const,
        ),
      );
      sweeps.value = list;
      statuses.value = new Map(read);
    } catch (e) {
      report(e);
    } finally {
      reading = false;
    }
  }

  async function act(sweepId: string, call: () => Promise<unknown>): Promise<void> {
    busy.value = new Set([...busy.value, sweepId]);
    try {
      await call();
    } catch (e) {
      report(e);
    } finally {
      busy.value = new Set([...busy.value].filter((id) => id !== sweepId));
      await reload();
    }
  }

  const active = computed(() =>
    [...statuses.value.values()].some((s) => s.running + s.pending > 0),
  );
  const scheduleReload = useThrottled(() => void reload(), options.throttleMs ?? 1000);
  useLabEvent(lab, 'runs.changed', scheduleReload);
  useLabEvent(lab, 'run.status', scheduleReload);
  useLabEvent(lab, 'run.progress', scheduleReload);
  usePolling(() => void reload(), options.pollMs ?? 5000, active);
  void reload();

  return {
    sweeps,
    statuses,
    busy,
    active,
    reload,
    collect: (sweepId) => act(sweepId, () => lab['sweeps.collect']({ sweepId })),
    cancel: (sweepId) => act(sweepId, () => lab['sweeps.cancel']({ sweepId })),
    resubmit: (sweepId) => act(sweepId, () => lab['sweeps.resubmit']({ sweepId })),
  };
}
