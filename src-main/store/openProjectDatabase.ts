import Database from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './schemaMigrations';
import { ProjectStoreError, describeSqliteError } from './storeErrors';

const SQLITE_HEADER = 'SQLite format 3\u0000';
/** How long a write waits for another process's lock before failing (busy retries, not instant failure). */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Create the file (and its folder) when it does not exist. */
  readonly create?: boolean;
  readonly appVersion: string;
}

/** Check an existing file without writing to it: is it SQLite, and can this app read its schema? */
function inspectExisting(path: string): number {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    throw new ProjectStoreError(
      'not-sqlite',
      `${path} is a folder, not a Coherence Lab project file`,
    );
  }
  if (stat.size === 0) return 0;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (stat.size < 100 || header.toString('latin1') !== SQLITE_HEADER) {
    throw new ProjectStoreError(
      'not-sqlite',
      `${path} is not a Coherence Lab project (not an SQLite database)`,
    );
  }
  let probe: Database.Database | null = null;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true });
    const version = probe.pragma('user_version', { simple: true }) as number;
    const check = probe.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') {
      throw new ProjectStoreError(
        'corrupt',
        `${path} is damaged (SQLite quick_check: ${check}); it was not modified`,
      );
    }
    return version;
  } catch (error) {
    throw describeSqliteError(path, error);
  } finally {
    probe?.close();
  }
}

/**
 * Open (or create) a project file: refuse files that are not SQLite, damaged or from a newer
 * schema without modifying them; back up an older schema before migrating it; then WAL,
 * foreign keys and a busy timeout.
 */
export function openProjectDatabase(path: string, options: OpenOptions): Database.Database {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    throw new ProjectStoreError(
      'not-found',
      `${path} does not exist (use create to start a new project)`,
    );
  }
  const version = exists ? inspectExisting(path) : 0;
  if (version > SCHEMA_VERSION) {
    throw new ProjectStoreError(
      'newer-schema',
      `${path} was written by a newer Coherence Lab (schema ${version}; this version reads up to ${SCHEMA_VERSION}). Update the app to open it; the file was not modified.`,
    );
  }
  if (exists && version > 0 && version < SCHEMA_VERSION) {
    copyFileSync(path, `${path}.v${version}.bak`);
  }
  if (!exists) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    throw describeSqliteError(path, error);
  }
  try {
    migrate(db, options.appVersion, basename(path).replace(/\.clab$/, ''));
  } catch (error) {
    db.close();
    throw describeSqliteError(path, error);
  }
  return db;
}

function migrate(db: Database.Database, appVersion: string, projectName: string): void {
  let version = db.pragma('user_version', { simple: true }) as number;
  while (version < SCHEMA_VERSION) {
    const from = version;
    db.transaction(() => {
      MIGRATIONS[from](db);
      if (from === 0) {
        db.prepare(
          'INSERT INTO projects (id, name, created_at, app_version) VALUES (1, ?, ?, ?)',
        ).run(projectName, new Date().toISOString(), appVersion);
      }
      db.pragma(`user_version = ${from + 1}`);
    })();
    version = from + 1;
  }
}
