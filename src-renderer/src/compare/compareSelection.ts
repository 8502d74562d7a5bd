/** The compared runs travel in the route query (`?runs=3,7,12`), so a comparison is a link. */
export function parseRunIdList(text: unknown): number[] {
  return String(text ?? '')
    .split(',')
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
}

/** The list with `runId` added at the end, or removed when it is already there. */
export function toggleRunId(runIds: readonly number[], runId: number): number[] {
  return runIds.includes(runId) ? runIds.filter((id) => id !== runId) : [...runIds, runId];
}

/** File name (without extension) of a comparison's exports: what is drawn, for which runs. */
export function compareExportName(quantityId: string, runIds: readonly number[]): string {
  return `compare-${quantityId.replace(/[^a-z0-9]+/gi, '-')}-runs-${runIds.join('-')}`;
}
