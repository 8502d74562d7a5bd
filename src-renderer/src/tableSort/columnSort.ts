/**
 * How every sortable table in the app answers a click on a column header: the sorted column
 * flips its order; another column starts descending (largest accuracy or m-coherence first),
 * except text columns such as names, which start A→Z. Shared by the Runs table and the compare
 * summary so both behave, and announce their order to screen readers, the same way.
 */
export interface ColumnSort<K extends string> {
  /** null: no column chosen (rows in their given order). */
  readonly key: K | null;
  readonly descending: boolean;
}

export function nextColumnSort<K extends string>(
  current: ColumnSort<K>,
  clicked: K,
  ascendingFirst: readonly K[],
): { key: K; descending: boolean } {
  if (current.key === clicked) return { key: clicked, descending: !current.descending };
  return { key: clicked, descending: !ascendingFirst.includes(clicked) };
}

/** The header's `aria-sort`: the direction on the sorted column, 'none' on the others. */
export function ariaSortOf<K extends string>(
  sort: ColumnSort<K>,
  column: K,
): 'ascending' | 'descending' | 'none' {
  if (sort.key !== column) return 'none';
  return sort.descending ? 'descending' : 'ascending';
}
