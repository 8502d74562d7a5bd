/**
 * `npx tsx bench/reliabilityBench.ts [--kills N] [--fuzz N] [--downloads N]`: the CI
 * reliability checks at a larger size (defaults 100 trainer kills across one run, 20,000 API
 * fuzz cases, 500 aborted downloads). Prints one JSON object
 * `{ killsSurvived, fuzzCases, fuzzFailures, abortedDownloadsFdLeak }`; the last is the open
 * descriptors after the aborted downloads minus before (0 when none leak; Linux /proc). The
 * kill loop, the fuzz arbitraries and the download loop are the ones the tests use
 * (test/reliability/killLoop.ts, apiFuzz.ts, test/security/abortedDownloads.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runApiFuzz } from '../test/reliability/apiFuzz';
import { KILL_LOOP_CONFIG, runKillLoop } from '../test/reliability/killLoop';
import { abortedDownloadsFdLeak } from '../test/security/abortedDownloads';

export interface ReliabilityBenchOptions {
  readonly kills?: number;
  readonly fuzzCases?: number;
  readonly abortedDownloads?: number;
  readonly seed?: number;
}

export interface ReliabilityBenchResult {
  readonly killsSurvived: number;
  readonly fuzzCases: number;
  readonly fuzzFailures: number;
  /** Open descriptors after N aborted static downloads minus before; null without /proc. */
  readonly abortedDownloadsFdLeak: number | null;
}

export async function benchReliability(
  options: ReliabilityBenchOptions = {},
): Promise<ReliabilityBenchResult> {
  const kills = options.kills ?? 100;
  const fuzzCases = options.fuzzCases ?? 20_000;
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const dir = mkdtempSync(join(tmpdir(), 'clab-reliability-bench-'));
  const savedHome = process.env.COHERENCE_LAB_HOME;
  process.env.COHERENCE_LAB_HOME = dir;
  try {
    // More kills than steps would stack several on one step; a longer run spreads them out.
    const steps = Math.max(Number(KILL_LOOP_CONFIG.steps), kills * 2);
    const killLoop = await runKillLoop({
      dir: join(dir, 'kills'),
      kills,
      seed,
      config: { ...KILL_LOOP_CONFIG, steps },
    });
    for (const failure of killLoop.failures) process.stderr.write(`kill loop: ${failure}\n`);
    const fuzz = await runApiFuzz({ cases: fuzzCases, seed, dir: join(dir, 'fuzz') });
    for (const failure of fuzz.failures.slice(0, 20)) process.stderr.write(`fuzz: ${failure}\n`);
    const corrupt = Object.values(fuzz.integrity).filter((v) => v !== 'ok').length;
    const fdLeak =
      process.platform === 'linux'
        ? await abortedDownloadsFdLeak(options.abortedDownloads ?? 500)
        : null;
    return {
      killsSurvived: killLoop.matchesReference ? killLoop.killsSurvived : 0,
      fuzzCases: fuzz.cases,
      fuzzFailures: fuzz.failures.length + corrupt,
      abortedDownloadsFdLeak: fdLeak,
    };
  } finally {
    if (savedHome === undefined) delete process.env.COHERENCE_LAB_HOME;
    else process.env.COHERENCE_LAB_HOME = savedHome;
    rmSync(dir, { recursive: true, force: true });
  }
}

function numberArg(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchReliability({
    kills: numberArg('kills'),
    fuzzCases: numberArg('fuzz'),
    abortedDownloads: numberArg('downloads'),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
