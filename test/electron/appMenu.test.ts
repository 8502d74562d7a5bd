import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../src-main/electron/appMenu';
import {
  menuActionNames,
  type MenuActionName,
  type MenuActions,
} from '../../src-main/electron/menuActions';

/** Electron roles the template may use: each is implemented by Electron itself. */
const ELECTRON_ROLES = new Set([
  'appmenu',
  'editmenu',
  'windowmenu',
  'help',
  'close',
  'quit',
  'resetzoom',
  'zoomin',
  'zoomout',
  'togglefullscreen',
  'reload',
  'toggledevtools',
]);

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ]);
}

/** Actions that record which one ran (and with what), so each click can be traced. */
function recordingActions(): { actions: MenuActions; calls: Array<[MenuActionName, unknown]> } {
  const calls: Array<[MenuActionName, unknown]> = [];
  const actions = Object.fromEntries(
    menuActionNames.map((name) => [
      name,
      async (arg?: unknown) => {
        calls.push([name, arg]);
      },
    ]),
  ) as unknown as MenuActions;
  return { actions, calls };
}

const build = (
  options: Partial<{ recent: string[]; isMac: boolean; developerTools: boolean }> = {},
): { template: MenuItemConstructorOptions[]; calls: Array<[MenuActionName, unknown]> } => {
  const { actions, calls } = recordingActions();
  const template = appMenuTemplate({
    recentProjects: options.recent ?? ['/p/a.clab', '/p/b.clab'],
    actions,
    isMac: options.isMac ?? false,
    developerTools: options.developerTools ?? false,
  });
  return { template, calls };
};

const click = (item: MenuItemConstructorOptions): void => (item.click as unknown as () => void)();

describe('application menu template', () => {
  for (const variant of [
    { name: 'Linux/Windows, packaged', isMac: false, developerTools: false },
    { name: 'macOS, packaged', isMac: true, developerTools: false },
    { name: 'development', isMac: false, developerTools: true },
  ]) {
    it(`gives every item a handler that exists (${variant.name})`, () => {
      const { template, calls } = build(variant);
      const items = flatten(template).filter((item) => item.type !== 'separator');
      for (const item of items) {
        const where = item.label ?? item.role ?? '(unnamed)';
        if (item.role) {
          expect(ELECTRON_ROLES.has(item.role.toLowerCase()), `role ${item.role}`).toBe(true);
          continue;
        }
        if (item.submenu) continue;
        if (item.enabled === false) continue;
        expect(item.click, `${where} has a click handler`).toBeTypeOf('function');
        const before = calls.length;
        click(item);
        expect(calls.length - before, `${where} runs exactly one action`).toBe(1);
        expect(menuActionNames).toContain(calls.at(-1)?.[0]);
      }
      // Every action the main process implements is reachable from the menu.
      expect(new Set(calls.map(([name]) => name))).toEqual(new Set(menuActionNames));
    });
  }

  it('has the menus and items the issue names, with shortcuts shown and none repeated', () => {
    const { template } = build();
    expect(template.map((m) => m.label ?? m.role)).toEqual([
      'File',
      'editMenu',
      'Run',
      'View',
      'help',
    ]);
    const labels = (index: number): Array<string | undefined> =>
      (template[index].submenu as MenuItemConstructorOptions[])
        .filter((i) => i.type !== 'separator')
        .map((i) => i.label ?? i.role);
    expect(labels(0)).toEqual([
      'New Project…',
      'Open Project…',
      'Open Recent',
      'Save a Copy As…',
      'Import Runs…',
      'Export…',
      'close',
      'quit',
    ]);
    expect(labels(2)).toEqual(['New Run', 'Cancel Run', 'Resume Run']);
    expect(labels(3)).toEqual([
      'Runs',
      'Compare',
      'Projects',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
    expect(labels(4)).toEqual(['Diagnostics', 'About Coherence Lab']);
    // Leaf items: not separators, not menus (a submenu, or a role that is a whole menu).
    const withShortcut = flatten(template).filter(
      (i) =>
        i.type !== 'separator' && !i.submenu && i.enabled !== false && !/menu$/i.test(i.role ?? ''),
    );
    for (const item of withShortcut) {
      expect(item.accelerator, `${item.label ?? item.role} shows a shortcut`).toBeTruthy();
    }
    const accelerators = withShortcut.map((i) => String(i.accelerator));
    expect(new Set(accelerators).size).toBe(accelerators.length);
    const byLabel = new Map(withShortcut.map((i) => [i.label, i.accelerator]));
    expect(byLabel.get('New Run')).toBe('CmdOrCtrl+N');
    expect(byLabel.get('Open Project…')).toBe('CmdOrCtrl+O');
    expect(byLabel.get('Export…')).toBe('CmdOrCtrl+E');
  });

  it('opens the recent project that was clicked, and says when there are none', () => {
    const { template, calls } = build({ recent: ['/p/a.clab', '/p/b.clab'] });
    const recent = flatten(template).find((i) => i.label === 'Open Recent');
    const entries = recent?.submenu as MenuItemConstructorOptions[];
    expect(entries.map((e) => e.label)).toEqual(['/p/a.clab', '/p/b.clab']);
    click(entries[1]);
    expect(calls).toEqual([['openRecent', '/p/b.clab']]);
    const empty = flatten(build({ recent: [] }).template).find((i) => i.label === 'Open Recent');
    expect(empty?.submenu).toEqual([{ label: 'No recent projects', enabled: false }]);
  });

  it('leaves Quit to the macOS app menu and keeps the window menu there', () => {
    const { template } = build({ isMac: true });
    expect(template.map((m) => m.label ?? m.role)).toEqual([
      'appMenu',
      'File',
      'editMenu',
      'Run',
      'View',
      'windowMenu',
      'help',
    ]);
    expect(flatten(template).some((i) => i.role === 'quit')).toBe(false);
  });
});
