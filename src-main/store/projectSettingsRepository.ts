import type Database from 'better-sqlite3';
import { cachedStatement } from './statementCache';
import { guardStore, writeTransaction } from './storeErrors';

/**
 * Settings a project keeps for its views (the compare dashboard's layout): JSON values under
 * fixed keys. The store keeps text; the caller validates what it reads back (a project file
 * may come from an older version or have been edited), so a bad value is never trusted.
 */
export class ProjectSettingsRepository {
  constructor(private readonly db: Database.Database) {}

  /** The stored value parsed from JSON, or undefined when the key was never saved or is not JSON. */
  get(key: string): unknown {
    return guardStore(this.db, () => {
      const row = cachedStatement(this.db, 'SELECT value FROM project_settings WHERE key = ?').get(
        key,
      ) as { value: string } | undefined;
      if (!row) return undefined;
      try {
        return JSON.parse(row.value) as unknown;
      } catch {
        return undefined;
      }
    });
  }

  /** Replace the value of `key` (one statement in its own write transaction). */
  set(key: string, value: unknown): void {
    writeTransaction(this.db, () => {
      cachedStatement(
        this.db,
        `INSERT INTO project_settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(key, JSON.stringify(value), new Date().toISOString());
    });
  }
}
