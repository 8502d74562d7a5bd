import { ref, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import type { ApiInput, LabClient } from '../../../src-main/api/contract';
import type { FailureReporter } from './useFailureMessage';

export interface RunLaunch {
  /** A launch is on its way: buttons stay disabled, so a second click never starts a second run. */
  readonly launching: Ref<boolean>;
  /** Start one run and open its live view. */
  launch(input: ApiInput<'runs.create'>): Promise<void>;
  /** Start a preset's runs: the live view of a single run, the run table for a group. */
  launchPreset(input: ApiInput<'runs.createFromPreset'>): Promise<void>;
}

export function useRunLaunch(lab: LabClient, report: FailureReporter): RunLaunch {
  const router = useRouter();
  const launching = ref(false);

  async function guarded(start: () => Promise<number[]>): Promise<void> {
    launching.value = true;
    try {
      const runIds = await start();
      await router.push(
        runIds.length === 1 ? { name: 'live-run', params: { runId: runIds[0] } } : { name: 'runs' },
      );
    } catch (e) {
      report(e);
    } finally {
      launching.value = false;
    }
  }

  return {
    launching,
    launch: (input) => guarded(async () => (await lab['runs.create'](input)).runIds),
    launchPreset: (input) =>
      guarded(async () => (await lab['runs.createFromPreset'](input)).runIds),
  };
}
