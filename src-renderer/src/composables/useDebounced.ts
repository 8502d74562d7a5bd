import { onScopeDispose } from 'vue';

/**
 * A trigger that runs `fn` with the latest arguments once calls have paused for `waitMs`
 * (validate-as-you-type without a request per key). A pending call is dropped with the scope.
 */
export function useDebounced<Args extends unknown[]>(
  fn: (...args: Args) => void,
  waitMs: number,
): (...args: Args) => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  onScopeDispose(() => {
    if (timer) clearTimeout(timer);
    timer = null;
  });
  return (...args) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, waitMs);
  };
}
