/**
 * Which definitions a run's stored metrics and summary figures follow. Each run records the
 * version current when it started training; tables mark runs recorded under an older one, so
 * old and new numbers are never silently mixed (a resumed run keeps the version it began with).
 */
export const METRICS_DEFINITION_VERSION = 2;

/** What changed at each version, in the words a footnote under a table can use. */
export const METRICS_DEFINITION_CHANGES: Readonly<Record<number, string>> = {
  1: 'recorded before definitions v2: "corrupt" meant selected for noise (permuted labels that came back counted as corrupt), f_p/f_c described the plain minibatch gradient, and the loss gradient lost precision once the softmax saturated',
  2: 'corrupt = training label differs from the original (or pixels replaced by noise); f_p/f_c describe the update actually applied; exact gradients under softmax saturation',
};

/** Footnote text for a run recorded under `version`, or null when it is the current one. */
export function olderDefinitionsNote(version: number): string | null {
  if (version >= METRICS_DEFINITION_VERSION) return null;
  return METRICS_DEFINITION_CHANGES[version] ?? `recorded under metric definitions v${version}`;
}
