import type Database from 'better-sqlite3';
import { ArtifactRepository } from './artifactRepository';
import { DatasetRepository } from './datasetRepository';
import { openProjectDatabase } from './openProjectDatabase';
import { RunRepository } from './runRepository';
import { SCHEMA_VERSION } from './schemaMigrations';
import { SeriesRepository } from './seriesRepository';
import { describeSqliteError } from './storeErrors';

/** One open project file and its repositories. */
export class ProjectStore {
  readonly runs: RunRepository;
  readonly series: SeriesRepository;
  readonly artifacts: ArtifactRepository;
  readonly datasets: DatasetRepository;

  private constructor(
    readonly path: string,
    readonly db: Database.Database,
  ) {
    this.runs = new RunRepository(db);
    this.series = new SeriesRepository(db);
    this.artifacts = new ArtifactRepository(db);
    this.datasets = new DatasetRepository(db);
  }

  static open(path: string, options: { create?: boolean; appVersion: string }): ProjectStore {
    return new ProjectStore(path, openProjectDatabase(path, options));
  }

  get schemaVersion(): number {
    return SCHEMA_VERSION;
  }

  projectName(): string {
    return (
      (
        this.db.prepare('SELECT name FROM projects WHERE id = 1').get() as
          { name: string } | undefined
      )?.name ?? ''
    );
  }

  /** Run `work` in one transaction, translating SQLite failures into ProjectStoreErrors. */
  transaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      throw describeSqliteError(this.path, error);
    }
  }

  /** 'ok', or SQLite's list of problems. */
  integrityCheck(): string {
    const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join('; ');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
