import { watch, type Ref } from 'vue';

/**
 * The compare view's own performance marks, read by the UI benchmark (`bench/uiBench.ts`):
 * `compare:first-render` (view created → first chart drawn with data) and
 * `compare:smoothing-toggle` (smoothing changed → chart redrawn). Call first in setup.
 */
export function useCompareTimings(
  smoothing: Ref<number>,
  hasData: () => boolean,
): { dataLoaded(): void; rendered(): void } {
  performance.mark('compare:start');
  let firstRenderMeasured = false;
  let smoothingMarkPending = false;
  watch(smoothing, () => {
    smoothingMarkPending = true;
    performance.mark('compare:smoothing-start');
  });
  return {
    dataLoaded: () => performance.mark('compare:data-loaded'),
    rendered() {
      if (!firstRenderMeasured && hasData()) {
        firstRenderMeasured = true;
        performance.mark('compare:first-render');
        performance.measure('compare:first-render', 'compare:start', 'compare:first-render');
      }
      if (smoothingMarkPending) {
        smoothingMarkPending = false;
        performance.mark('compare:smoothing-rendered');
        performance.measure(
          'compare:smoothing-toggle',
          'compare:smoothing-start',
          'compare:smoothing-rendered',
        );
      }
    },
  };
}
