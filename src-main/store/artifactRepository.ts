import type Database from 'better-sqlite3';
import type { EngineCheckpoint, ProbeSet } from '../engine/records/engineRecords';
import { cachedStatement } from './statementCache';
import { guardStore, writeTransaction } from './storeErrors';
import { decodeTensors, encodeTensors, type NamedTensors } from './tensorBlob';

export interface ExampleRecord {
  readonly position: number;
  readonly sourceIndex: number;
  readonly originalLabel: number;
  readonly trainingLabel: number;
  /** Selected for label noise (provenance); corrupt means the label changed (or pixels replaced). */
  readonly selected: boolean;
  readonly corrupt: boolean;
  readonly firstLearnedStep: number | null;
  readonly learnedSinceStep: number | null;
}

/** Per training example, in position order (StartRecord.examples). */
export interface ExampleColumns {
  readonly sourceIndex: ArrayLike<number>;
  readonly originalLabel: ArrayLike<number>;
  readonly trainingLabel: ArrayLike<number>;
  readonly selected: ArrayLike<number>;
  readonly corrupt: ArrayLike<number>;
}

export interface ExampleQuery {
  readonly corrupt?: boolean;
  /** earliest: learned, by first learned step; never: not learned; position: all, in order. */
  readonly order?: 'earliest' | 'never' | 'position';
  readonly limit?: number;
}

export interface StoredCheckpoint {
  readonly checkpoint: EngineCheckpoint;
  /** Recorder-specific state saved with the checkpoint (JSON), or null. */
  readonly extraState: unknown;
}

/** Checkpoints kept per run: the newest is used for resume, one more guards against a torn write. */
export const CHECKPOINTS_KEPT = 2;

interface RawExample {
  position: number;
  source_index: number;
  original_label: number;
  training_label: number;
  selected: number;
  corrupt: number;
  first_learned_step: number | null;
  learned_since_step: number | null;
}

/** Probe sets, per-example records, checkpoints and final weights of runs. */
export class ArtifactRepository {
  constructor(private readonly db: Database.Database) {}

  saveProbeSets(runId: number, probes: readonly ProbeSet[]): void {
    writeTransaction(this.db, () => {
      const insert = cachedStatement(
        this.db,
        'INSERT OR REPLACE INTO probe_sets (run_id, probe, positions, source_indices, labels) VALUES (?, ?, ?, ?, ?)',
      );
      for (const p of probes) {
        insert.run(
          runId,
          p.name,
          JSON.stringify(p.positions),
          JSON.stringify(p.sourceIndices),
          JSON.stringify(p.labels),
        );
      }
    });
  }

  probeSets(runId: number): ProbeSet[] {
    return guardStore(this.db, () => {
      const rows = cachedStatement(
        this.db,
        'SELECT probe, positions, source_indices, labels FROM probe_sets WHERE run_id = ? ORDER BY probe',
      ).all(runId) as Array<{
        probe: ProbeSet['name'];
        positions: string;
        source_indices: string;
        labels: string;
      }>;
      return rows.map((r) => ({
        name: r.probe,
        positions: JSON.parse(r.positions) as number[],
        sourceIndices: JSON.parse(r.source_indices) as number[],
        labels: JSON.parse(r.labels) as number[],
      }));
    });
  }

  /** Per-example ground truth; existing learn times are kept when a resumed run re-sends it. */
  saveExamples(runId: number, examples: ExampleColumns): void {
    writeTransaction(this.db, () => {
      const insert = cachedStatement(
        this.db,
        `INSERT INTO examples (run_id, position, source_index, original_label, training_label, selected, corrupt)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, position) DO NOTHING`,
      );
      for (let i = 0; i < examples.sourceIndex.length; i++) {
        insert.run(
          runId,
          i,
          examples.sourceIndex[i],
          examples.originalLabel[i],
          examples.trainingLabel[i],
          examples.selected[i] ? 1 : 0,
          examples.corrupt[i] ? 1 : 0,
        );
      }
    });
  }

  /** Learn times per example position (negative or NaN = never), all in one transaction. */
  updateLearnTimes(
    runId: number,
    firstLearned: ArrayLike<number>,
    learnedSince: ArrayLike<number>,
  ): void {
    const orNull = (v: number): number | null => (v >= 0 ? v : null);
    writeTransaction(this.db, () => {
      const update = cachedStatement(
        this.db,
        'UPDATE examples SET first_learned_step = ?, learned_since_step = ? WHERE run_id = ? AND position = ?',
      );
      for (let i = 0; i < firstLearned.length; i++) {
        update.run(orNull(firstLearned[i]), orNull(learnedSince[i]), runId, i);
      }
    });
  }

