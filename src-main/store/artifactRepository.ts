import type Database from 'better-sqlite3';
import type { EngineCheckpoint, ProbeSet } from '../engine/train/engineRecords';
import { decodeTensors, encodeTensors, type NamedTensors } from './tensorBlob';

export interface ExampleRecord {
  readonly position: number;
  readonly sourceIndex: number;
  readonly originalLabel: number;
  readonly trainingLabel: number;
  readonly corrupt: boolean;
  readonly firstLearnedStep: number | null;
  readonly learnedSinceStep: number | null;
}

/** Checkpoints kept per run: the newest is used for resume, one more guards against a torn write. */
const CHECKPOINTS_KEPT = 2;

/** Probe sets, per-example records, checkpoints and final weights of runs. */
export class ArtifactRepository {
  constructor(private readonly db: Database.Database) {}

  saveProbeSets(runId: number, probes: readonly ProbeSet[]): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO probe_sets (run_id, probe, positions, source_indices, labels) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const p of probes) {
        insert.run(
          runId,
          p.name,
          JSON.stringify(p.positions),
          JSON.stringify(p.sourceIndices),
          JSON.stringify(p.labels),
        );
      }
    })();
  }

  probeSets(runId: number): ProbeSet[] {
    const rows = this.db
      .prepare('SELECT * FROM probe_sets WHERE run_id = ? ORDER BY probe')
      .all(runId) as Array<{
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
  }

  /** Per-example ground truth; existing learn times are kept when a resumed run re-sends it. */
  saveExamples(
    runId: number,
    examples: {
      sourceIndex: readonly number[];
      originalLabel: readonly number[];
      trainingLabel: readonly number[];
      corrupt: readonly number[];
    },
  ): void {
    const insert = this.db.prepare(
      `INSERT INTO examples (run_id, position, source_index, original_label, training_label, corrupt)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, position) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (let i = 0; i < examples.sourceIndex.length; i++) {
        insert.run(
          runId,
          i,
          examples.sourceIndex[i],
          examples.originalLabel[i],
          examples.trainingLabel[i],
          examples.corrupt[i],
        );
      }
    })();
  }

  /** Learn times per example position (−1 or null = never). */
  updateLearnTimes(
    runId: number,
    firstLearned: ArrayLike<number>,
    learnedSince: ArrayLike<number>,
  ): void {
    const update = this.db.prepare(
      'UPDATE examples SET first_learned_step = ?, learned_since_step = ? WHERE run_id = ? AND position = ?',
    );
    const orNull = (v: number): number | null => (v < 0 ? null : v);
    this.db.transaction(() => {
      for (let i = 0; i < firstLearned.length; i++)
        update.run(orNull(firstLearned[i]), orNull(learnedSince[i]), runId, i);
    })();
  }

  examples(
    runId: number,
    options: { corrupt?: boolean; order?: 'earliest' | 'never' | 'position'; limit?: number } = {},
  ): ExampleRecord[] {
    const where = ['run_id = ?'];
    const params: unknown[] = [runId];
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
    const limit = options.limit ? `LIMIT ${Math.floor(options.limit)}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM examples WHERE ${where.join(' AND ')} ORDER BY ${order} ${limit}`)
      .all(...params) as Array<{
      position: number;
      source_index: number;
      original_label: number;
      training_label: number;
      corrupt: number;
      first_learned_step: number | null;
      learned_since_step: number | null;
    }>;
    return rows.map((r) => ({
      position: r.position,
      sourceIndex: r.source_index,
      originalLabel: r.original_label,
      trainingLabel: r.training_label,
      corrupt: r.corrupt === 1,
      firstLearnedStep: r.first_learned_step,
      learnedSinceStep: r.learned_since_step,
    }));
  }

  hasLearnTimes(runId: number): boolean {
    return (
      this.db
        .prepare(
          'SELECT 1 FROM examples WHERE run_id = ? AND first_learned_step IS NOT NULL LIMIT 1',
        )
        .get(runId) !== undefined
    );
  }

  saveCheckpoint(runId: number, checkpoint: EngineCheckpoint, extraState: unknown = null): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO checkpoints (run_id, step, wall_ms, weights, optimizer_state, rng_state, extra_state, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          runId,
          checkpoint.step,
          checkpoint.wallMs,
          encodeTensors(checkpoint.weights as NamedTensors),
          encodeTensors(checkpoint.optimizerState as NamedTensors),
          JSON.stringify(checkpoint.rngState),
          extraState === null ? null : JSON.stringify(extraState),
          new Date().toISOString(),
        );
      this.db
        .prepare(
          `DELETE FROM checkpoints WHERE run_id = ? AND step NOT IN
           (SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT ${CHECKPOINTS_KEPT})`,
        )
        .run(runId, runId);
    })();
  }

  latestCheckpoint(runId: number): { checkpoint: EngineCheckpoint; extraState: unknown } | null {
    const row = this.db
      .prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1')
      .get(runId) as
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
  }

  checkpointSteps(runId: number): number[] {
    return (
      this.db
        .prepare('SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step')
        .all(runId) as Array<{ step: number }>
    ).map((r) => r.step);
  }

  saveFinalWeights(runId: number, weights: NamedTensors): void {
    this.db
      .prepare('INSERT OR REPLACE INTO final_weights (run_id, weights) VALUES (?, ?)')
      .run(runId, encodeTensors(weights));
  }

  finalWeights(runId: number): NamedTensors | null {
    const row = this.db.prepare('SELECT weights FROM final_weights WHERE run_id = ?').get(runId) as
      { weights: Buffer } | undefined;
    return row ? decodeTensors(row.weights) : null;
  }
}
