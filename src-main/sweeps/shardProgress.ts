import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { runStatusSchema } from '../shared/runStatus';
import type { RunProgress } from '../shared/runProgress';
import { writeFileAtomically } from './atomicFile';

/**
 * Where a running task stands, as a small JSON file next to its shard (`shards/00003.clab` →
 * `shards/00003.progress.json`), written by the worker (temp file + rename) on every status
 * change and at most four times a second while it trains. `sweep status` reads these files instead
 * of opening shards that a worker on another node is writing: SQLite's WAL mode shares memory
 * between its connections and does not work across machines on a network file system.
 */
export const shardProgressSchema = z.strictObject({
  format: z.literal(1),
  sweepId: z.string(),
  taskIndex: z.number().int().min(0),
  status: runStatusSchema,
  done: z.number().int().min(0).nullable(),
  total: z.number().int().min(0).nullable(),
  rate: z.number().nullable(),
  etaSec: z.number().nullable(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  host: z.string(),
  updatedAt: z.string(),
});

export type ShardProgress = z.infer<typeof shardProgressSchema>;

export function shardProgressPath(shardPath: string): string {
  return shardPath.replace(/\.clab$/, '') + '.progress.json';
}

export function writeShardProgress(shardPath: string, progress: ShardProgress): void {
  writeFileAtomically(shardProgressPath(shardPath), `${JSON.stringify(progress)}\n`);
}

/** The worker's last report; null when there is none yet (not started). */
export type ShardProgressRead =
  | null
  | { readonly ok: true; readonly report: ShardProgress }
  | { readonly ok: false; readonly reason: string };

export function readShardProgress(shardPath: string): ShardProgressRead {
  const file = shardProgressPath(shardPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { ok: false, reason: `${file}: ${(error as Error).message}` };
  }
  try {
    const parsed = shardProgressSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { ok: true, report: parsed.data };
    return { ok: false, reason: `${file} is not a progress report` };
  } catch (error) {
    return { ok: false, reason: `${file}: ${(error as Error).message}` };
  }
}

/** The progress shape of a report (null until the trainer reported one). */
export function progressOf(report: ShardProgress): RunProgress | null {
  if (report.total === null) return null;
  return {
    done: report.done ?? 0,
    total: report.total,
    rate: report.rate ?? 0,
    etaSec: report.etaSec,
  };
}
