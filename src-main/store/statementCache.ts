import type Database from 'better-sqlite3';

/**
 * Prepared statements per connection, keyed by their SQL. Preparing is cheap but not free, and
 * the recorder writes a batch every few hundred milliseconds for hours: preparing once per
 * connection keeps that path to bind-and-step. A WeakMap lets a closed connection's cache go.
 */
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function cachedStatement(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
