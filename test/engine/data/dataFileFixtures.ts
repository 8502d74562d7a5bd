import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp folder per test file; `cleanup` removes it. */
export function makeTempDir(prefix: string): {
  dir: string;
  file: (name: string, bytes: Uint8Array | string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), `coherence-${prefix}-`));
  return {
    dir,
    file: (name, bytes) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** IDX bytes with the given magic type byte and dims (ubyte = 0x08), values as given. */
export function idxBytes(dims: readonly number[], values: Uint8Array, type = 0x08): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, values]);
}

/** Deterministic pseudo-random bytes for fixtures (no dependency on the engine's RNG). */
export function fixtureBytes(length: number, salt = 1): Uint8Array {
  const out = new Uint8Array(length);
  let s = salt;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}
