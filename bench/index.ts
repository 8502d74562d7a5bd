/**
 * `npm run bench [-- --json]`: speed figures as ratios measured in one run on this machine.
 * Prints one JSON object; every section comes from a benchmark module of the room it measures.
 */
import { benchGradientSteps } from './gradientStepBench';
import { benchUi } from './uiBench';
import { benchStore } from './storeBench';

const sections: Record<string, () => Promise<unknown>> = {
  gradientSteps: async () => benchGradientSteps(),
  ui: async () => benchUi(),
  store: async () => benchStore(),
};

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const result: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(sections)) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    result[name] = await run();
  }
  // The engine benchmark's keys (backend, mlp, cnn) sit at the top level, as the issue asks.
  const { gradientSteps, ...rest } = result as { gradientSteps?: Record<string, unknown> };
  process.stdout.write(`${JSON.stringify({ ...(gradientSteps ?? {}), ...rest }, null, 2)}\n`);
}

await main();
