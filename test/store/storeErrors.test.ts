import { describe, expect, it } from 'vitest';
import { describeSqliteError, ProjectStoreError } from '../../src-main/store/storeErrors';

const sqliteError = (code: string): Error => Object.assign(new Error(`${code} happened`), { code });

describe('store errors', () => {
  it('maps SQLite failures to codes with messages naming the file', () => {
    const cases: Array<[string, string]> = [
      ['SQLITE_BUSY', 'locked'],
      ['SQLITE_BUSY_SNAPSHOT', 'locked'],
      ['SQLITE_READONLY', 'readonly'],
      ['SQLITE_READONLY_DBMOVED', 'not-found'], // the file was deleted or moved while open
      ['SQLITE_FULL', 'disk-full'],
      ['SQLITE_CORRUPT', 'corrupt'],
      ['SQLITE_NOTADB', 'corrupt'],
      ['SQLITE_IOERR_WRITE', 'not-found'],
      ['SQLITE_CONSTRAINT', 'failed'],
    ];
    for (const [code, expected] of cases) {
      const error = describeSqliteError('/p/x.clab', sqliteError(code));
      expect(error, code).toBeInstanceOf(ProjectStoreError);
      expect(error.code, code).toBe(expected);
      expect(error.message).toContain('/p/x.clab');
    }
    expect(describeSqliteError('/p/x.clab', sqliteError('SQLITE_FULL')).message).toBe(
      '/p/x.clab: the disk is full; nothing of this write was saved',
    );
    const original = new ProjectStoreError('not-sqlite', 'kept');
    expect(describeSqliteError('/p', original)).toBe(original);
  });
});
