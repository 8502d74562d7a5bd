/**
 * The API methods the compare dashboard and the new-run form use, through the real LabApi on
 * real project files: the dashboard layout kept per project (and what a stored value that no
 * longer parses reads back as), the config schema, validation issues with help, and the layer
 * shapes of a run's detail.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import type { DashboardLayout } from '../../src-main/api/contract';
import { DASHBOARD_SETTING } from '../../src-main/api/handlers/dashboardHandlers';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { runConfigSchema } from '../../src-main/engine/runConfig';
import { ProjectStore } from '../../src-main/store/projectStore';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/schemaMigrations';

const LAYOUT: DashboardLayout = {
  panels: [
    { id: 'p1', quantity: 'accuracy/test', logY: false },
    { id: 'p2', quantity: 'coherence/train+pristine+corrupt', logY: true },
  ],
  xAxis: 'examplesSeen',
  logX: true,
  smoothing: 0.3,
};

async function rejection(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('dashboard layout, config schema and run detail through the API', () => {
  let dir: string;
  let api: LabApi;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clab-api-'));
    api = await createLabApi({ projectPath: join(dir, 'a.clab') });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the dashboard layout in the project, per project, across reopening', async () => {
    expect(await api.call('dashboard.get', {})).toEqual({ layout: null });
    await api.call('dashboard.save', { layout: LAYOUT });
    expect(await api.call('dashboard.get', {})).toEqual({ layout: LAYOUT });
    const changed = { ...LAYOUT, panels: LAYOUT.panels.slice(1), xAxis: 'step' as const };
    await api.call('dashboard.save', { layout: changed });
    expect((await api.call('dashboard.get', {})).layout).toEqual(changed);

    // Another project has its own (none yet); coming back finds the first one's again.
    await api.call('project.open', { path: join(dir, 'b.clab'), create: true });
    expect(await api.call('dashboard.get', {})).toEqual({ layout: null });
    await api.call('project.open', { path: join(dir, 'a.clab') });
    expect((await api.call('dashboard.get', {})).layout).toEqual(changed);
  });

  it('refuses a malformed layout naming the field, and reads a stored one that does not parse as none', async () => {
    const duplicate = await rejection(
      api.call('dashboard.save', {
        layout: { ...LAYOUT, panels: [LAYOUT.panels[0], LAYOUT.panels[0]] },
      }),
    );
    expect(duplicate.body.code).toBe('invalid-input');
    expect(duplicate.message).toContain('panel ids must be unique');
    const badAxis = await rejection(
      api.call('dashboard.save', { layout: { ...LAYOUT, xAxis: 'time' as 'step' } }),
    );
    expect(badAxis.body.issues?.[0].path).toBe('layout.xAxis');
    const badId = await rejection(
      api.call('dashboard.save', {
        layout: { ...LAYOUT, panels: [{ id: 'P 1', quantity: 'x', logY: false }] },
      }),
    );
    expect(badId.body.issues?.[0].path).toBe('layout.panels.0.id');

    const path = join(dir, 'edited.clab');
    const store = ProjectStore.open(path, { create: true, appVersion: 'test' });
    store.settings.set(DASHBOARD_SETTING, { panels: 'everything', xAxis: 'step' });
    store.close();
    await api.call('project.open', { path });
    expect(await api.call('dashboard.get', {})).toEqual({ layout: null });
    await api.call('project.open', { path: join(dir, 'a.clab') });
  });

  // Project settings are schema v7 (v6 is the sweeps tables' number); the step applies from the
  // previous version and from v5, the last one every branch shares.
  it.each([5, 6])('migrates a schema-v%i project to one that keeps settings', (version) => {
    expect(SCHEMA_VERSION).toBe(9);
    const path = join(dir, `v${version}.clab`);
    const db = new Database(path);
    db.transaction(() => {
      for (const migration of MIGRATIONS.slice(0, version)) migration(db);
      db.prepare("INSERT INTO projects VALUES (1, 'old', '2026-01-01', '0.0.1')").run();
      db.pragma(`user_version = ${version}`);
    })();
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'project_settings'")
      .all();
    expect(tables).toEqual([]);
    db.close();
    const store = ProjectStore.open(path, { appVersion: 'test' });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(store.settings.get('anything')).toBeUndefined();
      store.settings.set('anything', { a: [1, 2] });
      expect(store.settings.get('anything')).toEqual({ a: [1, 2] });
      expect(store.runs.list()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('describes every config key, and validation issues carry the key’s description', async () => {
    const schema = await api.call('config.schema', {});
    const lr = schema.fields.find((f) => f.path === 'optimizer.lr');
    expect(lr).toMatchObject({ section: 'Optimizer and schedule', type: 'number', default: 0.01 });
    const result = await api.call('config.validate', { config: { steps: 10, labelNoise: 1.5 } });
    if (result.ok) throw new Error('expected issues');
    const noise = schema.fields.find((f) => f.path === 'labelNoise');
    expect(result.issues).toEqual([
      { path: 'labelNoise', message: expect.stringContaining('<=1'), help: noise?.description },
    ]);
    const refused = await rejection(
      api.call('runs.create', { config: { steps: 10, labelNoise: 1.5 }, name: 'x' }),
    );
    expect(refused.message).toContain(`config.labelNoise: Too big`);
    expect(refused.message).toContain(noise?.description);
  });

  it('gives each layer of a run its kernel shape, from the config and the dataset', async () => {
    const store = ProjectStore.open(join(dir, 'shapes.clab'), { create: true, appVersion: 't' });
    const create = (config: unknown): number =>
      store.runs.create({
        name: 'shapes',
        tags: [],
        notes: '',
        groupId: null,
        config: runConfigSchema.parse(config),
        seed: 1,
        appVersion: 't',
      });
    const mlp = create({ steps: 10, model: { kind: 'mlp', hidden: [64, 32] } });
    const cnn = create({
      steps: 10,
      model: { kind: 'cnn', convs: [{ filters: 8, kernel: 5, pooling: 'max2' }], hidden: [16] },
    });
    const elsewhere = create({ steps: 10, dataset: { name: 'not-here' } });
    store.close();
    await api.call('project.open', { path: join(dir, 'shapes.clab') });
    expect((await api.call('runs.get', { runId: mlp })).layerShapes).toEqual({
      dense1: [784, 64],
      dense2: [64, 32],
      dense3: [32, 10],
    });
    // 28×28 → same-padded 5×5 conv → 2×2 max pool: 14 × 14 × 8 = 1568 features.
    expect((await api.call('runs.get', { runId: cnn })).layerShapes).toEqual({
      conv1: [5, 5, 1, 8],
      dense1: [1568, 16],
      dense2: [16, 10],
    });
    expect((await api.call('runs.get', { runId: elsewhere })).layerShapes).toEqual({
      dense1: ['input', 256],
      dense2: [256, 'classes'],
    });
    await api.call('project.open', { path: join(dir, 'a.clab') });
  });
});
