import type Database from 'better-sqlite3';
import { openSqlite } from './sqliteBinding';
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
import { MIGRATIONS, type Migration } from './schemaMigrations';
import { ProjectStoreError, describeSqliteError } from './storeErrors';

const SQLITE_HEADER = 'SQLite format 3\u0000';
/** How long a write waits for another process's lock before failing (busy retries, not instant failure). */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /**
   * Create the file (and its folder) when it does not exist, and turn an existing empty file
   * into a project. Without it only existing projects open.
   */
  readonly create?: boolean;
  /** Open for reading only: nothing is ever written, not even a migration. */
  readonly readonly?: boolean;
  /** Recorded in the projects row of a new file; defaults to "unknown". */
  readonly appVersion?: string;
  /** Lock wait; tests shorten it to exercise the `locked` error quickly. */
  readonly busyTimeoutMs?: number;
  /** Test hook: the migration list to apply instead of the app's own. */
  readonly migrations?: readonly Migration[];
}

interface FileInspection {
  readonly version: number;
  /**
   * Tables present in the file (a v0 file with tables is someone else's database); from a
   * header alone, schema entries of any kind (only whether it is 0 matters).
   */
  readonly tableCount: number;
}

/** The 100-byte database header and the 8-byte b-tree header of page 1 that follows it. */
function readHeader(path: string): Buffer {
  const header = Buffer.alloc(108);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 108, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

/**
 * Check an existing file without writing to it: is it SQLite, whole, and which schema version
 * does it carry? Everything here reads; the read-only probe connection never writes the file.
 */
function inspectExisting(path: string): FileInspection {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    throw new ProjectStoreError(
      'not-sqlite',
      `${path} is a folder, not a Coherence Lab project file`,
    );
  }
  if (!stat.isFile()) {
    throw new ProjectStoreError(
      'not-sqlite',
      `${path} is not a regular file (a device, pipe or socket), so not a Coherence Lab project file`,
    );
  }
  // SQLite treats an empty file as an empty database; nothing in it can be lost.
  if (stat.size === 0) return { version: 0, tableCount: 0 };
  const header = readHeader(path);
  if (stat.size < 100 || header.toString('latin1', 0, 16) !== SQLITE_HEADER) {
    throw new ProjectStoreError(
      'not-sqlite',
      `${path} is not a Coherence Lab project (not an SQLite database)`,
    );
  }
  // A cheap truncation check instead of a full quick_check (which reads every page and would
  // make opening a multi-GB project slow): the header records the page count, valid when the
  // change counter (offset 24) matches the version-valid-for number (offset 92). Skipped when
  // WAL content is pending: a checkpoint cut short may have written page 1 before the rest,
  // and the WAL still holds what is missing.
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  if (
    !hasPendingWal(path) &&
    header.readUInt32BE(24) === header.readUInt32BE(92) &&
    stat.size < pageSize * pageCount
  ) {
    throw new ProjectStoreError(
      'corrupt',
      `${path} is damaged (truncated: ${stat.size} bytes of ${pageSize * pageCount}); it was not modified`,
    );
  }
  if (isWalMode(header) && !hasSideFiles(path)) return inspectWalHeader(header);
  let probe: Database.Database | null = null;
  try {
    probe = openSqlite(path, { readonly: true, fileMustExist: true });
    probe.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = probe.pragma('user_version', { simple: true }) as number;
    const tableCount = (
      probe.prepare("SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as {
        n: number;
      }
    ).n;
    return { version, tableCount };
  } catch (error) {
    throw describeSqliteError(path, error);
  } finally {
    probe?.close();
  }
}

/** File format bytes 18/19 (write/read version) are 2 in WAL mode. */
function isWalMode(header: Buffer): boolean {
  return header[18] === 2 && header[19] === 2;
}

function hasSideFiles(path: string): boolean {
  return existsSync(`${path}-wal`) || existsSync(`${path}-shm`);
}

/**
 * Inspect a WAL-mode file with no -wal/-shm beside it from its first page alone. Opening such
 * a file with SQLite, even read-only, creates -wal and -shm next to it, and a read-only
 * connection cannot remove them again: refusing someone else's database would leave litter.
 * With no -wal file the main file holds every committed change, so its header is the truth:
 * user_version sits at offset 60, and page 1 (from offset 100) is the root of sqlite_schema —
 * a leaf page (type 0x0D) lists one cell per table, index, view or trigger; an interior page
 * (0x05) means more entries than fit on one page.
 */
function inspectWalHeader(header: Buffer): FileInspection {
  const version = header.readUInt32BE(60);
  const pageType = header[100];
  const tableCount = pageType === 0x0d ? header.readUInt16BE(103) : pageType === 0x05 ? 1 : 0;
  return { version, tableCount };
}

