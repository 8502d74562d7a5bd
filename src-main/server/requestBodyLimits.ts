import type { ApiMethod } from '../api/contract';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Largest request body each API method accepts. Most inputs are a few ids and flags; the
 * limits leave room for the contract's own maxima in UTF-8 (20,000-character notes, 50
 * overrides of 1,000 characters, four 4,096-character paths) and nothing more, so a client
 * cannot make the server buffer megabytes for a call that needs kilobytes.
 */
const DEFAULT_BODY_LIMIT = 16 * KiB;
const BODY_LIMITS: Partial<Record<ApiMethod, number>> = {
  'runs.create': 256 * KiB,
  'runs.createFromPreset': 256 * KiB,
  'runs.update': 128 * KiB,
  'config.validate': 64 * KiB,
  'config.estimate': 64 * KiB,
  'datasets.import': 64 * KiB,
  // Exported bundles carry every point and the final weights: large, so spooled to disk.
  'runs.importJson': 256 * MiB,
};

/** Methods whose bodies are spooled to a temp file instead of memory. */
const SPOOLED: ReadonlySet<ApiMethod> = new Set(['runs.importJson']);

/** Large uploads received at once; more are refused (503) rather than queued in memory. */
export const MAX_CONCURRENT_LARGE_BODIES = 2;

export function bodyLimitFor(method: ApiMethod): number {
  return BODY_LIMITS[method] ?? DEFAULT_BODY_LIMIT;
}

export function isSpooledMethod(method: ApiMethod): boolean {
  return SPOOLED.has(method);
}

/**
 * A fixed number of slots for large uploads. `tryAcquire` never waits: a caller that gets no
 * slot answers 503 at once, so stalled uploads cannot pile up connections behind them.
 */
export class UploadSlots {
  private inUse = 0;

  constructor(private readonly capacity: number) {}

  /** A release function, or null when every slot is taken. Releasing twice is harmless. */
  tryAcquire(): (() => void) | null {
    if (this.inUse >= this.capacity) return null;
    this.inUse++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse--;
    };
  }
}
