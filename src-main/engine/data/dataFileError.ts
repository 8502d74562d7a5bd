import { basename } from 'node:path';

/**
 * A problem with the contents of a dataset file. The message always starts with the file name
 * (and the byte offset or row where it applies) so a person importing data can find and fix
 * the exact spot without a debugger.
 */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'DataFileError';
  }
}

/** Errors name the file by its base name: full paths are long and the user knows the folder. */
export function fileLabel(path: string): string {
  return basename(path);
}

/** Byte counts in messages: exact, with thousands separators so 47040016 vs 47040000 is readable. */
export function formatBytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}
