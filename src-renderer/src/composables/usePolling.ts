import { onScopeDispose, toValue, watch, type MaybeRefOrGetter } from 'vue';

/**
 * Call `tick` every `intervalMs` while `active` is true, and not at all otherwise. Views use it
 * as a safety net next to events, which can be missed across a reconnect of the event stream.
 */
export function usePolling(
  tick: () => void,
  intervalMs: number,
  active: MaybeRefOrGetter<boolean> = true,
): void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  watch(
    () => toValue(active),
    (on) => {
      if (on && !timer) timer = setInterval(tick, intervalMs);
      else if (!on) stop();
    },
    { immediate: true },
  );
  onScopeDispose(stop);
}
