import type Database from 'better-sqlite3';
import { existsSync, lstatSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ProjectStoreError, describeSqliteError } from './storeErrors';

export interface ProjectCopyOptions {
  /** Replace an existing project file at the target (a save dialog already asked). */
  readonly overwrite?: boolean;
}

/**
 * Write a consistent copy of an open project (File → Save a copy as…). VACUUM INTO reads one
 * snapshot, including commits still in the WAL, into a temporary file beside the target, which
 * is then renamed over it: the target is either the old file or the whole copy, never half of
 * one. Only a regular `.clab` file is ever replaced; the open project itself never is.
 */
export function writeProjectCopy(
  db: Database.Database,
  sourcePath: string,
  targetPath: string,
  options: ProjectCopyOptions = {},
): string {
  const target = resolve(targetPath);
  if (!target.endsWith('.clab')) {
    throw new ProjectStoreError('invalid-state', `${target}: a project copy must end in .clab`);
  }
  if (target === resolve(sourcePath)) {
    throw new ProjectStoreError(
      'invalid-state',
      `${target} is the open project itself; choose another file for the copy`,
    );
  }
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ProjectStoreError('not-found', `${folder} is not an existing folder`);
  }
  if (existsSync(target) || isDanglingLink(target)) {
    const stat = lstatSync(target);
    if (!stat.isFile()) {
      throw new ProjectStoreError(
        'invalid-state',
        `${target} exists and is not a regular file (a folder, link, device or pipe); nothing was written`,
      );
    }
    if (!options.overwrite) {
      throw new ProjectStoreError(
        'invalid-state',
        `${target} already exists; nothing was written (confirm replacing it to overwrite)`,
      );
    }
  }
  const temp = join(folder, `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw describeSqliteError(target, error);
  }
  return target;
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
