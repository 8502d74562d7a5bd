export type ProjectStoreErrorCode =
  | 'not-found'
  | 'not-sqlite'
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
  ) {
    super(message);
    this.name = 'ProjectStoreError';
  }
}

/** Translate SQLite failures into messages a researcher can act on. */
export function describeSqliteError(path: string, error: unknown): ProjectStoreError {
  if (error instanceof ProjectStoreError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ProjectStoreError(
      'locked',
      `${path} is locked by another process (waited, still busy): ${message}`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new ProjectStoreError(
      'readonly',
      `${path} cannot be written (read-only file or folder): ${message}`,
    );
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new ProjectStoreError(
      'disk-full',
      `${path}: the disk is full; nothing of this write was saved`,
    );
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new ProjectStoreError(
      'corrupt',
      `${path} is damaged or not a Coherence Lab project: ${message}`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) {
    return new ProjectStoreError(
      'not-found',
      `${path} cannot be opened or was removed while open: ${message}`,
    );
  }
  return new ProjectStoreError('failed', `${path}: ${message}`);
}
