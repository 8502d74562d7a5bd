import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectStore } from '../../src-main/store/projectStore';

/** A fresh project file in its own temp folder. */
export function tempProjectPath(name = 'test.clab'): string {
  return join(mkdtempSync(join(tmpdir(), 'clab-store-')), name);
}

export function openTempStore(path = tempProjectPath()): ProjectStore {
  return ProjectStore.open(path, { create: true, appVersion: 'test' });
}

export function createTestRun(store: ProjectStore, name = 'run'): number {
  return store.runs.create({
    name,
    tags: ['t'],
    notes: '',
    groupId: null,
    config: { seed: 1, steps: 10 },
    seed: 1,
    appVersion: 'test',
  });
}