function hasPendingWal(path: string): boolean {
  const wal = `${path}-wal`;
  return existsSync(wal) && statSync(wal).size > 0;
}

/** A name for the pre-migration copy that never overwrites an earlier backup. */
function backupPath(path: string, version: number): string {
  let candidate = `${path}.v${version}.bak`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${path}.v${version}.${n}.bak`;
  return candidate;
}

/**
 * Copy the file before a migration touches it. A plain copy is exact when no WAL content is
 * pending; otherwise the committed state lives partly in `-wal`, and VACUUM INTO writes a
 * consistent snapshot of both (synchronously, unlike better-sqlite3's async backup()).
 */
function backupBeforeMigrating(path: string, version: number): string {
  const target = backupPath(path, version);
  if (!hasPendingWal(path)) {
    copyFileSync(path, target);
    return target;
  }
  const source = openSqlite(path, { readonly: true, fileMustExist: true });
  try {
    source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    source.prepare('VACUUM INTO ?').run(target);
  } finally {
    source.close();
  }
  return target;
}

/**
 * Open (or create) a project file: refuse files that are not SQLite, damaged, someone else's
 * database or from a newer schema without modifying them; back up an older schema before
 * migrating it; then WAL, foreign keys, synchronous=NORMAL and a busy timeout.
 */
export function openProjectDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const migrations = options.migrations ?? MIGRATIONS;
  const known = migrations.length;
  const busyTimeout = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  const exists = existsSync(path);
  if (!exists && (!options.create || options.readonly)) {
    throw new ProjectStoreError(
      'not-found',
      `${path} does not exist${options.readonly ? '' : ' (use create to start a new project)'}`,
    );
  }
  const { version, tableCount } = exists ? inspectExisting(path) : { version: 0, tableCount: 0 };
  if (version > known) {
    throw new ProjectStoreError(
      'newer-schema',
      `${path} was written by a newer Coherence Lab (schema ${version}; this version reads up to ${known}). Update the app to open it; the file was not modified.`,
    );
  }
  if (version === 0 && tableCount > 0) {
    throw new ProjectStoreError(
      'not-project',
      `${path} is an SQLite database but not a Coherence Lab project (it has tables and no project schema); it was not modified`,
    );
  }
  // An empty file or an empty SQLite database holds nothing to lose, but it becomes a project
  // only when asked to (New project, or a command that creates): opening is not creating.
  if (exists && version === 0 && !options.create) {
    throw new ProjectStoreError(
      'not-project',
      `${path} is empty, not a Coherence Lab project; create a project there explicitly (New project, or a command that creates one) to use it; it was not modified`,
    );
  }
  if (options.readonly) {
    if (version < known) {
      throw new ProjectStoreError(
        'readonly',
        `${path} uses an older project schema (${version}; this version needs ${known}) and was opened read-only; open it for writing once to upgrade it (a backup is kept)`,
      );
    }
    return openConnection(path, { readonly: true, fileMustExist: true }, busyTimeout);
  }
  if (exists && version > 0 && version < known) {
    try {
      backupBeforeMigrating(path, version);
    } catch (error) {
      throw new ProjectStoreError(
        'failed',
        `${path} needs upgrading but its backup copy could not be written, so it was not modified: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
  if (!exists) mkdirSync(dirname(path), { recursive: true });
  const db = openConnection(path, { fileMustExist: exists }, busyTimeout);
  try {
    migrate(db, migrations, options.appVersion ?? 'unknown', basename(path).replace(/\.clab$/, ''));
  } catch (error) {
    db.close();
    throw describeSqliteError(path, error);
  }
  return db;
}

function openConnection(
  path: string,
  options: Database.Options,
  busyTimeout: number,
): Database.Database {
  let db: Database.Database | null = null;
  try {
    db = openSqlite(path, options);
    // Busy first: the pragmas below may themselves need a lock another process holds.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeout))}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a power cut may lose the last commits but never corrupts the file.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db?.close();
    throw describeSqliteError(path, error);
  }
}

function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  appVersion: string,
  projectName: string,
): void {
  const readVersion = (): number => db.pragma('user_version', { simple: true }) as number;
  // One IMMEDIATE transaction per step, reading the version inside it: two processes opening
  // the same new file at once (two CLI runs) then migrate it once, one after the other, instead
  // of both starting from version 0 and the second failing on "table already exists". A
  // failure leaves the file at the last complete version.
  while (readVersion() < migrations.length) {
    db.transaction(() => {
      const from = readVersion();
      if (from >= migrations.length) return;
      migrations[from](db);
      if (from === 0) {
        db.prepare(
          'INSERT INTO projects (id, name, created_at, app_version) VALUES (1, ?, ?, ?)',
        ).run(projectName, new Date().toISOString(), appVersion);
      }
      db.pragma(`user_version = ${from + 1}`);
    }).immediate();
  }
}
