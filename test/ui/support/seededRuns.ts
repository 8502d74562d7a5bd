/**
 * Completed runs written straight through the store (no trainer): smooth synthetic curves for
 * every quantity the compare dashboard draws, for the UI benchmark and the dashboard's e2e test.
 */
import type { CoherenceMeasurement } from '../../../src-main/engine/records/engineRecords';
import { runConfigSchema } from '../../../src-main/engine/runConfig';
import type { StoredPoint } from '../../../src-main/store/seriesRepository';
import { ProjectStore } from '../../../src-main/store/projectStore';

export interface SeedOptions {
  readonly runs: number;
  readonly points: number;
  /** Also write train/test/pristine/corrupt accuracy, train/test loss and batch m-coherence. */
  readonly metrics: boolean;
  /** The runs' label noise (their config differs in the learning rate either way). */
  readonly labelNoise?: number;
}

/** Steps between stored points. */
export const SEED_STEP = 10;

export function seedRuns(path: string, options: SeedOptions): number[] {
  const store = ProjectStore.open(path, { create: true, appVersion: 'seed' });
  const runIds: number[] = [];
  try {
    for (let r = 0; r < options.runs; r++) {
      const config = runConfigSchema.parse({
        steps: options.points * SEED_STEP,
        optimizer: { lr: 0.01 * (r + 1) },
        labelNoise: options.labelNoise ?? 0,
      });
      const runId = store.runs.create({
        name: `seeded-${r}`,
        tags: ['seeded'],
        notes: '',
        groupId: null,
        config,
        seed: r,
        appVersion: 'seed',
      });
      const coherence: CoherenceMeasurement[] = [];
      const points: StoredPoint[] = [];
      for (let i = 0; i < options.points; i++) {
        const step = i * SEED_STEP;
        const at = { step, epoch: step / 100, examplesSeen: step * 100, wallMs: step * 25 };
        const value = 1 + 20 * Math.exp(-step / (2000 + 300 * r)) + 0.3 * Math.sin(i * 0.7 + r);
        coherence.push({
          ...at,
          probe: 'train',
          m: 1000,
          value,
          alphaHat: (value - 1) / 999,
          layers: { dense1: { N: value * 0.8, Q: 0.8 }, dense2: { N: value * 0.2, Q: 0.2 } },
        });
        if (!options.metrics) continue;
        const learned = 1 - Math.exp(-step / (1500 + 200 * r));
        const wiggle = 0.01 * Math.sin(i * 0.3 + r);
        points.push(
          { ...at, series: 'accuracy', subset: 'test', value: 0.1 + 0.8 * learned + wiggle },
          { ...at, series: 'accuracy', subset: 'train', value: 0.1 + 0.85 * learned + wiggle },
          { ...at, series: 'accuracy', subset: 'pristine', value: 0.1 + 0.88 * learned },
          { ...at, series: 'accuracy', subset: 'corrupt', value: 0.1 + 0.5 * learned ** 3 },
          { ...at, series: 'loss', subset: 'train', value: 2.3 * (1 - learned) + 0.05 + wiggle },
          { ...at, series: 'loss', subset: 'test', value: 2.3 * (1 - learned) + 0.2 + wiggle },
          { ...at, series: 'batchCoherence', subset: 'batch', value: 1 + 5 * (1 - learned) },
        );
      }
      const last = (options.points - 1) * SEED_STEP;
      store.series.append(runId, {
        coherence,
        points,
        latest: [{ key: 'coherence/train', step: last, value: coherence.at(-1)?.value ?? 0 }],
      });
      store.runs.setStatus(runId, 'running');
      store.runs.setStatus(runId, 'completed');
      runIds.push(runId);
    }
  } finally {
    store.close();
  }
  return runIds;
}
