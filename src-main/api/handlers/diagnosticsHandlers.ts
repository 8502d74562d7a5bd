import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { diagnoseBackends } from '../../engine/backendDiagnostics';
import { defaultProjectPath } from '../../store/projectPaths';
import { openSqlite, sqliteNativeBinding } from '../../store/sqliteBinding';
import type { ApiContext } from '../apiContext';
import type { DiagnosticsReport } from '../contract';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The SQLite library of the loaded addon (an in-memory database: no file is touched). */
function sqliteLibraryVersion(): string {
  const db = openSqlite(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

export interface DiagnosticsScope {
  readonly appVersion: string;
  readonly cacheDir: string;
  readonly trainingProcesses: number;
  readonly project: DiagnosticsReport['project'];
}

/**
 * Everything a user needs to see why training runs where it runs, in one document: versions,
 * every training backend with why it is or is not used, threads, SQLite and paths. The
 * backends are probed in the back end's own runtime, which its trainer processes share.
 */
export async function collectDiagnostics(scope: DiagnosticsScope): Promise<DiagnosticsReport> {
  const binding = sqliteNativeBinding();
  return {
    appVersion: scope.appVersion,
    runtime: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      v8: process.versions.v8,
      platform: process.platform,
      arch: process.arch,
    },
    backends: await diagnoseBackends(),
    threads: { cpus: availableParallelism(), trainingProcesses: scope.trainingProcesses },
    sqlite: {
      version: sqliteLibraryVersion(),
      betterSqlite3: packageVersion('better-sqlite3'),
      addon: binding ?? "better-sqlite3's own build (Node's ABI)",
    },
    project: scope.project,
    paths: { dataDir: dirname(defaultProjectPath()), datasetCache: scope.cacheDir },
  };
}

/** The `diagnostics` method: the report for the open project. */
export function readDiagnostics(ctx: ApiContext): Promise<DiagnosticsReport> {
  return collectDiagnostics({
    appVersion: ctx.appVersion,
    cacheDir: ctx.cacheDir,
    trainingProcesses: ctx.runs.concurrency,
    project: {
      path: ctx.store.path,
      schemaVersion: ctx.store.schemaVersion,
      runCount: ctx.store.runs.count(),
      problem: null,
    },
  });
}
