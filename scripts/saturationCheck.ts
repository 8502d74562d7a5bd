/**
 * `npx tsx scripts/saturationCheck.ts [--steps N] [--backend wasm|cpu]`: how exact the engine's probe m-coherence is
 * late in training, when fitted examples saturate the softmax. Trains the setting
 * in-process (300 MNIST examples, 784-128-64-10 MLP, SGD lr 0.5, batch 100, probe = all 300),
 * then recomputes the final probe m-coherence in float64 from the final weights (plain JS
 * arrays, exact logit gradient) and prints one JSON document: both values, their relative
 * error, and the logit margins of the probe examples (how saturated they are).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../src-main/engine/data/datasetLoader';
import { prepareData } from '../src-main/engine/data/prepareData';
import type { CoherenceMeasurement, EndRecord } from '../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../src-main/engine/runConfig';
import { runTraining } from '../src-main/engine/train/trainLoop';
import {
  float64Layer,
  float64PerExample,
  type Float64Layer,
} from '../test/engine/model/float64MlpReference';

const stepsArg = process.argv.indexOf('--steps');
const steps = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 3000;
const backendArg = process.argv.indexOf('--backend');
const backend = backendArg > 0 ? process.argv[backendArg + 1] : 'wasm';
const config = parseRunConfig({
  dataset: { name: 'mnist', trainSize: 300, testSize: 1000 },
  model: { kind: 'mlp', hidden: [128, 64], activation: 'relu', init: 'glorot' },
  optimizer: { kind: 'sgd', lr: 0.5 },
  batchSize: 100,
  steps,
  seed: 1,
  backend,
  coherence: { m: 300, batch: false },
  schedule: { every: steps },
});
const cacheDir = mkdtempSync(join(tmpdir(), 'clab-saturation-'));

let end: EndRecord | null = null;
const measurements: CoherenceMeasurement[] = [];
let probePositions: number[] = [];
await runTraining({
  config,
  dataContext: { cacheDir },
  onRecord: (record) => {
    if (record.kind === 'start')
      probePositions = record.probes.find((p) => p.name === 'train')?.positions ?? [];
    if (record.kind === 'coherence') measurements.push(...record.measurements);
    if (record.kind === 'end') end = record;
  },
});
const finished = end as EndRecord | null;
if (!finished?.finalWeights) throw new Error('the run ended without final weights');
const weights = finished.finalWeights;
const engineValue = measurements.filter((m) => m.probe === 'train').at(-1);
if (!engineValue) throw new Error('no train-probe measurement');

const layers: Float64Layer[] = ['dense1', 'dense2', 'dense3'].map((name) =>
  float64Layer(weights[`${name}/kernel`].values, weights[`${name}/bias`].values),
);
const data = prepareData(loadDataset('mnist', { cacheDir }), config);
const width = data.height * data.width * data.channels;
let q = 0;
const summed: Float64Array[] = [];
const margins: number[] = [];
for (const position of probePositions) {
  const label = data.trainingLabels[position];
  const example = float64PerExample(
    layers,
    'relu',
    data.trainX.subarray(position * width, (position + 1) * width),
    label,
  );
  example.gradients.forEach((g, v) => {
    summed[v] ??= new Float64Array(g.length);
    g.forEach((value, k) => (summed[v][k] += value));
  });
  q += example.sqNormPerLayer.reduce((a, b) => a + b, 0);
  const others = Array.from(example.logits).filter((_, k) => k !== label);
  margins.push(example.logits[label] - Math.max(...others));
}
const n = summed.reduce((s, g) => s + g.reduce((a, v) => a + v * v, 0), 0);
const float64Value = n / q;
margins.sort((a, b) => a - b);
const quantile = (p: number): number => margins[Math.floor(p * (margins.length - 1))];
process.stdout.write(
  `${JSON.stringify(
    {
      step: engineValue.step,
      m: engineValue.m,
      engine: engineValue.value,
      float64: float64Value,
      relativeError: Math.abs(engineValue.value - float64Value) / float64Value,
      logitMargin: { min: quantile(0), median: quantile(0.5), max: quantile(1) },
    },
    null,
    2,
  )}\n`,
);
