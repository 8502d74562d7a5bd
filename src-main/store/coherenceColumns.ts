import type Database from 'better-sqlite3';
import type { XAxis } from '../shared/xAxis';
import { X_AXIS_COLUMN, type CoherenceColumns } from './seriesColumns';
import { cachedStatement } from './statementCache';
import { guardStore } from './storeErrors';

/**
 * Probe m-coherence of several runs as typed columns (the compare view): x on the chosen axis,
 * the global value or α̂, the step, and each run's probe size m (0 when it has none). Single-
 * column plucked queries, without the per-layer JSON, in one read transaction.
 */
export function readCoherenceColumns(
  db: Database.Database,
  runIds: readonly number[],
  probe: string,
  options: { xAxis?: XAxis; quantity?: 'value' | 'alphaHat' } = {},
): CoherenceColumns[] {
  const xColumn = X_AXIS_COLUMN[options.xAxis ?? 'step'];
  const yColumn = options.quantity === 'alphaHat' ? 'alpha_hat' : 'value';
  const column = (name: string): Database.Statement =>
    cachedStatement(
      db,
      `SELECT ${name} FROM coherence_measurements WHERE run_id = ? AND probe = ? ORDER BY step`,
    ).pluck(true);
  return guardStore(db, () =>
    db.transaction(() =>
      runIds.map((runId) => {
        const step = Float64Array.from(column('step').all(runId, probe) as number[]);
        const values = column(yColumn).all(runId, probe) as Array<number | null>;
        const y = Float64Array.from(values, (v) => (v === null ? NaN : v));
        const x = Float64Array.from(column(xColumn).all(runId, probe) as number[]);
        const m = (column('m').get(runId, probe) as number | undefined) ?? 0;
        return { runId, x, y, step, m };
      }),
    )(),
  );
}
