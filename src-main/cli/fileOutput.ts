import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** Write via a temp file in the same folder and rename, so a crash never leaves half a file. */
export function writeFileAtomically(path: string, contents: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temp, contents);
  renameSync(temp, path);
}
