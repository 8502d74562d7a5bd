import type Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type ProjectStoreErrorCode =
  | 'not-found'
  | 'not-sqlite'
  | 'not-project'
  | 'newer-schema'
  | 'locked'
  | 'readonly'
  | 'disk-full'
  | 'corrupt'
  | 'invalid-state'
  | 'failed';

/** Errors about a project file, each naming the file and what happened. */
export class ProjectStoreError extends Error {
  constructor(
    readonly code: ProjectStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProjectStoreError';
  }
}

/** Translate SQLite failures into messages a researcher can act on. */
export function describeSqliteError(path: string, error: unknown): ProjectStoreError {
  if (error instanceof ProjectStoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const sqliteCode = typeof code === 'string' ? code : '';
  const message = error instanceof Error ? error.message : String(error);
  const cause = { cause: error };
  if (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED')) {
    return new ProjectStoreError(
      'locked',
      `${path} is locked by another process (waited, still busy); nothing of this write was saved: ${message}`,
      cause,
    );
  }
  if (sqliteCode === 'SQLITE_READONLY_DBMOVED') {
    return new ProjectStoreError(
      'not-found',
      `${path} was deleted or moved while open; nothing of this write was saved: ${message}`,
      cause,
    );
  }
  if (sqliteCode.startsWith('SQLITE_READONLY')) {
    return new ProjectStoreError(
      'readonly',
      `${path} cannot be written (opened read-only, or a read-only file or folder): ${message}`,
      cause,
    );
  }
  if (sqliteCode.startsWith('SQLITE_FULL')) {
    return new ProjectStoreError(
      'disk-full',
      `${path}: the disk is full; nothing of this write was saved`,
      cause,
    );
  }
  if (sqliteCode.startsWith('SQLITE_NOTADB') || sqliteCode.startsWith('SQLITE_CORRUPT')) {
    return new ProjectStoreError(
      'corrupt',
      `${path} is damaged or not a Coherence Lab project: ${message}`,
      cause,
    );
  }
  if (sqliteCode.startsWith('SQLITE_CANTOPEN') || sqliteCode.startsWith('SQLITE_IOERR')) {
    // SQLite says "unable to open database file" both for a missing file and for an existing
    // WAL project it cannot write (its -shm/-wal cannot be created): tell the two apart.
    const unwritable = unwritableReason(path);
    if (unwritable) {
      return new ProjectStoreError(
        'readonly',
        `${path} cannot be opened for writing: ${unwritable}. Copy it to a writable folder to work on it: ${message}`,
        cause,
      );
    }
    return new ProjectStoreError(
      'not-found',
      `${path} cannot be opened or was removed while open: ${message}`,
      cause,
    );
  }
  return new ProjectStoreError('failed', `${path}: ${message}`, cause);
}

/** Why an existing project file cannot be written (read-only file system, file or folder), or null. */
function unwritableReason(path: string): string | null {
  if (!path || !existsSync(path)) return null;
  for (const [target, what] of [
    [path, 'the file is read-only'],
    [dirname(path), 'its folder is read-only'],
  ] as const) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EROFS') return 'it is on a read-only file system';
      if (code === 'EACCES' || code === 'EPERM') return what;
    }
  }
  return null;
}

function isSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * Run `work` against a connection, turning SQLite failures into a ProjectStoreError that names
 * the file (better-sqlite3 keeps the path in `db.name`). Other errors (a caller's bug, a
 * ProjectStoreError from a check) pass through unchanged so their stack stays useful.
 */
export function guardStore<T>(db: Database.Database, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw isSqliteError(error) ? describeSqliteError(db.name, error) : error;
  }
}

/**
 * `work` in one transaction (a savepoint when nested): all of it is written or none of it, and
 * another connection never sees a half-written batch.
 */
export function writeTransaction<T>(db: Database.Database, work: () => T): T {
  if (!db.inTransaction) assertFileInPlace(db);
  // IMMEDIATE takes the write lock up front, where the busy timeout applies. A deferred
  // transaction that reads first and then upgrades to a write fails at once with SQLITE_BUSY
  // while another process writes (SQLite cannot wait there without risking deadlock), so a
  // lock held for a moment would fail writes instead of delaying them. Nested calls are
  // savepoints either way.
  return guardStore(db, () => db.transaction(work).immediate());
}

/** The file identity (device, inode) each writing connection first wrote to. */
const fileIdentities = new WeakMap<Database.Database, string>();

/**
 * Refuse to write when the project file was deleted or replaced while open. In WAL mode SQLite
 * keeps writing into the unlinked inode without complaint, and everything written after the
 * deletion vanishes when the connection closes; failing loudly keeps the researcher from
 * believing results were saved. Costs one stat() per outermost write transaction.
 */
function assertFileInPlace(db: Database.Database): void {
  if (db.memory || db.readonly || db.name === '') return;
  let identity: string;
  try {
    const stat = statSync(db.name);
    identity = `${stat.dev}:${stat.ino}`;
  } catch {
    identity = 'missing';
  }
  const known = fileIdentities.get(db);
  if (known === undefined && identity !== 'missing') {
    fileIdentities.set(db, identity);
    return;
  }
  if (identity !== known) {
    throw new ProjectStoreError(
      'not-found',
      `${db.name} was deleted or replaced while open; nothing of this write was saved. Restore the file (or reopen the project) to continue`,
    );
  }
}
