import {
  computed,
  ref,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
  type Ref,
} from 'vue';
import { useRouter } from 'vue-router';
import type { ApiIssue, ApiResult, LabClient } from '../../../src-main/api/contract';
import {
  emptySweepForm,
  estimateConcurrency,
  runRequestOf,
  sweepDefinitionOf,
  type SweepFormState,
} from '../sweeps/sweepFormState';
import { invalidInputIssues } from '../transport/labCallError';
import { useDebounced } from './useDebounced';
import type { FailureReporter } from './useFailureMessage';

/** Slurm without a throttle: the estimate assumes the cluster runs every task at once. */
const ALL_AT_ONCE = 100_000;

export interface SweepFormControls {
  readonly form: Ref<SweepFormState>;
  /** Problems found before asking the back end (an empty key, unbalanced brackets…). */
  readonly problems: ComputedRef<string[]>;
  /** The back end's validation of every cell, each naming its cell and key. */
  readonly issues: Ref<ApiIssue[]>;
  /** Runs, cells and time before start, from the same cost model as the new-run form. */
  readonly estimate: Ref<ApiResult<'sweeps.estimate'> | null>;
  readonly starting: Ref<boolean>;
  addAxis(): void;
  removeAxis(index: number): void;
  /** Create the sweep and start it; then the run table shows it. */
  start(): Promise<void>;
}

/**
 * The new-sweep form: base (a preset, or the new-run form's current configuration), axes,
 * seeds and executor. Every change is validated and costed by the back end as the person
 * types (debounced), so the run count and estimated time show before anything starts.
 */
export function useSweepForm(
  lab: LabClient,
  baseConfig: Ref<Record<string, unknown> | null>,
  report: FailureReporter,
  options: { active?: MaybeRefOrGetter<boolean>; validateAfterMs?: number } = {},
): SweepFormControls {
  const router = useRouter();
  const form = ref<SweepFormState>(emptySweepForm());
  const issues = ref<ApiIssue[]>([]);
  const estimate = ref<ApiResult<'sweeps.estimate'> | null>(null);
  const starting = ref(false);
  const described = computed(() => sweepDefinitionOf(form.value, baseConfig.value));
  let latestRequest = 0;

  async function check(): Promise<void> {
    if (!toValue(options.active ?? true)) return;
    const { definition } = described.value;
    const request = ++latestRequest;
    if (!definition) {
      estimate.value = null;
      issues.value = [];
      return;
    }
    const concurrency =
      estimateConcurrency(form.value) ??
      (form.value.executor === 'slurm' ? ALL_AT_ONCE : undefined);
    try {
      const result = await lab['sweeps.estimate']({
        definition,
        ...(concurrency ? { concurrency } : {}),
      });
      if (request !== latestRequest) return;
      estimate.value = result;
      issues.value = [];
    } catch (e) {
      if (request !== latestRequest) return;
      estimate.value = null;
      const invalid = invalidInputIssues(e);
      if (invalid) issues.value = invalid;
      else report(e);
    }
  }
  const scheduleCheck = useDebounced(() => void check(), options.validateAfterMs ?? 300);
  watch([form, baseConfig, () => toValue(options.active ?? true)], scheduleCheck, {
    deep: true,
    immediate: true,
  });

  async function start(): Promise<void> {
    const { definition } = described.value;
    if (!definition || starting.value) return;
    starting.value = true;
    try {
      const { sweepId } = await lab['sweeps.create']({ definition });
      await lab['sweeps.run'](runRequestOf(form.value, sweepId));
      await router.push({ name: 'runs' });
    } catch (e) {
      const invalid = invalidInputIssues(e);
      if (invalid) issues.value = invalid;
      report(e);
    } finally {
      starting.value = false;
    }
  }

  return {
    form,
    problems: computed(() => described.value.problems),
    issues,
    estimate,
    starting,
    addAxis: () => form.value.axes.push({ key: '', values: '' }),
    removeAxis: (index) => form.value.axes.splice(index, 1),
    start,
  };
}
