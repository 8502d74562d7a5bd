import type { RunDetail } from '../../../src-main/api/contract';

/**
 * The run whose final weights this run started from (config `init.fromRun`) when that run is
 * not linked in this project: the run was imported without it (its id then names a run of the
 * project it came from) or it was deleted. Null when the run started fresh or its parent is
 * linked (then `parentRunId` names it). The config is read defensively: older runs lack `init`.
 */
export function unlinkedParentRunId(
  detail: Pick<RunDetail, 'config' | 'parentRunId'>,
): number | null {
  if (detail.parentRunId !== null) return null;
  const init = detail.config.init as { fromRun?: unknown } | undefined;
  return typeof init?.fromRun === 'number' ? init.fromRun : null;
}
