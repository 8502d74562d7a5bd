import type Database from 'better-sqlite3';
import type {
  CoherenceMeasurement,
  MetricPoint,
  PointPosition,
} from '../engine/records/engineRecords';
import type { LatestKey } from '../shared/latestValues';
import type { XAxis } from '../shared/xAxis';
import { readCoherenceColumns } from './coherenceColumns';
import { jsonColumnsStatement, parseJsonColumns } from './jsonColumnRead';
import { X_AXIS_COLUMN, type CoherenceColumns, type SeriesColumns } from './seriesColumns';
import { cachedStatement } from './statementCache';
import { guardStore, writeTransaction } from './storeErrors';

export interface StoredCoherence extends CoherenceMeasurement {
  readonly runId: number;
}

export interface LatestValue {
  readonly key: LatestKey;
  readonly step: number;
  readonly value: number | null;
}

/**
 * A metric point as stored. Series and subset are open strings here: the store keeps whatever
 * an imported bundle carries (a newer version may record series this one does not know).
 */
export interface StoredPoint extends PointPosition {
  readonly series: string;
  readonly subset: string;
  readonly value: number;
}

export interface RecordBatch {
  readonly points?: readonly StoredPoint[];
  readonly coherence?: readonly CoherenceMeasurement[];
  /** Fast-list values, e.g. "accuracy/test" → (step, value); an older step never overwrites. */
  readonly latest?: readonly LatestValue[];
}

/** Rows per multi-row INSERT: fewer native calls per point (7 × 64 = 448 bound parameters). */
const ROWS_PER_INSERT = 64;
const POINT_COLUMNS = '(run_id, key_id, step, epoch, examples_seen, wall_ms, value)';
const POINT_INSERT_HEAD = `INSERT OR REPLACE INTO metric_points ${POINT_COLUMNS} VALUES `;
const ONE_POINT = '(?, ?, ?, ?, ?, ?, ?)';

/** SQLite binds NaN as NULL (±Infinity are kept as they are); NULL comes back as NaN. */
const nanToNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
const nanIfNull = (v: number | null): number => (v === null ? NaN : v);

/**
 * Metric points, coherence measurements and latest values. A batch is written in one
 * transaction, so a reader (the UI, another process) never sees half of it. Every point keeps
 * step, epoch, examples seen and wall time so any of them can be the x-axis; a point recorded
 * again for the same (series, subset, step) replaces the earlier one (a resumed run
 * re-records), out-of-order points are kept and read back in step order.
 */
export class SeriesRepository {
  /** series → subset → key id; codes never change once assigned, so caching them is safe. */
  private readonly keyIds = new Map<string, Map<string, number>>();

  constructor(private readonly db: Database.Database) {}

  private keyId(series: string, subset: string): number {
    let bySubset = this.keyIds.get(series);
    if (!bySubset) {
      bySubset = new Map();
      this.keyIds.set(series, bySubset);
    }
    const cached = bySubset.get(subset);
    if (cached !== undefined) return cached;
    cachedStatement(
      this.db,
      'INSERT OR IGNORE INTO series_keys (series, subset) VALUES (?, ?)',
    ).run(series, subset);
    const id = this.findKeyId(series, subset);
    if (id === null) throw new Error(`series key ${series}/${subset} was not created`);
    bySubset.set(subset, id);
    return id;
  }

