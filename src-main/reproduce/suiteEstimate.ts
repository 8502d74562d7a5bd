/**
 * Wall time of the suite before it starts: the runs' estimated durations replayed over
 * `concurrency` slots in request order, each run on the first slot that frees up (how the run
 * queue starts them; the same replay as a sweep's estimate).
 */
export function estimateSuiteWallSeconds(
  runSeconds: readonly number[],
  concurrency: number,
): number {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const slots = new Array<number>(Math.min(concurrency, Math.max(1, runSeconds.length))).fill(0);
  for (const seconds of runSeconds) {
    let earliest = 0;
    for (let i = 1; i < slots.length; i += 1) if (slots[i] < slots[earliest]) earliest = i;
    slots[earliest] += seconds;
  }
  return Math.max(0, ...slots);
}
