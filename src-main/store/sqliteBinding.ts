import Database from 'better-sqlite3';

/**
 * Which compiled better-sqlite3 addon this process loads. The CLI, the tests and the headless
 * trainer use the package's own build (Node's ABI). The desktop app runs on Electron's ABI and
 * points at a copy rebuilt for it (`.cache/electron-native/…` in a checkout, `resources/native`
 * when packaged) through better-sqlite3's `nativeBinding` option, so switching between
 * `npm test` and `npm start` never needs a rebuild.
 */
let nativeBinding: string | undefined;

/** Environment variable through which the desktop app hands the addon path to its trainers. */
export const SQLITE_BINDING_ENV = 'COHERENCE_LAB_SQLITE_BINDING';

/** Use the addon at `path` for every connection opened from now on (undefined: the default). */
export function useSqliteNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export function sqliteNativeBinding(): string | undefined {
  return nativeBinding;
}

/** Every connection of the app is opened here, so the addon choice applies to all of them. */
export function openSqlite(path: string, options: Database.Options = {}): Database.Database {
  return new Database(path, nativeBinding === undefined ? options : { ...options, nativeBinding });
}
