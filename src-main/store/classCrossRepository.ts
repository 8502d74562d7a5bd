import type Database from 'better-sqlite3';
import type { ClassCrossMeasurement } from '../engine/records/engineRecords';
import { cachedStatement } from './statementCache';
import { guardStore, writeTransaction } from './storeErrors';

/**
 * Class-pair cross-coherences of a run (per-class probes), one row per measurement step: the
 * class labels and the upper triangle of the matrix as JSON arrays. A table of its own, not
 * metric points: points are keyed by (series, subset) from the fixed SUBSETS vocabulary that
 * store, API and UI share, and K(K−1)/2 pairs per step (45 for 10 classes, 4,950 for 100) would
 * each need a subset name. The matrix is always read whole, at one step.
 */
export class ClassCrossRepository {
  constructor(private readonly db: Database.Database) {}

  /** A measurement recorded again for the same step (a resumed run) replaces the earlier one. */
  append(runId: number, measurements: readonly ClassCrossMeasurement[]): void {
    writeTransaction(this.db, () => {
      const insert = cachedStatement(
        this.db,
        `INSERT OR REPLACE INTO class_cross_coherence
           (run_id, step, epoch, examples_seen, wall_ms, classes, pair_values)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const m of measurements) {
        insert.run(
          runId,
          m.step,
          m.epoch,
          m.examplesSeen,
          m.wallMs,
          JSON.stringify(m.classes),
          JSON.stringify(m.values),
        );
      }
    });
  }

  /** Every measurement of the run in step order. */
  read(runId: number): ClassCrossMeasurement[] {
    return guardStore(this.db, () => {
      const rows = cachedStatement(
        this.db,
        `SELECT step, epoch, examples_seen, wall_ms, classes, pair_values
         FROM class_cross_coherence WHERE run_id = ? ORDER BY step`,
      ).all(runId) as Array<{
        step: number;
        epoch: number;
        examples_seen: number;
        wall_ms: number;
        classes: string;
        pair_values: string;
      }>;
      return rows.map((r) => ({
        step: r.step,
        epoch: r.epoch,
        examplesSeen: r.examples_seen,
        wallMs: r.wall_ms,
        classes: JSON.parse(r.classes) as number[],
        values: JSON.parse(r.pair_values) as Array<number | null>,
      }));
    });
  }

  /** Drop measurements at or after `step` (a resumed run re-records them). */
  discardFrom(runId: number, step: number): void {
    writeTransaction(this.db, () => {
      cachedStatement(
        this.db,
        'DELETE FROM class_cross_coherence WHERE run_id = ? AND step >= ?',
      ).run(runId, step);
    });
  }
}
