import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../src-main/electron/appMenu';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from '../../src-main/electron/appSettings';

describe('app settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clab-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through temp + rename and leaves no temp file', () => {
    const file = join(dir, 'settings.json');
    const settings = {
      window: { width: 1200, height: 800, x: 10, y: 20, maximized: true },
      lastProject: '/p/a.clab',
    };
    writeSettings(file, settings);
    expect(readSettings(file)).toEqual(settings);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('falls back to defaults for missing, damaged or out-of-range settings', () => {
    expect(readSettings(join(dir, 'missing.json'))).toEqual(DEFAULT_SETTINGS);
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, '{not json');
    expect(readSettings(damaged)).toEqual(DEFAULT_SETTINGS);
    const odd = join(dir, 'odd.json');
    writeFileSync(odd, JSON.stringify({ window: { width: 5, height: 'x' }, lastProject: 3 }));
    expect(readSettings(odd)).toMatchObject({
      window: { width: 1400, height: 900 },
      lastProject: null,
    });
  });
});

describe('application menu', () => {
  it('has File (New/Open/Open Recent/Export), Run (New Run, Cancel) and View', () => {
    const sent: Array<[string, string | undefined]> = [];
    const template = appMenuTemplate(['/p/a.clab'], (c, a) => sent.push([c, a]), false);
    const labels = template.map((m) => m.label ?? m.role);
    expect(labels).toEqual(['File', 'editMenu', 'Run', 'View']);
    const file = template[0].submenu as Array<{
      label?: string;
      submenu?: Array<{ label: string; click: () => void }>;
      click?: () => void;
    }>;
    expect(file.map((i) => i.label).filter(Boolean)).toEqual([
      'New Project…',
      'Open Project…',
      'Open Recent',
      'Export…',
    ]);
    file[2].submenu![0].click();
    const run = template[2].submenu as Array<{ label: string; click: () => void }>;
    run[1].click();
    expect(sent).toEqual([
      ['project.openRecent', '/p/a.clab'],
      ['run.cancel', undefined],
    ]);
  });
});
