/**
 * `npm run bench [-- --json]`: speed figures as ratios measured in one run on this machine.
 * Prints one JSON object; every section comes from a benchmark module of the room it measures.
 */
import { benchAggregators } from './aggregatorBench';
import { benchGradientSteps, type GradientStepBenchResult } from './gradientStepBench';
import { benchTorchPeer } from './torchPeerBench';
import { benchWasmThreads } from './wasmThreadsBench';
import { benchUi } from './uiBench';
import { benchReliability } from './reliabilityBench';
import { benchStore } from './storeBench';
import { benchWebGpu } from './webgpuBench';
import { benchSweeps } from './sweepBench';

// A section sees the results of the sections before it (the PyTorch peer divides by ours).
const sections: Record<string, (before: Record<string, unknown>) => Promise<unknown>> = {
  gradientSteps: async () => benchGradientSteps(),
  peer: async (before) =>
    benchTorchPeer(
      (before.gradientSteps as GradientStepBenchResult | undefined) ?? (await benchGradientSteps()),
    ),
  wasmThreads: async (before) =>
    benchWasmThreads(
      (before.gradientSteps as GradientStepBenchResult | undefined) ?? (await benchGradientSteps()),
    ),
  ui: async () => benchUi(),
  store: async () => benchStore(),
  aggregators: async () => benchAggregators(),
  reliability: async () => benchReliability(),
  webgpu: async () => benchWebGpu(),
  sweep: async () => benchSweeps(),
};

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const result: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(sections)) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    result[name] = await run(result);
  }
  // The engine and aggregator figures (backend, mlp, cnn, mlpWide; winsorized, rm3) sit at the
  // top level, as the issues ask; the other sections keep their names (peer, store, ui, webgpu, …).
  const { gradientSteps, aggregators, ...rest } = result as Record<
    string,
    Record<string, unknown> | undefined
  >;
  process.stdout.write(
    `${JSON.stringify({ ...(gradientSteps ?? {}), ...(aggregators ?? {}), ...rest }, null, 2)}\n`,
  );
}

await main();
