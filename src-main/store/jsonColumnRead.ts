/**
 * One run's points of one series as typed columns, read in a single range scan: SQLite builds
 * each column as one JSON array that V8 parses natively, so no JS object or array is made per
 * point (about 1M points in 300 ms). On the step axis x is the step itself, and that column is
 * read once.
 */
import type Database from 'better-sqlite3';
import type { SeriesColumns } from './seriesColumns';
import { cachedStatement } from './statementCache';

export type PointColumns = Pick<SeriesColumns, 'x' | 'y' | 'step'>;

/**
 * The statement reading `xColumn`, `yColumn` and step of the rows `where` selects (ordered by
 * step) as JSON arrays: [x, y, step], or [y, step] when x is the step.
 */
export function jsonColumnsStatement(
  db: Database.Database,
  table: string,
  xColumn: string,
  yColumn: string,
  where: string,
): Database.Statement {
  const columns =
    xColumn === 'step'
      ? 'json_group_array(y), json_group_array(step)'
      : 'json_group_array(x), json_group_array(y), json_group_array(step)';
  return cachedStatement(
    db,
    `SELECT ${columns} FROM
       (SELECT ${xColumn} AS x, ${yColumn} AS y, step FROM ${table} WHERE ${where} ORDER BY step)`,
  ).raw(true);
}

/** The columns of one row of `jsonColumnsStatement` (NaN where y was stored as NULL). */
export function parseJsonColumns(row: readonly string[]): PointColumns {
  const stepOnly = row.length === 2;
  const values = JSON.parse(stepOnly ? row[0] : row[1]) as Array<number | null>;
  // NaN was stored as NULL and arrives as null, which Float64Array.from would make 0.
  const y = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) y[i] = values[i] ?? NaN;
  const step = Float64Array.from(JSON.parse(stepOnly ? row[1] : row[2]) as number[]);
  const x = stepOnly ? step.slice() : Float64Array.from(JSON.parse(row[0]) as number[]);
  return { x, y, step };
}
