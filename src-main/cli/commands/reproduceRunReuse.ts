import { sameRunConfig } from '../../analysis/configDiff';
import type { RunConfigInput } from '../../engine/config/configSchemas';
import type { SuiteRunRequest } from '../../reproduce/suiteData';
import { RESUMABLE_RUN_STATUSES } from '../../shared/runStatus';
import type { CliSession } from '../cliSession';

/** The tag every run `reproduce` creates carries; reuse looks only among these. */
export const REPRODUCE_TAG = 'reproduce';

interface DatasetPart {
  readonly dataset?: {
    readonly trainSize?: unknown;
    readonly testSize?: unknown;
    readonly learnedSubset?: unknown;
  };
}

/**
 * The request as creation would have stored it, as far as a stored run can tell: a run trained
 * on another run's easy/hard part (dataset.learnedSubset) gets its train/test sizes from that
 * part when it is created (resolveLearnedSubset), whatever the request said. With the same
 * reference run and part (still compared) the part is the same, so the stored sizes stand in
 * for the request's; any other difference still tells the runs apart.
 */
function withResolvedSizes(request: RunConfigInput, stored: unknown): RunConfigInput {
  const storedDataset = (stored as DatasetPart | null)?.dataset;
  if (!request.dataset?.learnedSubset || !storedDataset?.learnedSubset) return request;
  const { trainSize, testSize } = storedDataset;
  if (typeof trainSize !== 'number' || typeof testSize !== 'number') return request;
  return { ...request, dataset: { ...request.dataset, trainSize, testSize } };
}

/** What to do for one request: reuse a completed run, resume a stopped one, or train anew. */
export type ReusePlan =
  | { readonly kind: 'completed'; readonly runId: number }
  | { readonly kind: 'resume'; readonly runId: number }
  | { readonly kind: 'new' };

/**
 * Matches each request with a run an earlier `reproduce` left in this project: same name (arm
 * and seed) and the same config once today's defaults are filled in. A completed match is
 * reused as it is, a cancelled or interrupted one is resumed from its checkpoint, so an
 * interrupted suite (Ctrl-C, a closed laptop, a session limit) continues where it stopped
 * instead of training everything again. Failed or diverged runs are not reused: they are
 * trained anew. A run already matched is never given to a second request.
 */
export async function planRunReuse(
  session: CliSession,
  requests: readonly SuiteRunRequest[],
): Promise<ReusePlan[]> {
  const tagged = await session.call('runs.list', { tag: REPRODUCE_TAG });
  const byName = new Map<string, typeof tagged>();
  for (const row of tagged) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const taken = new Set<number>();
  const plans: ReusePlan[] = [];
  for (const request of requests) {
    // Newest first, completed before resumable: the freshest finished result wins.
    const candidates = (byName.get(request.name) ?? [])
      .filter((row) => !taken.has(row.runId))
      .filter((row) => row.status === 'completed' || RESUMABLE_RUN_STATUSES.has(row.status))
      .sort(
        (a, b) =>
          Number(b.status === 'completed') - Number(a.status === 'completed') || b.runId - a.runId,
      );
    let plan: ReusePlan = { kind: 'new' };
    for (const row of candidates) {
      const detail = await session.call('runs.get', { runId: row.runId });
      if (!sameRunConfig(detail.config, withResolvedSizes(request.config, detail.config))) {
        continue;
      }
      plan = { kind: row.status === 'completed' ? 'completed' : 'resume', runId: row.runId };
      taken.add(row.runId);
      break;
    }
    plans.push(plan);
  }
  return plans;
}
