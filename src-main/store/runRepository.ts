import type Database from 'better-sqlite3';
import { METRICS_DEFINITION_VERSION } from '../shared/metricDefinitions';
import { ENDED_RUN_STATUSES, type RunStatus } from '../shared/runStatus';
import { cachedStatement } from './statementCache';
import { ProjectStoreError, guardStore, writeTransaction } from './storeErrors';

export interface RunRow {
  readonly id: number;
  readonly name: string;
  readonly tags: string[];
  readonly notes: string;
  readonly groupId: number | null;
  readonly config: Record<string, unknown>;
  readonly seed: number;
  readonly status: RunStatus;
  readonly backend: string | null;
  readonly backendVersion: string | null;
  readonly appVersion: string;
  readonly paramCount: number | null;
  readonly totalSteps: number | null;
  readonly layerNames: string[];
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly pid: number | null;
  /** How to recognise the trainer behind `pid` (runs/trainerIdentity.ts); null when not running. */
  readonly trainerIdentity: string | null;
  /** Metric definitions its stored metrics follow (shared/metricDefinitions). */
  readonly metricsVersion: number;
  /** Training examples and evaluated test examples, once the trainer has started. */
  readonly trainCount: number | null;
  readonly testCount: number | null;
  /** The run whose final weights this run started from (config init.fromRun), if it still exists. */
  readonly parentRunId: number | null;
  /**
   * The run whose easy/hard examples this run trains on (config dataset.learnedSubset), if it
   * is in this project: null once deleted, or when the run was imported without it.
   */
  readonly learnedReferenceRunId: number | null;
  /** The latest_values of the run ("accuracy/test", "progress/done", …); null values left out. */
  readonly latest: Readonly<Record<string, number>>;
}

interface RawRunRow {
  id: number;
  name: string;
  tags: string;
  notes: string;
  group_id: number | null;
  config: string;
  seed: number;
  status: RunStatus;
  backend: string | null;
  backend_version: string | null;
  app_version: string;
  param_count: number | null;
  total_steps: number | null;
  layer_names: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  pid: number | null;
  trainer_identity: string | null;
  metrics_version: number;
  train_count: number | null;
  test_count: number | null;
  parent_run_id: number | null;
  learned_reference_run_id: number | null;
}

function toRunRow(raw: RawRunRow, latest: Record<string, number>): RunRow {
  return {
    id: raw.id,
    name: raw.name,
    tags: JSON.parse(raw.tags) as string[],
    notes: raw.notes,
    groupId: raw.group_id,
    config: JSON.parse(raw.config) as Record<string, unknown>,
    seed: raw.seed,
    status: raw.status,
    backend: raw.backend,
    backendVersion: raw.backend_version,
    appVersion: raw.app_version,
    paramCount: raw.param_count,
    totalSteps: raw.total_steps,
    layerNames: JSON.parse(raw.layer_names) as string[],
    createdAt: raw.created_at,
    startedAt: raw.started_at,
    finishedAt: raw.finished_at,
    error: raw.error,
    pid: raw.pid,
    trainerIdentity: raw.trainer_identity,
    metricsVersion: raw.metrics_version,
    trainCount: raw.train_count,
    testCount: raw.test_count,
    parentRunId: raw.parent_run_id,
    learnedReferenceRunId: raw.learned_reference_run_id,
    latest,
  };
}

/**
 * Which status changes are legal; anything else is a bug or a race and is refused. Beyond the
 * core lifecycle (queued → running → an end state; interrupted/cancelled → running on resume),
 * a queued run can be cancelled or fail to start, and a resumable run can be queued again.
 * Deleting is not a status: deleteRun removes the row and everything recorded for it.
 */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['completed', 'failed', 'cancelled', 'diverged', 'interrupted'],
  interrupted: ['queued', 'running'],
  cancelled: ['queued', 'running'],
  completed: [],
  failed: [],
  diverged: [],
};
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return from === to || RUN_TRANSITIONS[from].includes(to);
}

