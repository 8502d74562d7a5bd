import type Database from 'better-sqlite3';
import { ProjectStoreError } from './storeErrors';

export type StoredRunStatus =
  'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'diverged' | 'interrupted';

export interface RunRow {
  readonly id: number;
  readonly name: string;
  readonly tags: string[];
  readonly notes: string;
  readonly groupId: number | null;
  readonly config: Record<string, unknown>;
  readonly seed: number;
  readonly status: StoredRunStatus;
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
}

interface RawRunRow {
  id: number;
  name: string;
  tags: string;
  notes: string;
  group_id: number | null;
  config: string;
  seed: number;
  status: StoredRunStatus;
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
}

function toRunRow(raw: RawRunRow): RunRow {
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
  };
}

/** Which status changes are legal; anything else is a bug or a race and is refused. */
const TRANSITIONS: Record<StoredRunStatus, readonly StoredRunStatus[]> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['completed', 'failed', 'cancelled', 'diverged', 'interrupted'],
  interrupted: ['queued', 'running'],
  cancelled: ['queued', 'running'],
  completed: [],
  failed: [],
  diverged: [],
};
const TERMINAL: ReadonlySet<StoredRunStatus> = new Set([
  'completed',
  'failed',
  'cancelled',
  'diverged',
  'interrupted',
]);

export interface NewRun {
  readonly name: string;
  readonly tags: readonly string[];
  readonly notes: string;
  readonly groupId: number | null;
  readonly config: unknown;
  readonly seed: number;
  readonly appVersion: string;
}

export class RunRepository {
  constructor(private readonly db: Database.Database) {}

  createGroup(name: string): number {
    return Number(
      this.db
        .prepare('INSERT INTO run_groups (name, created_at) VALUES (?, ?)')
        .run(name, new Date().toISOString()).lastInsertRowid,
    );
  }

  create(run: NewRun): number {
    const result = this.db
      .prepare(
        `INSERT INTO runs (name, tags, notes, group_id, config, seed, status, app_version, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      )
      .run(
        run.name,
        JSON.stringify(run.tags),
        run.notes,
        run.groupId,
        JSON.stringify(run.config),
        run.seed,
        run.appVersion,
        new Date().toISOString(),
      );
    return Number(result.lastInsertRowid);
  }

  /** Recreate a run from an export bundle, keeping its recorded status and metadata. */
  createImported(
    run: NewRun & {
      status: StoredRunStatus;
      backend: string | null;
      backendVersion: string | null;
      paramCount: number | null;
      totalSteps: number | null;
      layerNames: readonly string[];
      createdAt: string;
      startedAt: string | null;
      finishedAt: string | null;
      error: string | null;
    },
  ): number {
    const result = this.db
      .prepare(
        `INSERT INTO runs (name, tags, notes, group_id, config, seed, status, backend, backend_version, app_version,
           param_count, total_steps, layer_names, created_at, started_at, finished_at, error)
         VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
      );
    return Number(result.lastInsertRowid);
  }

  get(id: number): RunRow | null {
    const raw = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RawRunRow | undefined;
    return raw ? toRunRow(raw) : null;
  }

  require(id: number): RunRow {
    const run = this.get(id);
    if (!run) throw new ProjectStoreError('not-found', `there is no run ${id} in this project`);
    return run;
  }

  list(filter: { status?: StoredRunStatus; tag?: string; groupId?: number } = {}): RunRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.groupId !== undefined) {
      where.push('group_id = ?');
      params.push(filter.groupId);
    }
    if (filter.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE value = ?)');
      params.push(filter.tag);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (this.db.prepare(sql).all(...params) as RawRunRow[]).map(toRunRow);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
  }

  setStatus(
    id: number,
    status: StoredRunStatus,
    fields: { error?: string | null; pid?: number | null } = {},
  ): void {
    this.db.transaction(() => {
      const current = this.require(id).status;
      if (current !== status && !TRANSITIONS[current].includes(status)) {
        throw new ProjectStoreError(
          'invalid-state',
          `run ${id} is ${current}; it cannot become ${status}`,
        );
      }
      const now = new Date().toISOString();
      this.db
        .prepare(
          `UPDATE runs SET status = ?,
             error = CASE WHEN ? THEN ? ELSE error END,
             pid = CASE WHEN ? THEN ? ELSE pid END,
             started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
             finished_at = CASE WHEN ? THEN ? ELSE NULL END
           WHERE id = ?`,
        )
        .run(
          status,
          fields.error !== undefined ? 1 : 0,
          fields.error ?? null,
          fields.pid !== undefined ? 1 : 0,
          fields.pid ?? null,
          status,
          now,
          TERMINAL.has(status) ? 1 : 0,
          now,
          id,
        );
    })();
  }

  recordStart(
    id: number,
    info: {
      backend: string;
      backendVersion: string;
      paramCount: number;
      totalSteps: number;
      layerNames: readonly string[];
    },
  ): void {
    this.db
      .prepare(
        'UPDATE runs SET backend = ?, backend_version = ?, param_count = ?, total_steps = ?, layer_names = ? WHERE id = ?',
      )
      .run(
        info.backend,
        info.backendVersion,
        info.paramCount,
        info.totalSteps,
        JSON.stringify(info.layerNames),
        id,
      );
  }

  update(id: number, fields: { name?: string; tags?: readonly string[]; notes?: string }): void {
    this.require(id);
    this.db.transaction(() => {
      if (fields.name !== undefined)
        this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(fields.name, id);
      if (fields.tags !== undefined)
        this.db
          .prepare('UPDATE runs SET tags = ? WHERE id = ?')
          .run(JSON.stringify(fields.tags), id);
      if (fields.notes !== undefined)
        this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(fields.notes, id);
    })();
  }

  delete(id: number): void {
    this.require(id);
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
  }

  /** Runs left `running` by a process that no longer exists become `interrupted` (resumable). */
  markStaleRunsInterrupted(isAlive: (pid: number) => boolean): number[] {
    const stale = (
      this.db.prepare("SELECT id, pid FROM runs WHERE status = 'running'").all() as Array<{
        id: number;
        pid: number | null;
      }>
    ).filter((r) => r.pid === null || !isAlive(r.pid));
    for (const run of stale) {
      this.setStatus(run.id, 'interrupted', {
        pid: null,
        error: 'the training process ended without finishing (resumable)',
      });
    }
    return stale.map((r) => r.id);
  }
}
