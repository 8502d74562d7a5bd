/**
 * The gradient-step figures of gradientStepBench on the WebGPU backend, measured in a child
 * process (one backend per process, the adapter Dawn finds in its environment). On a machine
 * without a GPU adapter but with Debian chromium's SwiftShader, the section is measured there
 * instead and marked as a software adapter: that is the correctness path CI exercises, slow by
 * design, not a speed claim. Without either, the section says why it was skipped.
 * Run standalone: `npx tsx bench/webgpuBench.ts` prints the JSON.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describeWebGpuAdapter, formatAdapter } from '../src-main/engine/webgpuAdapter';
import { benchGradientSteps, type BenchOptions, type StepTimings } from './gradientStepBench';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * A software adapter runs ~0.4 GFLOP/s and compiles every shader slowly: fewer, smaller steps
 * keep the section to a minute or two on a quiet 2-core machine (the JSON says which).
 */
const SOFTWARE_SETTINGS: Required<Omit<BenchOptions, 'backend'>> = {
  batch: 16,
  reps: 2,
  warmup: 1,
  naiveExamples: 2,
};

export type WebGpuBenchResult =
  | {
      readonly adapter: string;
      readonly software: boolean;
      readonly note?: string;
      readonly batch: number;
      readonly reps: number;
      readonly mlp: StepTimings;
      readonly cnn: StepTimings;
    }
  | { readonly skipped: string };

/** In this process: bench the adapter Dawn finds here, or say why there is none. */
async function benchHere(): Promise<WebGpuBenchResult> {
  const report = await describeWebGpuAdapter();
  if (!report.available) return { skipped: report.reason };
  const software = report.adapter.software;
  const options: BenchOptions = software ? SOFTWARE_SETTINGS : {};
  const result = await benchGradientSteps({ ...options, backend: 'webgpu' });
  return {
    adapter: formatAdapter(report.adapter),
    software,
    ...(software
      ? {
          note: `software adapter: a correctness path, not a speed claim; ${SOFTWARE_SETTINGS.reps} reps after ${SOFTWARE_SETTINGS.warmup} warm-up, naive loop on ${SOFTWARE_SETTINGS.naiveExamples} examples`,
        }
      : {}),
    batch: result.batch,
    reps: options.reps ?? 10,
    mlp: result.mlp,
    cnn: result.cnn,
  };
}

const run = promisify(execFile);

async function benchInChild(env: NodeJS.ProcessEnv): Promise<WebGpuBenchResult> {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', self], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  // The result is the last stdout line (tfjs and Dawn talk on stderr, but be safe).
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as WebGpuBenchResult;
}

export async function benchWebGpu(): Promise<WebGpuBenchResult> {
  const here = await benchInChild(process.env);
  if (!('skipped' in here) || !existsSync(SWIFTSHADER_ICD) || process.env.VK_ICD_FILENAMES)
    return here;
  const swiftShader = await benchInChild({
    ...process.env,
    VK_ICD_FILENAMES: SWIFTSHADER_ICD,
    XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? mkdtempSync(path.join(tmpdir(), 'clab-xdg-')),
  });
  return 'skipped' in swiftShader
    ? { skipped: `${here.skipped}; SwiftShader: ${swiftShader.skipped}` }
    : swiftShader;
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  process.stdout.write(`${JSON.stringify(await benchHere())}\n`);
}