  examples(runId: number, options: ExampleQuery = {}): ExampleRecord[] {
    const where = ['run_id = ?'];
    const params: number[] = [runId];
    if (options.corrupt !== undefined) {
      where.push('corrupt = ?');
      params.push(options.corrupt ? 1 : 0);
    }
    let order = 'position';
    if (options.order === 'earliest') {
      where.push('first_learned_step IS NOT NULL');
      order = 'first_learned_step, position';
    } else if (options.order === 'never') {
      where.push('learned_since_step IS NULL AND first_learned_step IS NULL');
    }
    let limit = '';
    if (options.limit !== undefined) {
      limit = 'LIMIT ?';
      params.push(Math.max(0, Math.floor(options.limit)));
    }
    const sql = `SELECT * FROM examples WHERE ${where.join(' AND ')} ORDER BY ${order} ${limit}`;
    return guardStore(this.db, () =>
      (cachedStatement(this.db, sql).all(...params) as RawExample[]).map((r) => ({
        position: r.position,
        sourceIndex: r.source_index,
        originalLabel: r.original_label,
        trainingLabel: r.training_label,
        selected: r.selected === 1,
        corrupt: r.corrupt === 1,
        firstLearnedStep: r.first_learned_step,
        learnedSinceStep: r.learned_since_step,
      })),
    );
  }

  /**
   * q: the fraction of a run's training examples whose training label differs from the
   * original (adjusted overfit needs it); null when the run stored no examples (older imports).
   */
  labelChangeFraction(runId: number): number | null {
    return guardStore(this.db, () => {
      const row = cachedStatement(
        this.db,
        'SELECT COUNT(*) AS n, SUM(training_label <> original_label) AS changed FROM examples WHERE run_id = ?',
      ).get(runId) as { n: number; changed: number | null };
      return row.n > 0 ? (row.changed ?? 0) / row.n : null;
    });
  }

  hasLearnTimes(runId: number): boolean {
    return guardStore(
      this.db,
      () =>
        cachedStatement(
          this.db,
          'SELECT 1 FROM examples WHERE run_id = ? AND first_learned_step IS NOT NULL LIMIT 1',
        ).get(runId) !== undefined,
    );
  }

  /**
   * Save a checkpoint and prune to the newest `keep` in the same transaction, so there is never
   * a moment with no complete checkpoint on disk.
   */
  saveCheckpoint(
    runId: number,
    checkpoint: EngineCheckpoint,
    extraState: unknown = null,
    keep: number = CHECKPOINTS_KEPT,
  ): void {
    const weights = encodeTensors(checkpoint.weights);
    const optimizerState = encodeTensors(checkpoint.optimizerState);
    writeTransaction(this.db, () => {
      cachedStatement(
        this.db,
        `INSERT OR REPLACE INTO checkpoints
           (run_id, step, wall_ms, weights, optimizer_state, rng_state, extra_state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        runId,
        checkpoint.step,
        checkpoint.wallMs,
        weights,
        optimizerState,
        JSON.stringify(checkpoint.rngState),
        extraState === null ? null : JSON.stringify(extraState),
        new Date().toISOString(),
      );
      this.pruneCheckpoints(runId, keep);
    });
  }

  /** Keep the newest `keep` (at least 1) checkpoints of a run; returns how many were removed. */
  pruneCheckpoints(runId: number, keep: number = CHECKPOINTS_KEPT): number {
    return writeTransaction(
      this.db,
      () =>
        cachedStatement(
          this.db,
          `DELETE FROM checkpoints WHERE run_id = ? AND step NOT IN
           (SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT ?)`,
        ).run(runId, runId, Math.max(1, Math.floor(keep))).changes,
    );
  }

  latestCheckpoint(runId: number): StoredCheckpoint | null {
    return guardStore(this.db, () => {
      const row = cachedStatement(
        this.db,
        'SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1',
      ).get(runId) as
        | {
            step: number;
            wall_ms: number;
            weights: Buffer;
            optimizer_state: Buffer;
            rng_state: string;
            extra_state: string | null;
          }
        | undefined;
      if (!row) return null;
      return {
        checkpoint: {
          step: row.step,
          wallMs: row.wall_ms,
          weights: decodeTensors(row.weights),
          optimizerState: decodeTensors(row.optimizer_state),
          rngState: JSON.parse(row.rng_state) as EngineCheckpoint['rngState'],
        },
        extraState: row.extra_state === null ? null : (JSON.parse(row.extra_state) as unknown),
      };
    });
  }

  checkpointSteps(runId: number): number[] {
    return guardStore(this.db, () =>
      (
        cachedStatement(this.db, 'SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step').all(
          runId,
        ) as Array<{ step: number }>
      ).map((r) => r.step),
    );
  }

  saveFinalWeights(runId: number, weights: Readonly<NamedTensors>): void {
    const blob = encodeTensors(weights);
    writeTransaction(this.db, () => {
      cachedStatement(
        this.db,
        'INSERT OR REPLACE INTO final_weights (run_id, weights) VALUES (?, ?)',
      ).run(runId, blob);
    });
  }

  finalWeights(runId: number): NamedTensors | null {
    return guardStore(this.db, () => {
      const row = cachedStatement(
        this.db,
        'SELECT weights FROM final_weights WHERE run_id = ?',
      ).get(runId) as { weights: Buffer } | undefined;
      return row ? decodeTensors(row.weights) : null;
    });
  }
}