export interface NewRun {
  readonly name: string;
  readonly tags: readonly string[];
  readonly notes: string;
  /** Runs made together by one preset share a group id (see createGroup). */
  readonly groupId: number | null;
  readonly config: unknown;
  readonly seed: number;
  readonly appVersion: string;
  /** The run whose final weights this one starts from (config init.fromRun). */
  readonly parentRunId?: number | null;
  /** The run whose easy/hard examples this one trains on (config dataset.learnedSubset). */
  readonly learnedReferenceRunId?: number | null;
}

export type RunSortKey = 'id' | 'name' | 'createdAt' | 'status' | `latest:${string}`;

export interface RunListOptions {
  readonly status?: RunStatus;
  readonly tag?: string;
  readonly groupId?: number;
  /** Default id (creation order); `latest:<key>` sorts by a latest value, runs without it last. */
  readonly sortBy?: RunSortKey;
  readonly descending?: boolean;
}

const SORT_COLUMN: Record<'id' | 'name' | 'createdAt' | 'status', string> = {
  id: 'runs.id',
  name: 'runs.name COLLATE NOCASE',
  createdAt: 'runs.created_at',
  status: 'runs.status',
};

export interface RunStatusFields {
  readonly error?: string | null;
  /** The trainer's pid; setting it (also to null) sets trainerIdentity with it. */
  readonly pid?: number | null;
  readonly trainerIdentity?: string | null;
}

export class RunRepository {
  constructor(private readonly db: Database.Database) {}

  createGroup(name: string): number {
    return writeTransaction(this.db, () =>
      Number(
        cachedStatement(this.db, 'INSERT INTO run_groups (name, created_at) VALUES (?, ?)').run(
          name,
          new Date().toISOString(),
        ).lastInsertRowid,
      ),
    );
  }

  /** A new run, always `queued`, under the current metric definitions. */
  create(run: NewRun): number {
    return writeTransaction(this.db, () => {
      const result = cachedStatement(
        this.db,
        `INSERT INTO runs (name, tags, notes, group_id, config, seed, status, app_version, created_at, metrics_version,
           parent_run_id, learned_reference_run_id)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ${METRICS_DEFINITION_VERSION}, ?, ?)`,
      ).run(
        run.name,
        JSON.stringify(run.tags),
        run.notes,
        run.groupId,
        JSON.stringify(run.config),
        run.seed,
        run.appVersion,
        new Date().toISOString(),
        run.parentRunId ?? null,
        run.learnedReferenceRunId ?? null,
      );
      return Number(result.lastInsertRowid);
    });
  }

