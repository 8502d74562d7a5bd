import { computed, type ComputedRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { parseRunIdList, toggleRunId } from '../compare/compareSelection';

/** The compared runs, held in the route query (`?runs=3,7`) so a comparison can be linked. */
export function useCompareSelection(): {
  runIds: ComputedRef<number[]>;
  toggle(runId: number): void;
} {
  const route = useRoute();
  const router = useRouter();
  const runIds = computed(() => parseRunIdList(route.query.runs));
  return {
    runIds,
    toggle(runId) {
      const runs = toggleRunId(runIds.value, runId).join(',');
      void router.replace({ query: { ...route.query, runs } });
    },
  };
}
