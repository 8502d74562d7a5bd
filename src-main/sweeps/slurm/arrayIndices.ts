/**
 * Slurm's array index expressions: `0-7`, `1,3,5-9`, `0-15:4`, optionally `%P` (at most P at
 * once). Used to submit a subset of tasks (resubmission) and to read the collapsed pending
 * records of `scontrol show job` (`ArrayTaskId=2-9%2`).
 */

/** Sorted, unique indices → the shortest list of ranges: [0,1,2,5,7,8] → "0-2,5,7-8". */
export function formatArrayIndices(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('an array job needs at least one task index');
  for (const index of sorted) {
    if (!Number.isInteger(index) || index < 0) {
      throw new RangeError(`array task indices are non-negative integers, got ${index}`);
    }
  }
  const parts: string[] = [];
  let start = sorted[0];
  let previous = start;
  for (const index of [...sorted.slice(1), Number.NaN]) {
    if (index === previous + 1) {
      previous = index;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = index;
    previous = index;
  }
  return parts.join(',');
}

/** "2-9%2", "1,3,5-9", "0-15:4", "7" → the indices (the %P throttle is ignored). */
export function parseArrayIndices(expression: string): number[] {
  const body = expression
    .trim()
    .replace(/%\d+$/, '')
    .replace(/^\[|\]$/g, '');
  if (body.length === 0) throw new RangeError(`empty array index expression "${expression}"`);
  const indices: number[] = [];
  for (const part of body.split(',')) {
    const match = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part);
    if (!match) throw new RangeError(`unreadable array index expression "${expression}"`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    const step = match[3] === undefined ? 1 : Number(match[3]);
    if (last < first || step < 1) {
      throw new RangeError(`unreadable array index expression "${expression}"`);
    }
    for (let i = first; i <= last; i += step) indices.push(i);
  }
  return indices;
}