  /** Recreate a run from an export bundle, keeping its recorded status and metadata. */
  createImported(
    run: NewRun & {
      status: RunStatus;
      backend: string | null;
      backendVersion: string | null;
      paramCount: number | null;
      totalSteps: number | null;
      layerNames: readonly string[];
      createdAt: string;
      startedAt: string | null;
      finishedAt: string | null;
      error: string | null;
      /** The definitions its metrics were recorded under (1 for bundles that do not say). */
      metricsVersion: number;
      trainCount: number | null;
      testCount: number | null;
    },
  ): number {
    return writeTransaction(this.db, () => {
      const result = cachedStatement(
        this.db,
        `INSERT INTO runs (name, tags, notes, group_id, config, seed, status, backend, backend_version,
           app_version, param_count, total_steps, layer_names, created_at, started_at, finished_at, error,
           metrics_version, train_count, test_count, parent_run_id, learned_reference_run_id)
         VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        run.name,
        JSON.stringify(run.tags),
        run.notes,
        JSON.stringify(run.config),
        run.seed,
        run.status,
        run.backend,
        run.backendVersion,
        run.appVersion,
        run.paramCount,
        run.totalSteps,
        JSON.stringify(run.layerNames),
        run.createdAt,
        run.startedAt,
        run.finishedAt,
        run.error,
        run.metricsVersion,
        run.trainCount,
        run.testCount,
        run.parentRunId ?? null,
        run.learnedReferenceRunId ?? null,
      );
      return Number(result.lastInsertRowid);
    });
  }

  /**
   * Point an imported run at the runs its config refers to, once every run of its bundle has its
   * id here: the config with the references renumbered, and the links (null: not in this project).
   */
  relinkImported(
    id: number,
    links: {
      readonly config: unknown;
      readonly parentRunId: number | null;
      readonly learnedReferenceRunId: number | null;
    },
  ): void {
    writeTransaction(this.db, () => {
      cachedStatement(
        this.db,
        'UPDATE runs SET config = ?, parent_run_id = ?, learned_reference_run_id = ? WHERE id = ?',
      ).run(JSON.stringify(links.config), links.parentRunId, links.learnedReferenceRunId, id);
    });
  }

  get(id: number): RunRow | null {
    return guardStore(this.db, () => {
      const raw = cachedStatement(this.db, 'SELECT * FROM runs WHERE id = ?').get(id) as
        RawRunRow | undefined;
      return raw ? toRunRow(raw, this.latestOf([id]).get(id) ?? {}) : null;
    });
  }

  require(id: number): RunRow {
    const run = this.get(id);
    if (!run) throw new ProjectStoreError('not-found', `there is no run ${id} in this project`);
    return run;
  }

  /** Runs with their latest values (one query each, not one per run), filtered and sorted. */
  list(options: RunListOptions = {}): RunRow[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    let join = '';
    if (options.status) {
      where.push('runs.status = ?');
      params.push(options.status);
    }
    if (options.groupId !== undefined) {
      where.push('runs.group_id = ?');
      params.push(options.groupId);
    }
    if (options.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE value = ?)');
      params.push(options.tag);
    }
    const direction = options.descending ? 'DESC' : 'ASC';
    const sortBy = options.sortBy ?? 'id';
    let order: string;
    if (sortBy.startsWith('latest:')) {
      join = 'LEFT JOIN latest_values sort_lv ON sort_lv.run_id = runs.id AND sort_lv.key = ?';
      params.unshift(sortBy.slice('latest:'.length));
      order = `sort_lv.value IS NULL, sort_lv.value ${direction}, runs.id`;
    } else {
      const column = SORT_COLUMN[sortBy as keyof typeof SORT_COLUMN];
      if (!column) throw new ProjectStoreError('invalid-state', `cannot sort runs by "${sortBy}"`);
      order = `${column} ${direction}, runs.id`;
    }
    const sql = `SELECT runs.* FROM runs ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`;
    return guardStore(this.db, () => {
      // A read transaction: runs and their latest values come from one snapshot.
      return this.db.transaction(() => {
        const raws = cachedStatement(this.db, sql).all(...params) as RawRunRow[];
        const latest = this.latestOf(raws.length === this.count() ? null : raws.map((r) => r.id));
        return raws.map((raw) => toRunRow(raw, latest.get(raw.id) ?? {}));
      })();
    });
  }

  /** Latest values per run; `null` means all runs (one scan instead of an IN list). */
  private latestOf(runIds: readonly number[] | null): Map<number, Record<string, number>> {
    const out = new Map<number, Record<string, number>>();
    if (runIds !== null && runIds.length === 0) return out;
    const rows = (
      runIds === null
        ? cachedStatement(
            this.db,
            'SELECT run_id, key, value FROM latest_values WHERE value IS NOT NULL',
          ).all()
        : cachedStatement(
            this.db,
            `SELECT run_id, key, value FROM latest_values
             WHERE value IS NOT NULL AND run_id IN (SELECT value FROM json_each(?))`,
          ).all(JSON.stringify(runIds))
    ) as Array<{ run_id: number; key: string; value: number }>;
    for (const row of rows) {
      let entry = out.get(row.run_id);
      if (!entry) {
        entry = {};
        out.set(row.run_id, entry);
      }
      entry[row.key] = row.value;
    }
    return out;
  }

  count(): number {
    return guardStore(
      this.db,
      () => (cachedStatement(this.db, 'SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n,
    );
  }

  /**
   * Change a run's status, refusing transitions RUN_TRANSITIONS does not allow. Setting the same
   * status again is allowed (to update pid or error). started_at is set on the first start,
   * finished_at whenever the run stops and cleared when it runs again.
   */
  setStatus(id: number, status: RunStatus, fields: RunStatusFields = {}): void {
    writeTransaction(this.db, () => {
      const current = this.require(id).status;
      if (!canTransition(current, status)) {
        throw new ProjectStoreError(
          'invalid-state',
          `run ${id} is ${current}; it cannot become ${status}`,
        );
      }
      const now = new Date().toISOString();
      cachedStatement(
        this.db,
        `UPDATE runs SET status = ?,
           error = CASE WHEN ? THEN ? ELSE error END,
           pid = CASE WHEN ? THEN ? ELSE pid END,
           trainer_identity = CASE WHEN ? THEN ? ELSE trainer_identity END,
           started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? THEN ? ELSE NULL END
         WHERE id = ?`,
      ).run(
        status,
        fields.error !== undefined ? 1 : 0,
        fields.error ?? null,
        fields.pid !== undefined ? 1 : 0,
        fields.pid ?? null,
        fields.pid !== undefined ? 1 : 0,
        fields.trainerIdentity ?? null,
        status,
        now,
        ENDED_RUN_STATUSES.has(status) ? 1 : 0,
        now,
        id,
      );
    });
  }

  recordStart(
    id: number,
    info: {
      backend: string;
      backendVersion: string;
      paramCount: number;
      totalSteps: number;
      layerNames: readonly string[];
      trainCount: number;
      testCount: number;
      /**
       * The engine's metric definitions. Stored only when training starts from step 0: a run
       * resumed by a newer engine keeps the version its earlier points were recorded under.
       */
      metricsVersion: number;
      fromStart: boolean;
    },
  ): void {
    writeTransaction(this.db, () => {
      cachedStatement(
        this.db,
        `UPDATE runs SET backend = ?, backend_version = ?, param_count = ?, total_steps = ?,
           layer_names = ?, train_count = ?, test_count = ?,
           metrics_version = CASE WHEN ? THEN ? ELSE metrics_version END
         WHERE id = ?`,
      ).run(
        info.backend,
        info.backendVersion,
        info.paramCount,
        info.totalSteps,
        JSON.stringify(info.layerNames),
        info.trainCount,
        info.testCount,
        info.fromStart ? 1 : 0,
        info.metricsVersion,
        id,
      );
    });
  }

  /** Rename, retag or annotate a run; all given fields change together. */
  update(id: number, fields: { name?: string; tags?: readonly string[]; notes?: string }): void {
    writeTransaction(this.db, () => {
      this.require(id);
      if (fields.name !== undefined) {
        cachedStatement(this.db, 'UPDATE runs SET name = ? WHERE id = ?').run(fields.name, id);
      }
      if (fields.tags !== undefined) {
        cachedStatement(this.db, 'UPDATE runs SET tags = ? WHERE id = ?').run(
          JSON.stringify(fields.tags),
          id,
        );
      }
      if (fields.notes !== undefined) {
        cachedStatement(this.db, 'UPDATE runs SET notes = ? WHERE id = ?').run(fields.notes, id);
      }
    });
  }

  /** Delete a run; ON DELETE CASCADE removes its points, measurements, checkpoints, weights. */
  delete(id: number): void {
    writeTransaction(this.db, () => {
      this.require(id);
      cachedStatement(this.db, 'DELETE FROM runs WHERE id = ?').run(id);
    });
  }

  /**
   * Runs left `running` by a trainer that no longer exists become `interrupted` (resumable).
   * `isAlive` gets the recorded pid and trainer identity.
   */
  markStaleRunsInterrupted(
    isAlive: (pid: number, trainerIdentity: string | null) => boolean,
  ): number[] {
    return writeTransaction(this.db, () => {
      const running = cachedStatement(
        this.db,
        "SELECT id, pid, trainer_identity FROM runs WHERE status = 'running'",
      ).all() as Array<{ id: number; pid: number | null; trainer_identity: string | null }>;
      const stale = running.filter((r) => r.pid === null || !isAlive(r.pid, r.trainer_identity));
      for (const run of stale) {
        this.setStatus(run.id, 'interrupted', {
          pid: null,
          error: 'the training process ended without finishing (resumable)',
        });
      }
      return stale.map((r) => r.id);
    });
  }
}
