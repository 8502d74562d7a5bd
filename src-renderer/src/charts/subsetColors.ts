import type { SubsetName } from '../runData/seriesNames';

/** One colour per subset (and probe set of the same name), the same in every live chart. */
export const SUBSET_COLORS: Readonly<Record<SubsetName, string>> = {
  train: '#3b82f6',
  test: '#f59e0b',
  pristine: '#10b981',
  corrupt: '#ef4444',
  batch: '#8b5cf6',
};
