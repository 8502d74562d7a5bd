import type Database from 'better-sqlite3';
import type { XAxis } from '../shared/xAxis';
import { jsonColumnsStatement, parseJsonColumns } from './jsonColumnRead';
import { X_AXIS_COLUMN, type CoherenceColumns } from './seriesColumns';
import { cachedStatement } from './statementCache';
import { guardStore } from './storeErrors';

/**
 * Probe m-coherence of several runs as typed columns (the compare view): x on the chosen axis,
 * the global value or α̂, the step, and each run's probe size m (0 when it has none). One
 * range scan per run, without the per-layer JSON, in one read transaction.
 */
export function readCoherenceColumns(
  db: Database.Database,
  runIds: readonly number[],
  probe: string,
  options: { xAxis?: XAxis; quantity?: 'value' | 'alphaHat' } = {},
): CoherenceColumns[] {
  // One range scan per run for the points (jsonColumnRead), one row for m.
  const points = jsonColumnsStatement(
    db,
    'coherence_measurements',
    X_AXIS_COLUMN[options.xAxis ?? 'step'],
    options.quantity === 'alphaHat' ? 'alpha_hat' : 'value',
    'run_id = ? AND probe = ?',
  );
  const probeSize = cachedStatement(
    db,
    'SELECT m FROM coherence_measurements WHERE run_id = ? AND probe = ? LIMIT 1',
  ).pluck(true);
  return guardStore(db, () =>
    db.transaction(() =>
      runIds.map((runId) => {
        const columns = parseJsonColumns(points.get(runId, probe) as string[]);
        const m = (probeSize.get(runId, probe) as number | undefined) ?? 0;
        return { runId, ...columns, m };
      }),
    )(),
  );
}
