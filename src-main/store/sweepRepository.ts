import type Database from 'better-sqlite3';
import { cachedStatement } from './statementCache';
import { ProjectStoreError, guardStore, writeTransaction } from './storeErrors';

export type SweepExecutorName = 'local' | 'slurm';

/** A sweep as the project keeps it: the definition verbatim, and how it was run (once it was). */
export interface StoredSweep {
  readonly id: string;
  readonly name: string;
  /** The sweep definition as given (validated by src-main/sweeps before it was stored). */
  readonly definition: unknown;
  /** null until `sweeps.run`: the executor is chosen once, at the first run. */
  readonly executor: SweepExecutorName | null;
  readonly executorOptions: unknown;
  /** The Slurm work folder (task files, shards, logs); null for a local sweep. */
  readonly workDir: string | null;
  readonly createdAt: string;
}

/** Which task and cell of which sweep a run is. Runs that differ only in seed share a cell. */
export interface SweepRunLink {
  readonly runId: number;
  readonly sweepId: string;
  readonly taskIndex: number;
  readonly cellIndex: number;
  /** The cell's axis values (and `variant`), as JSON. */
  readonly cellKey: Record<string, unknown>;
  readonly seed: number;
}

interface RawSweep {
  id: string;
  name: string;
  definition: string;
  executor: SweepExecutorName | null;
  executor_options: string | null;
  work_dir: string | null;
  created_at: string;
}

interface RawLink {
  run_id: number;
  sweep_id: string;
  task_index: number;
  cell_index: number;
  cell_key: string;
  seed: number;
}

const toSweep = (raw: RawSweep): StoredSweep => ({
  id: raw.id,
  name: raw.name,
  definition: JSON.parse(raw.definition) as unknown,
  executor: raw.executor,
  executorOptions:
    raw.executor_options === null ? null : (JSON.parse(raw.executor_options) as unknown),
  workDir: raw.work_dir,
  createdAt: raw.created_at,
});

const toLink = (raw: RawLink): SweepRunLink => ({
  runId: raw.run_id,
  sweepId: raw.sweep_id,
  taskIndex: raw.task_index,
  cellIndex: raw.cell_index,
  cellKey: JSON.parse(raw.cell_key) as Record<string, unknown>,
  seed: raw.seed,
});

/** Sweeps and the links of their runs (one row per run: sweep, task, cell, seed). */
export class SweepRepository {
  constructor(private readonly db: Database.Database) {}

  create(sweep: { id: string; name: string; definition: unknown; createdAt?: string }): void {
    writeTransaction(this.db, () => {
      if (this.get(sweep.id)) {
        throw new ProjectStoreError(
          'invalid-state',
          `this project already has a sweep ${sweep.id}`,
        );
      }
      cachedStatement(
        this.db,
        'INSERT INTO sweeps (id, name, definition, created_at) VALUES (?, ?, ?, ?)',
      ).run(
        sweep.id,
        sweep.name,
        JSON.stringify(sweep.definition),
        sweep.createdAt ?? new Date().toISOString(),
      );
    });
  }

  get(id: string): StoredSweep | null {
    return guardStore(this.db, () => {
      const raw = cachedStatement(this.db, 'SELECT * FROM sweeps WHERE id = ?').get(id) as
        RawSweep | undefined;
      return raw ? toSweep(raw) : null;
    });
  }

  require(id: string): StoredSweep {
    const sweep = this.get(id);
    if (!sweep) throw new ProjectStoreError('not-found', `there is no sweep ${id} in this project`);
    return sweep;
  }

  /** Every sweep, oldest first. */
  list(): StoredSweep[] {
    return guardStore(this.db, () =>
      (
        cachedStatement(this.db, 'SELECT * FROM sweeps ORDER BY created_at, id').all() as RawSweep[]
      ).map(toSweep),
    );
  }

  /** Record how the sweep runs; set once, by its first `sweeps.run`. */
  setExecutor(
    id: string,
    executor: SweepExecutorName,
    options: unknown,
    workDir: string | null,
  ): void {
    writeTransaction(this.db, () => {
      this.require(id);
      cachedStatement(
        this.db,
        'UPDATE sweeps SET executor = ?, executor_options = ?, work_dir = ? WHERE id = ?',
      ).run(executor, JSON.stringify(options ?? null), workDir, id);
    });
  }

  /** Tag a run as task `taskIndex` of a sweep; a task has at most one run in a project. */
  link(link: SweepRunLink): void {
    writeTransaction(this.db, () => {
      const existing = this.runOfTask(link.sweepId, link.taskIndex);
      if (existing !== null && existing !== link.runId) {
        throw new ProjectStoreError(
          'invalid-state',
          `task ${link.taskIndex} of sweep ${link.sweepId} is already run ${existing} in this project`,
        );
      }
      cachedStatement(
        this.db,
        `INSERT OR REPLACE INTO sweep_runs (run_id, sweep_id, task_index, cell_index, cell_key, seed)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        link.runId,
        link.sweepId,
        link.taskIndex,
        link.cellIndex,
        JSON.stringify(link.cellKey),
        link.seed,
      );
    });
  }

  /** The run stops being part of its sweep (it stays in the project). */
  unlink(runId: number): void {
    writeTransaction(this.db, () => {
      cachedStatement(this.db, 'DELETE FROM sweep_runs WHERE run_id = ?').run(runId);
    });
  }

  /** Links of one sweep in task order, or of every sweep. */
  links(sweepId?: string): SweepRunLink[] {
    return guardStore(this.db, () => {
      const raws =
        sweepId === undefined
          ? (cachedStatement(
              this.db,
              'SELECT * FROM sweep_runs ORDER BY sweep_id, task_index',
            ).all() as RawLink[])
          : (cachedStatement(
              this.db,
              'SELECT * FROM sweep_runs WHERE sweep_id = ? ORDER BY task_index',
            ).all(sweepId) as RawLink[]);
      return raws.map(toLink);
    });
  }

  linkOf(runId: number): SweepRunLink | null {
    return guardStore(this.db, () => {
      const raw = cachedStatement(this.db, 'SELECT * FROM sweep_runs WHERE run_id = ?').get(
        runId,
      ) as RawLink | undefined;
      return raw ? toLink(raw) : null;
    });
  }

  runOfTask(sweepId: string, taskIndex: number): number | null {
    return guardStore(this.db, () => {
      const row = cachedStatement(
        this.db,
        'SELECT run_id FROM sweep_runs WHERE sweep_id = ? AND task_index = ?',
      ).get(sweepId, taskIndex) as { run_id: number } | undefined;
      return row?.run_id ?? null;
    });
  }
}
