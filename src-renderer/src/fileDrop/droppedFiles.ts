import { describeJsonError } from '../../../src-main/shared/contentExcerpt';

/** What a file dropped on the window is taken for, by its name. */
export type DroppedFileKind = 'project' | 'bundle' | 'other';

export function droppedFileKind(fileName: string): DroppedFileKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.clab')) return 'project';
  if (lower.endsWith('.json')) return 'bundle';
  return 'other';
}

/** The runs a dropped bundle holds, to name them before importing; the back end validates the rest. */
export type BundleRuns = { ok: true; names: string[] } | { ok: false; reason: string };

/**
 * The run names of an exported bundle (`runs.exportJson`, `coherence-lab export --format
 * json`), or why the text is not one. Only the outline is read here — the import itself checks
 * every field — and a reason never repeats more of the file than a 16-byte excerpt.
 */
export function bundleRunNames(text: string): BundleRuns {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `it is ${describeJsonError(error, text)}` };
  }
  const bundle = parsed as { format?: unknown; runs?: unknown } | null;
  if (!bundle || typeof bundle !== 'object' || bundle.format !== 'coherence-lab-runs') {
    return { ok: false, reason: 'it is JSON, but not a bundle of runs exported by Coherence Lab' };
  }
  if (!Array.isArray(bundle.runs) || bundle.runs.length === 0) {
    return { ok: false, reason: 'the bundle holds no runs' };
  }
  const names = bundle.runs.map((run: unknown, i: number) => {
    const name = (run as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name.trim() ? name : `run ${i + 1} (unnamed)`;
  });
  return { ok: true, names };
}
