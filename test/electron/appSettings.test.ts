import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
