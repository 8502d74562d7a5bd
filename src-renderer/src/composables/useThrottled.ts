import { onScopeDispose } from 'vue';

/**
 * A trigger that runs `fn` at most once per `intervalMs`, at the end of the interval that the
 * first trigger opened: a burst of events (several data events a second) costs one re-read,
 * and the last event of a burst is never lost. A pending run is dropped with the scope.
 */
export function useThrottled(fn: () => void, intervalMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  onScopeDispose(() => {
    if (timer) clearTimeout(timer);
    timer = null;
  });
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, intervalMs);
  };
}
