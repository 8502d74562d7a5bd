import type { SubsetName } from '../runData/seriesNames';

/** One colour per subset (and probe set of the same name), the same in every live chart. */
export const SUBSET_COLORS: Readonly<Record<SubsetName, string>> = {
  train: '#3b82f6',
  test: '#f59e0b',
  pristine: '#10b981',
  corrupt: '#ef4444',
  batch: '#8b5cf6',
};

/** Colours for probes beyond the named subsets (per-class and nested probes), in turn. */
const EXTRA_PROBE_COLORS = [
  '#0ea5e9',
  '#a855f7',
  '#f97316',
  '#14b8a6',
  '#e11d48',
  '#84cc16',
  '#6366f1',
  '#d946ef',
  '#78716c',
  '#facc15',
];

/** A probe's colour: its subset's for the four kinds, else one of a fixed palette by number. */
export function probeColor(probe: string): string {
  if (probe in SUBSET_COLORS) return SUBSET_COLORS[probe as SubsetName];
  const number = Number(/\d+$/.exec(probe)?.[0] ?? 0);
  return EXTRA_PROBE_COLORS[number % EXTRA_PROBE_COLORS.length];
}
