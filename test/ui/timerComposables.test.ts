import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useCompareTimings } from '../../src-renderer/src/composables/useCompareTimings';
import { useDebounced } from '../../src-renderer/src/composables/useDebounced';
import { usePolling } from '../../src-renderer/src/composables/usePolling';
import { useThrottled } from '../../src-renderer/src/composables/useThrottled';

/** Run a composable in its own scope, as a component's setup would; `stop` is the unmount. */
function inScope<T>(setup: () => T): { result: T; stop: () => void } {
  const scope = effectScope();
  const result = scope.run(setup) as T;
  return { result, stop: () => scope.stop() };
}

describe('timer composables', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('useThrottled folds a burst into one call at the end of the interval', () => {
    const fn = vi.fn();
    const { result: trigger, stop } = inScope(() => useThrottled(fn, 400));
    for (let i = 0; i < 10; i++) {
      trigger();
      vi.advanceTimersByTime(30);
    }
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(fn).toHaveBeenCalledTimes(1);
    // An event after the interval opens the next one: at most one call per 400 ms.
    trigger();
    vi.advanceTimersByTime(399);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    // A pending call dies with the scope.
    trigger();
    stop();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('useDebounced calls once with the latest arguments after calls pause', () => {
    const fn = vi.fn();
    const { result: check, stop } = inScope(() => useDebounced((v: number) => fn(v), 250));
    check(1);
    vi.advanceTimersByTime(200);
    check(2);
    vi.advanceTimersByTime(200);
    check(3);
    vi.advanceTimersByTime(249);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledExactlyOnceWith(3);
    check(4);
    stop();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('usePolling ticks only while active, and never after the scope ends', async () => {
    const tick = vi.fn();
    const active = ref(true);
    const { stop } = inScope(() => usePolling(tick, 2000, active));
    vi.advanceTimersByTime(6000);
    expect(tick).toHaveBeenCalledTimes(3);
    active.value = false;
    await nextTick();
    vi.advanceTimersByTime(6000);
    expect(tick).toHaveBeenCalledTimes(3);
    active.value = true;
    await nextTick();
    vi.advanceTimersByTime(2000);
    expect(tick).toHaveBeenCalledTimes(4);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(tick).toHaveBeenCalledTimes(4);
  });
});

describe('compare view timings', () => {
  it('measure the first render with data once, and each smoothing change to its redraw', async () => {
    performance.clearMarks();
    performance.clearMeasures();
    const smoothing = ref(0);
    let hasData = false;
    const { result: timings, stop } = inScope(() => useCompareTimings(smoothing, () => hasData));
    const measures = (name: string): number => performance.getEntriesByName(name, 'measure').length;
    timings.rendered();
    expect(measures('compare:first-render')).toBe(0);
    hasData = true;
    timings.rendered();
    timings.rendered();
    expect(measures('compare:first-render')).toBe(1);
    expect(measures('compare:smoothing-toggle')).toBe(0);
    smoothing.value = 0.6;
    await nextTick();
    timings.rendered();
    timings.rendered();
    expect(measures('compare:smoothing-toggle')).toBe(1);
    stop();
  });
});
