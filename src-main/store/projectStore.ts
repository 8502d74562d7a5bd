import type Database from 'better-sqlite3';
import { ArtifactRepository } from './artifactRepository';
import { ClassCrossRepository } from './classCrossRepository';
import { DatasetRepository } from './datasetRepository';
import { openProjectDatabase, type OpenOptions } from './openProjectDatabase';
import { ProjectSettingsRepository } from './projectSettingsRepository';
import { writeProjectCopy, type ProjectCopyOptions } from './projectCopy';
import { RunRepository } from './runRepository';
import { SCHEMA_VERSION } from './schemaMigrations';
import { SeriesRepository } from './seriesRepository';
import { SweepRepository } from './sweepRepository';
import { guardStore, writeTransaction } from './storeErrors';

export interface ProjectInfo {
  readonly name: string;
  readonly createdAt: string;
  /** The app version that created the file. */
  readonly appVersion: string;
}

/** One open project file and its repositories. */
export class ProjectStore {
  readonly runs: RunRepository;
  readonly series: SeriesRepository;
  readonly artifacts: ArtifactRepository;
  readonly datasets: DatasetRepository;
  readonly settings: ProjectSettingsRepository;
  readonly sweeps: SweepRepository;
  readonly classCross: ClassCrossRepository;

  private constructor(
    readonly path: string,
    /**
     * The connection, for the store's own modules: elsewhere in src-main ESLint refuses
     * `store.db` (add a store method instead). Tests and benchmarks use it to inspect the file.
     */
    readonly db: Database.Database,
  ) {
    this.runs = new RunRepository(db);
    this.series = new SeriesRepository(db);
    this.artifacts = new ArtifactRepository(db);
    this.datasets = new DatasetRepository(db);
    this.settings = new ProjectSettingsRepository(db);
    this.sweeps = new SweepRepository(db);
    this.classCross = new ClassCrossRepository(db);
  }

  /** See openProjectDatabase for what is refused, backed up and migrated. */
  static open(path: string, options: OpenOptions = {}): ProjectStore {
    return new ProjectStore(path, openProjectDatabase(path, options));
  }

  get schemaVersion(): number {
    return SCHEMA_VERSION;
  }

  get readonly(): boolean {
    return this.db.readonly;
  }

  info(): ProjectInfo {
    return guardStore(this.db, () => {
      const row = this.db
        .prepare('SELECT name, created_at, app_version FROM projects WHERE id = 1')
        .get() as { name: string; created_at: string; app_version: string } | undefined;
      return {
        name: row?.name ?? '',
        createdAt: row?.created_at ?? '',
        appVersion: row?.app_version ?? '',
      };
    });
  }

  projectName(): string {
    return this.info().name;
  }

  /** A consistent copy of this project at `target` (see writeProjectCopy); its resolved path. */
  saveCopy(target: string, options: ProjectCopyOptions = {}): string {
    return writeProjectCopy(this.db, this.path, target, options);
  }

  /**
   * Run `work` in one transaction (repository calls inside become savepoints), translating
   * SQLite failures into ProjectStoreErrors. After a rollback the cached series codes may name
   * keys that were undone, so they are looked up again.
   */
  transaction<T>(work: () => T): T {
    try {
      return writeTransaction(this.db, work);
    } catch (error) {
      this.series.forgetCachedKeys();
      throw error;
    }
  }

  /** 'ok', or SQLite's list of problems joined with "; " (reads every page: can take a while). */
  integrityCheck(): string {
    return guardStore(this.db, () => {
      const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      return rows.map((r) => r.integrity_check).join('; ');
    });
  }

  /**
   * Leave the file as one self-contained file: WAL content checkpointed into it and the
   * rollback journal from now on, so the -wal and -shm files go away on close. A finished sweep
   * shard is read from another machine over a network file system, where WAL's shared memory
   * does not work. The next read-write open switches back to WAL. Call as the only connection.
   */
  useRollbackJournal(): void {
    guardStore(this.db, () => {
      this.db.pragma('journal_mode = DELETE');
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Open (or with `create`, start) a project file; the entry point for the run manager and CLI. */
export function openProject(path: string, options: OpenOptions = {}): ProjectStore {
  return ProjectStore.open(path, options);
}
