import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CoherenceMeasurement,
  MetricPoint,
} from '../../src-main/engine/records/engineRecords';
import { ProjectStore } from '../../src-main/store/projectStore';

/** A fresh project file path in its own temp folder. */
export function tempProjectPath(name = 'test.clab'): string {
  return join(mkdtempSync(join(tmpdir(), 'clab-store-')), name);
}

export function openTempStore(path = tempProjectPath()): ProjectStore {
  return ProjectStore.open(path, { create: true, appVersion: 'test' });
}

export function createTestRun(
  store: ProjectStore,
  name = 'run',
  extra: { tags?: string[]; groupId?: number | null } = {},
): number {
  return store.runs.create({
    name,
    tags: extra.tags ?? ['t'],
    notes: '',
    groupId: extra.groupId ?? null,
    config: { seed: 1, steps: 10 },
    seed: 1,
    appVersion: 'test',
  });
}

/** A point whose x positions are distinct functions of the step, so each axis is checkable. */
export function point(
  step: number,
  value: number,
  series: MetricPoint['series'] = 'loss',
  subset: MetricPoint['subset'] = 'train',
): MetricPoint {
  return {
    series,
    subset,
    step,
    epoch: step / 10,
    examplesSeen: step * 100,
    wallMs: step * 5,
    value,
  };
}

export function measurement(
  step: number,
  value: number,
  probe: CoherenceMeasurement['probe'] = 'train',
): CoherenceMeasurement {
  return {
    probe,
    step,
    epoch: step / 10,
    examplesSeen: step * 100,
    wallMs: step * 5,
    m: 10,
    value,
    alphaHat: (value - 1) / 9,
    layers: { dense1: { N: value * 2, Q: 2 }, dense2: { N: value, Q: 1 } },
  };
}
