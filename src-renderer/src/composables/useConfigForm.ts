import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { ApiIssue, CostEstimate, LabClient, PresetInfo } from '../../../src-main/api/contract';
import {
  formFields,
  fieldInputValue,
  parseFieldValue,
  setPath,
  type ConfigField,
} from '../configForm/configFields';
import { issuesByField, issuesOutsideFields } from '../configForm/configIssues';
import { useDebounced } from './useDebounced';
import type { FailureReporter } from './useFailureMessage';

export interface ConfigFormState {
  /** The config being edited; null until the back end's defaults have arrived. */
  readonly config: Ref<Record<string, unknown> | null>;
  readonly fields: Ref<ConfigField[]>;
  readonly datasets: Ref<string[]>;
  readonly presets: Ref<PresetInfo[]>;
  /** The back end's validation of the current config (empty when valid). */
  readonly issues: Ref<ApiIssue[]>;
  /** Cost of the current config when valid. */
  readonly estimate: Ref<CostEstimate | null>;
  readonly issueByPath: ComputedRef<Map<string, string>>;
  readonly formIssues: ComputedRef<ApiIssue[]>;
  fieldValue(field: ConfigField): string | boolean;
  setField(field: ConfigField, raw: string | boolean): void;
}

/**
 * The new-run form: fields derived from the back end's default config, every edit validated
 * and costed by the back end as the person types (debounced by `validateAfterMs`), so problems
 * show next to their field with the back end's own message.
 */
export function useConfigForm(
  lab: LabClient,
  report: FailureReporter,
  validateAfterMs = 250,
): ConfigFormState {
  const config = ref<Record<string, unknown> | null>(null);
  const fields = ref<ConfigField[]>([]);
  const datasets = ref<string[]>([]);
  const presets = ref<PresetInfo[]>([]);
  const issues = ref<ApiIssue[]>([]);
  const estimate = ref<CostEstimate | null>(null);

  async function load(): Promise<void> {
    try {
      const [defaults, datasetList, presetList] = await Promise.all([
        lab['config.defaults']({}),
        lab['datasets.list']({}),
        lab['presets.list']({}),
      ]);
      config.value = defaults;
      fields.value = formFields(defaults);
      datasets.value = datasetList.map((d) => d.name);
      presets.value = presetList;
    } catch (e) {
      report(e);
    }
  }

  async function check(value: Record<string, unknown>): Promise<void> {
    try {
      const result = await lab['config.validate']({ config: value });
      issues.value = result.ok ? [] : result.issues;
      estimate.value = result.ok ? await lab['config.estimate']({ config: value }) : null;
    } catch (e) {
      report(e);
    }
  }
  const scheduleCheck = useDebounced(
    (value: Record<string, unknown>) => void check(value),
    validateAfterMs,
  );
  watch(config, (value) => value && scheduleCheck(value), { deep: true });
  void load();

  return {
    config,
    fields,
    datasets,
    presets,
    issues,
    estimate,
    issueByPath: computed(() => issuesByField(issues.value)),
    formIssues: computed(() => issuesOutsideFields(issues.value, fields.value)),
    fieldValue: (field) => (config.value ? fieldInputValue(config.value, field) : ''),
    setField(field, raw) {
      if (config.value)
        config.value = setPath(config.value, field.path, parseFieldValue(field.kind, raw));
    },
  };
}
