import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFileError, fileLabel, formatBytes } from './dataFileError';

/** Upper bound on the bytes one dataset file may occupy in memory (raw or after gunzip). */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface ReadDataFileOptions {
  /** Largest raw or decompressed size accepted; protects against gzip bombs and wrong files. */
  readonly maxBytes?: number;
}

/** The gzip magic; any file starting with it is decompressed, whatever its name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Read a dataset file fully, transparently gunzipping it. Sniffing the magic instead of trusting
 * the `.gz` suffix accepts renamed files and still rejects a mislabelled one with a clear error.
 */
export function readDataFile(path: string, options: ReadDataFileOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const name = fileLabel(path);
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new DataFileError(name, 'expected a file, found a directory');
    size = stat.size;
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError(name, code === 'ENOENT' ? `file not found (${path})` : String(error));
  }
  if (size > maxBytes) {
    throw new DataFileError(
      name,
      `file is ${formatBytes(size)}, more than the limit of ${formatBytes(maxBytes)}`,
    );
  }
  const raw = readFileSync(path);
  return isGzip(raw) ? gunzipLimited(raw, name, maxBytes) : raw;
}

/** gunzip with an output cap, translating zlib's terse codes into messages naming the file. */
export function gunzipLimited(bytes: Uint8Array, name: string, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DataFileError(
        name,
        `gzip data decompresses to more than the limit of ${formatBytes(maxBytes)}`,
      );
    }
    const reason = code === 'Z_BUF_ERROR' ? 'unexpected end of file' : (error as Error).message;
    throw new DataFileError(name, `gzip data is truncated or corrupt (${reason})`);
  }
}
