import { randomBytes } from 'node:crypto';
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * What may be at an output path: nothing yet, or a regular file to replace. A device, FIFO or
 * socket would be replaced by a regular file by the rename (as root, `--out /dev/full` turned
 * the device into a file), a folder cannot be, and a symbolic link is refused rather than
 * followed, so a link planted at the target can neither redirect the write nor be replaced
 * silently: give the real path of the file instead.
 */
export function refuseNonRegularTarget(path: string): void {
  let info;
  try {
    info = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(
      `${path}: cannot check the output path (${describeCode(error)}); nothing was written`,
    );
  }
  if (info.isSymbolicLink()) {
    throw new Error(
      `${path} is a symbolic link; links are not followed for output, give the path of the file itself; nothing was written`,
    );
  }
  if (info.isDirectory()) {
    throw new Error(`${path} is a folder; give a file name inside it; nothing was written`);
  }
  if (!info.isFile()) {
    throw new Error(
      `${path} is not a regular file (a device, pipe or socket); choose a file path; nothing was written`,
    );
  }
}

function describeCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function describeWriteFailure(path: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `${path}: the folder ${dirname(path)} does not exist; nothing was written`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${path}: the disk is full; nothing was written`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `${path}: no permission to write there; nothing was written`;
    default:
      return `${path}: could not be written (${describeCode(error)}); nothing was written`;
  }
}

/**
 * Write via a temp file in the same folder and rename, so a crash never leaves half a file.
 * Only a missing path or a regular file is replaced (see refuseNonRegularTarget). The temp file
 * has an unpredictable name and is created exclusively (never through something already there),
 * and it is removed whatever fails.
 */
export function writeFileAtomically(path: string, contents: string): void {
  refuseNonRegularTarget(path);
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  const temp = join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
  try {
    writeFileSync(temp, contents, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new Error(describeWriteFailure(path, error), { cause: error });
  }
}
