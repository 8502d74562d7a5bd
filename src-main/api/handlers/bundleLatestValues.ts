import { coherenceLatestKey, type LatestKey } from '../../shared/latestValues';
import { metricKey } from '../../shared/metricVocabulary';
import type { LatestValue } from '../../store/seriesRepository';
import type { RunBundleRun } from '../runBundle';

/**
 * The latest-values rows of an imported run, as the run recorder writes them while a run
 * trains: "series/subset" for metric points and "coherence/probe" for probe m-coherence, each
 * the value at the highest step (bundles need not list points in step order). Without them
 * run lists show "—" for an imported run's test accuracy and m-coherence.
 */
export function bundleLatestValues(
  run: Pick<RunBundleRun, 'metrics' | 'coherence'>,
): LatestValue[] {
  const latest = new Map<LatestKey, LatestValue>();
  const keep = (key: LatestKey, step: number, value: number): void => {
    const current = latest.get(key);
    if (!current || step >= current.step) latest.set(key, { key, step, value });
  };
  for (const p of run.metrics) keep(metricKey(p.series, p.subset), p.step, p.value);
  for (const c of run.coherence) keep(coherenceLatestKey(c.probe), c.step, c.value);
  return [...latest.values()];
}
