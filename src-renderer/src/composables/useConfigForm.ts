import { computed, ref, shallowRef, watch, type ComputedRef, type Ref } from 'vue';
import type {
  ApiIssue,
  ConfigSchemaInfo,
  CostEstimate,
  LabClient,
  PresetInfo,
  RunDetail,
} from '../../../src-main/api/contract';
import {
  formFields,
  fieldInputValue,
  getPath,
  parseFieldValue,
  setPath,
  type ConfigField,
} from '../configForm/configFields';
import { issuesByField, issuesOutsideFields } from '../configForm/configIssues';
import {
  chooseVariant,
  formSections,
  shownPaths,
  withValue,
  type FormSection,
} from '../configForm/configSections';
import { parentCandidates, type ParentCandidate } from '../configForm/parentRuns';
import { useDebounced } from './useDebounced';
import { useLabEvent } from './useLabEvent';
import type { FailureReporter } from './useFailureMessage';

/** Completed runs read for the init.fromRun choices: the newest this many. */
const PARENT_RUNS_READ = 50;

export interface ConfigFormState {
  /** The config being edited; null until the back end's defaults have arrived. */
  readonly config: Ref<Record<string, unknown> | null>;
  /** The default config's leaves (what the sweep form offers as axes). */
  readonly fields: Ref<ConfigField[]>;
  /** The back end's field catalog (types, choices, ranges, help); null until loaded. */
  readonly schema: Ref<ConfigSchemaInfo | null>;
  /** The form's sections with the fields that apply to the config as it is. */
  readonly sections: ComputedRef<FormSection[]>;
  readonly datasets: Ref<string[]>;
  readonly presets: Ref<PresetInfo[]>;
  /** This project's completed runs as init.fromRun choices, marked by whether they fit. */
  readonly parents: ComputedRef<ParentCandidate[]>;
  /** The back end's validation of the current config, and its refusal of a launch. */
  readonly issues: ComputedRef<ApiIssue[]>;
  /** Cost of the current config when valid. */
  readonly estimate: Ref<CostEstimate | null>;
  readonly issueByPath: ComputedRef<Map<string, string>>;
  readonly formIssues: ComputedRef<ApiIssue[]>;
  fieldValue(field: ConfigField): string | boolean;
  setField(field: ConfigField, raw: string | boolean): void;
  valueAt(path: string): unknown;
  /** Set one key (undefined leaves it out). */
  setValue(path: string, value: unknown): void;
  /** Choose a variant (`model` → cnn): its defaults replace the old variant's keys. */
  chooseKind(owner: string, kind: string): void;
  /** Problems the back end found when the run was created (init.fromRun that does not fit). */
  showLaunchIssues(issues: ApiIssue[]): void;
}

/**
 * The new-run form: the back end's default config and field catalog, every edit validated and
 * costed by the back end as the person types (debounced by `validateAfterMs`), so problems
 * show next to their field with the back end's own message and the parameter count follows
 * the layer editor.
 */
export function useConfigForm(
  lab: LabClient,
  report: FailureReporter,
  validateAfterMs = 250,
): ConfigFormState {
  const config = ref<Record<string, unknown> | null>(null);
  const fields = ref<ConfigField[]>([]);
  const schema = shallowRef<ConfigSchemaInfo | null>(null);
  const datasets = ref<string[]>([]);
  const presets = ref<PresetInfo[]>([]);
  const completedRuns = shallowRef<RunDetail[]>([]);
  const issues = ref<ApiIssue[]>([]);
  const launchIssues = ref<ApiIssue[]>([]);
  const estimate = ref<CostEstimate | null>(null);

  async function loadCompletedRuns(): Promise<void> {
    const rows = await lab['runs.list']({ status: 'completed' });
    const newest = [...rows].sort((a, b) => b.runId - a.runId).slice(0, PARENT_RUNS_READ);
    completedRuns.value = await Promise.all(
      newest.map((row) => lab['runs.get']({ runId: row.runId })),
    );
  }

  // A run that ends (or is deleted) while the form is open changes the init.fromRun choices.
  const scheduleParentsReload = useDebounced(() => {
    loadCompletedRuns().catch(report);
  }, 500);
  useLabEvent(lab, 'runs.changed', scheduleParentsReload);
  useLabEvent(lab, 'run.status', scheduleParentsReload);

  async function load(): Promise<void> {
    try {
      const [defaults, catalog, datasetList, presetList] = await Promise.all([
        lab['config.defaults']({}),
        lab['config.schema']({}),
        lab['datasets.list']({}),
        lab['presets.list']({}),
      ]);
      schema.value = catalog;
      config.value = defaults;
      fields.value = formFields(defaults);
      datasets.value = datasetList.map((d) => d.name);
      presets.value = presetList;
      await loadCompletedRuns();
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
  watch(
    config,
    (value) => {
      launchIssues.value = [];
      if (value) scheduleCheck(value);
    },
    { deep: true },
  );
  void load();

  const allIssues = computed(() => [...issues.value, ...launchIssues.value]);
  const edit = (next: (value: Record<string, unknown>) => Record<string, unknown>): void => {
    if (config.value) config.value = next(config.value);
  };

  return {
    config,
    fields,
    schema,
    sections: computed(() =>
      schema.value && config.value ? formSections(schema.value, config.value) : [],
    ),
    datasets,
    presets,
    parents: computed(() =>
      parentCandidates(completedRuns.value, estimate.value?.layerShapes ?? null),
    ),
    issues: allIssues,
    estimate,
    issueByPath: computed(() => issuesByField(allIssues.value)),
    formIssues: computed(() => {
      const shown = schema.value && config.value ? shownPaths(schema.value, config.value) : [];
      return issuesOutsideFields(allIssues.value, [
        ...fields.value,
        ...shown.map((path) => ({ path })),
      ]);
    }),
    fieldValue: (field) => (config.value ? fieldInputValue(config.value, field) : ''),
    setField(field, raw) {
      edit((value) => setPath(value, field.path, parseFieldValue(field.kind, raw)));
    },
    valueAt: (path) => (config.value ? getPath(config.value, path) : undefined),
    setValue(path, value) {
      edit((current) => withValue(current, path, value));
    },
    chooseKind(owner, kind) {
      const catalog = schema.value;
      if (catalog) edit((current) => chooseVariant(catalog, current, owner, kind));
    },
    showLaunchIssues(found) {
      launchIssues.value = found;
    },
  };
}
