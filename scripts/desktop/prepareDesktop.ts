/**
 * `npm start` / `npm run dev` run this first (prestart, predev), and `npm run desktop:prepare`
 * alone: make sure the Electron binary is there (downloading it if not) and that better-sqlite3
 * is built for Electron's ABI next to the Node build. Both are reused once present.
 *   --force-sqlite   rebuild the Electron addon even when it is current
 */
import { join, resolve } from 'node:path';
import { ensureElectronBinary } from './electronBinary';
import { ensureElectronSqlite } from './electronSqlite';

const projectRoot = resolve(import.meta.dirname, '..', '..');
try {
  ensureElectronBinary(join(projectRoot, 'node_modules', 'electron'));
  await ensureElectronSqlite({
    projectRoot,
    platform: process.platform,
    arch: process.arch,
    force: process.argv.includes('--force-sqlite'),
  });
} catch (error) {
  process.stderr.write(
    `desktop:prepare: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