  private findKeyId(series: string, subset: string): number | null {
    const row = cachedStatement(
      this.db,
      'SELECT id FROM series_keys WHERE series = ? AND subset = ?',
    ).get(series, subset) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** Write a batch of points, measurements and latest values: all of it or, on error, none. */
  append(runId: number, batch: RecordBatch): void {
    try {
      writeTransaction(this.db, () => {
        if (batch.points?.length) this.insertPoints(runId, batch.points);
        if (batch.coherence?.length) this.insertCoherence(runId, batch.coherence);
        if (batch.latest?.length) this.upsertLatest(runId, batch.latest);
      });
    } catch (error) {
      this.forgetCachedKeys();
      throw error;
    }
  }

  /**
   * A rolled-back transaction may have undone series keys created in it; the next write then
   * looks them up again. ProjectStore.transaction calls this when an outer transaction fails.
   */
  forgetCachedKeys(): void {
    this.keyIds.clear();
  }

  private insertPoints(runId: number, points: readonly StoredPoint[]): void {
    const many = cachedStatement(
      this.db,
      POINT_INSERT_HEAD + Array.from({ length: ROWS_PER_INSERT }, () => ONE_POINT).join(','),
    );
    const one = cachedStatement(this.db, POINT_INSERT_HEAD + ONE_POINT);
    const params: Array<number | null> = new Array<number | null>(7 * ROWS_PER_INSERT);
    let i = 0;
    for (; i + ROWS_PER_INSERT <= points.length; i += ROWS_PER_INSERT) {
      for (let r = 0; r < ROWS_PER_INSERT; r++) {
        const p = points[i + r];
        const o = r * 7;
        params[o] = runId;
        params[o + 1] = this.keyId(p.series, p.subset);
        params[o + 2] = p.step;
        params[o + 3] = p.epoch;
        params[o + 4] = p.examplesSeen;
        params[o + 5] = p.wallMs;
        params[o + 6] = nanToNull(p.value);
      }
      many.run(params);
    }
    for (; i < points.length; i++) {
      const p = points[i];
      one.run(
        runId,
        this.keyId(p.series, p.subset),
        p.step,
        p.epoch,
        p.examplesSeen,
        p.wallMs,
        nanToNull(p.value),
      );
    }
  }

  private insertCoherence(runId: number, measurements: readonly CoherenceMeasurement[]): void {
    const insert = cachedStatement(
      this.db,
      `INSERT OR REPLACE INTO coherence_measurements
       (run_id, probe, step, epoch, examples_seen, wall_ms, m, value, alpha_hat, layers)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const c of measurements) {
      insert.run(
        runId,
        c.probe,
        c.step,
        c.epoch,
        c.examplesSeen,
        c.wallMs,
        c.m,
        nanToNull(c.value),
        nanToNull(c.alphaHat),
        JSON.stringify(c.layers),
      );
    }
  }

  private upsertLatest(runId: number, latest: readonly LatestValue[]): void {
    const upsert = cachedStatement(
      this.db,
      `INSERT INTO latest_values (run_id, key, step, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, value = excluded.value
       WHERE excluded.step >= latest_values.step`,
    );
    for (const l of latest) upsert.run(runId, l.key, l.step, l.value);
  }

  /**
   * Drop everything recorded at or after `step` (a resumed run re-records it identically),
   * including latest values from that future, which would otherwise hold back newer updates.
   */
  discardFrom(runId: number, step: number): void {
    writeTransaction(this.db, () => {
      cachedStatement(this.db, 'DELETE FROM metric_points WHERE run_id = ? AND step >= ?').run(
        runId,
        step,
      );
      cachedStatement(
        this.db,
        'DELETE FROM coherence_measurements WHERE run_id = ? AND step >= ?',
      ).run(runId, step);
      cachedStatement(this.db, 'DELETE FROM latest_values WHERE run_id = ? AND step >= ?').run(
        runId,
        step,
      );
    });
  }

  /**
   * One series of several runs as typed columns (a compare view): x on the chosen axis, y, and
   * the step of each point, ordered by step. Runs without the series get empty columns.
   */
  readSeries(
    runIds: readonly number[],
    series: string,
    subset: string,
    options: { xAxis?: XAxis; afterStep?: number } = {},
  ): SeriesColumns[] {
    // One range scan on (run, key, step) per run (jsonColumnRead).
    const statement = jsonColumnsStatement(
      this.db,
      'metric_points',
      X_AXIS_COLUMN[options.xAxis ?? 'step'],
      'value',
      'run_id = ? AND key_id = ? AND step > ?',
    );
    return guardStore(this.db, () =>
      // One read transaction: the columns of every run come from the same snapshot.
      this.db.transaction(() => {
        const keyId = this.findKeyId(series, subset);
        return runIds.map((runId) => {
          if (keyId === null) {
            return {
              runId,
              x: new Float64Array(0),
              y: new Float64Array(0),
              step: new Float64Array(0),
            };
          }
          const row = statement.get(runId, keyId, options.afterStep ?? -1) as string[];
          return { runId, ...parseJsonColumns(row) };
        });
      })(),
    );
  }

  /**
   * Probe m-coherence (or α̂) of several runs as typed columns, with each run's probe size m:
   * the compare view's read, without the per-layer sums.
   */
  coherenceColumns(
    runIds: readonly number[],
    probe: string,
    options: { xAxis?: XAxis; quantity?: 'value' | 'alphaHat' } = {},
  ): CoherenceColumns[] {
    return readCoherenceColumns(this.db, runIds, probe, options);
  }

  /** Which series/subset pairs a run has points for. */
  seriesOf(runId: number): Array<{ series: string; subset: string }> {
    return guardStore(
      this.db,
      () =>
        cachedStatement(
          this.db,
          `SELECT k.series, k.subset FROM series_keys k
           WHERE EXISTS (SELECT 1 FROM metric_points p WHERE p.run_id = ? AND p.key_id = k.id)
           ORDER BY k.series, k.subset`,
        ).all(runId) as Array<{ series: string; subset: string }>,
    );
  }

  /** Coherence measurements of a run (optionally one probe), by step; NaN where not finite. */
  readCoherence(
    runId: number,
    options: { probe?: string; afterStep?: number; withLayers?: boolean } = {},
  ): StoredCoherence[] {
    // Per-layer sums are most of the bytes and of the parse time; charts of the global value
    // skip them (withLayers: false) and get `layers: {}`.
    const withLayers = options.withLayers ?? true;
    return guardStore(this.db, () => {
      const columns = withLayers
        ? '*'
        : "run_id, probe, step, epoch, examples_seen, wall_ms, m, value, alpha_hat, '{}' AS layers";
      const sql = `SELECT ${columns} FROM coherence_measurements WHERE run_id = ? AND step > ?
        ${options.probe ? 'AND probe = ?' : ''} ORDER BY step, probe`;
      const params: Array<number | string> = [runId, options.afterStep ?? -1];
      if (options.probe) params.push(options.probe);
      const rows = cachedStatement(this.db, sql).all(...params) as Array<{
        run_id: number;
        probe: CoherenceMeasurement['probe'];
        step: number;
        epoch: number;
        examples_seen: number;
        wall_ms: number;
        m: number;
        value: number | null;
        alpha_hat: number | null;
        layers: string;
      }>;
      return rows.map((r) => ({
        runId: r.run_id,
        probe: r.probe,
        step: r.step,
        epoch: r.epoch,
        examplesSeen: r.examples_seen,
        wallMs: r.wall_ms,
        m: r.m,
        value: nanIfNull(r.value),
        alphaHat: nanIfNull(r.alpha_hat),
        // JSON writes a non-finite N or Q as null; read it back as NaN, as it was.
        layers: withLayers
          ? (JSON.parse(r.layers, (key, v: unknown) =>
              v === null && (key === 'N' || key === 'Q') ? NaN : v,
            ) as CoherenceMeasurement['layers'])
          : {},
      }));
    });
  }

  /** The run's latest values; keys whose value was not finite are left out. */
  latest(runId: number): Record<string, number> {
    return guardStore(this.db, () => {
      const rows = cachedStatement(
        this.db,
        'SELECT key, value FROM latest_values WHERE run_id = ? AND value IS NOT NULL',
      ).all(runId) as Array<{ key: string; value: number }>;
      const out: Record<string, number> = {};
      for (const r of rows) out[r.key] = r.value;
      return out;
    });
  }

  /** The run's latest values with their steps, non-finite ones included (copying a run). */
  latestEntries(runId: number): LatestValue[] {
    return guardStore(this.db, () =>
      (
        cachedStatement(
          this.db,
          'SELECT key, step, value FROM latest_values WHERE run_id = ? ORDER BY key',
        ).all(runId) as Array<{ key: LatestKey; step: number; value: number | null }>
      ).map((r) => ({ key: r.key, step: r.step, value: r.value })),
    );
  }

  /** All points of a run (exports): series, subset and every x column. */
  allPoints(runId: number): MetricPoint[] {
    return guardStore(this.db, () => {
      const rows = cachedStatement(
        this.db,
        `SELECT k.series, k.subset, p.step, p.epoch, p.examples_seen, p.wall_ms, p.value
         FROM metric_points p JOIN series_keys k ON k.id = p.key_id
         WHERE p.run_id = ? ORDER BY k.series, k.subset, p.step`,
      ).all(runId) as Array<{
        series: MetricPoint['series'];
        subset: MetricPoint['subset'];
        step: number;
        epoch: number;
        examples_seen: number;
        wall_ms: number;
        value: number | null;
      }>;
      return rows.map((r) => ({
        series: r.series,
        subset: r.subset,
        step: r.step,
        epoch: r.epoch,
        examplesSeen: r.examples_seen,
        wallMs: r.wall_ms,
        value: nanIfNull(r.value),
      }));
    });
  }
}
