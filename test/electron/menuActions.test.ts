import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { MenuCommand, ProjectInfo, RunListRow } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import type { DesktopDialogs } from '../../src-main/electron/desktopDialogs';
import {
  bundleRunNames,
  createMenuActions,
  importConfirmation,
  type MenuActions,
} from '../../src-main/electron/menuActions';
import { createProjectOpener } from '../../src-main/electron/projectOpener';
import { syntheticBundle } from '../reliability/bundleFixture';
import { FailFastLauncher } from '../reliability/reliabilityHarness';

/**
 * The main-process side of the menu against the real API on real project files; only the
 * native dialogs (which need the Electron binary) are scripted.
 */
class ScriptedDialogs implements DesktopDialogs {
  readonly files: Array<string | null> = [];
  readonly saveTargets: Array<string | null> = [];
  readonly answers: number[] = [];
  readonly asked: MessageBoxOptions[] = [];
  readonly errors: Array<[string, string]> = [];
  readonly saveOptions: SaveDialogOptions[] = [];
  async pickFile(_options: OpenDialogOptions): Promise<string | null> {
    return this.files.shift() ?? null;
  }
  async pickSaveTarget(options: SaveDialogOptions): Promise<string | null> {
    this.saveOptions.push(options);
    return this.saveTargets.shift() ?? null;
  }
  async ask(options: MessageBoxOptions): Promise<number> {
    this.asked.push(options);
    return this.answers.shift() ?? 0;
  }
  showError(title: string, message: string): void {
    this.errors.push([title, message]);
  }
}

const root = mkdtempSync(join(tmpdir(), 'clab-menu-actions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let api: LabApi;
let dialogs: ScriptedDialogs;
let sent: MenuCommand[];
let actions: MenuActions;

/** Run an action to its end (the menu ignores the promise; errors are shown, never thrown). */
async function runAction(action: () => Promise<void>): Promise<void> {
  await action();
}

beforeEach(async () => {
  dir = mkdtempSync(join(root, 'case-'));
  api = await createLabApi({
    projectPath: join(dir, 'start.clab'),
    launcher: new FailFastLauncher(),
    cacheDir: join(dir, 'cache'),
  });
  dialogs = new ScriptedDialogs();
  sent = [];
  const send = (command: MenuCommand): void => {
    sent.push(command);
  };
  const openProject = createProjectOpener(api, dialogs, send);
  actions = createMenuActions({
    api,
    dialogs,
    send,
    openProject,
    readTextFile: (path) => readFile(path, 'utf8'),
    fileExists: existsSync,
    documentsDir: dir,
    showAbout: async () => undefined,
    showDiagnostics: async () => undefined,
  });
});

afterEach(async () => {
  await api.close();
});

const info = async (): Promise<ProjectInfo> => (await api.call('project.info', {})) as ProjectInfo;
const runs = async (): Promise<RunListRow[]> => (await api.call('runs.list', {})) as RunListRow[];

describe('menu actions (main process)', () => {
  it('New project creates the chosen file (adding .clab) and shows its runs', async () => {
    dialogs.saveTargets.push(join(dir, 'fresh'));
    await runAction(actions.newProject);
    expect((await info()).path).toBe(join(dir, 'fresh.clab'));
    expect(sent).toEqual([{ command: 'navigate', view: 'runs' }]);
    expect(dialogs.saveOptions[0].defaultPath).toBe(join(dir, 'experiments.clab'));
  });

  it('Open project opens a project and reports a file that is not one', async () => {
    const other = join(dir, 'other.clab');
    const second = await createLabApi({ projectPath: other, launcher: new FailFastLauncher() });
    await second.close();
    dialogs.files.push(other);
    await runAction(actions.openProject);
    expect((await info()).path).toBe(other);
    expect(sent).toEqual([{ command: 'navigate', view: 'runs' }]);

    const text = join(dir, 'notes.clab');
    writeFileSync(text, 'not a database at all, just some notes\n'.repeat(10));
    dialogs.files.push(text);
    await runAction(actions.openProject);
    expect((await info()).path).toBe(other);
    expect(dialogs.errors).toHaveLength(1);
    expect(dialogs.errors[0][1]).toMatch(/not a Coherence Lab project/);
    expect(sent).toHaveLength(1);
  });

  it('Open project does nothing when the dialog is cancelled', async () => {
    dialogs.files.push(null);
    await runAction(actions.openProject);
    expect(sent).toEqual([]);
    expect(dialogs.errors).toEqual([]);
  });

  it('Save a copy writes a project with the same runs and keeps the open one', async () => {
    await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(6, 'kept')) });
    const original = await info();
    dialogs.saveTargets.push(join(dir, 'copy.clab'));
    await runAction(actions.saveCopyAs);
    expect(dialogs.errors).toEqual([]);
    expect(dialogs.asked[0].message).toBe('Saved a copy of the project');
    expect((await info()).path).toBe(original.path);
    const copy = await createLabApi({
      projectPath: join(dir, 'copy.clab'),
      launcher: new FailFastLauncher(),
    });
    try {
      const copiedRuns = (await copy.call('runs.list', {})) as RunListRow[];
      expect(copiedRuns.map((r) => r.name)).toEqual(['kept']);
      const series = await copy.call('runs.series', {
        runIds: [copiedRuns[0].runId],
        series: 'loss',
        subset: 'train',
      });
      expect((series as Array<{ y: number[] }>)[0].y).toHaveLength(6);
    } finally {
      await copy.close();
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('Save a copy never replaces a file the dialog did not ask about, nor the open project', async () => {
    const existing = join(dir, 'taken.clab');
    writeFileSync(existing, 'precious');
    // The user typed "taken"; the dialog asked about "taken", not "taken.clab".
    dialogs.saveTargets.push(join(dir, 'taken'));
    await runAction(actions.saveCopyAs);
    expect(dialogs.errors[0][1]).toMatch(/already exists/);
    expect(await readFile(existing, 'utf8')).toBe('precious');
    dialogs.saveTargets.push((await info()).path);
    await runAction(actions.saveCopyAs);
    expect(dialogs.errors[1][1]).toMatch(/open project itself/);
  });

  it('Import runs names the runs, imports them when confirmed and nothing when not', async () => {
    const bundle = syntheticBundle(4, 'noisy labels');
    bundle.runs.push({ ...bundle.runs[0], name: 'real labels' });
    const file = join(dir, 'runs.json');
    writeFileSync(file, JSON.stringify(bundle));

    dialogs.files.push(file);
    dialogs.answers.push(1); // Cancel
    await runAction(actions.importRuns);
    expect(dialogs.asked[0].message).toBe('Import 2 runs into “start”?');
    expect(dialogs.asked[0].detail).toBe('• noisy labels\n• real labels');
    expect(await runs()).toEqual([]);
    expect(sent).toEqual([]);

    dialogs.files.push(file);
    dialogs.answers.push(0); // Import
    await runAction(actions.importRuns);
    expect((await runs()).map((r) => r.name).sort()).toEqual(['noisy labels', 'real labels']);
    expect(sent).toEqual([{ command: 'navigate', view: 'runs' }]);
  });

  it('Import runs refuses a file that is not a bundle without asking', async () => {
    const file = join(dir, 'data.json');
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    dialogs.files.push(file);
    await runAction(actions.importRuns);
    expect(dialogs.asked).toEqual([]);
    expect(dialogs.errors[0][1]).toMatch(/not a runs bundle exported by Coherence Lab/);
    expect(await runs()).toEqual([]);
  });

  it('sends the renderer what depends on the current view', async () => {
    for (const action of [
      actions.exportCurrentView,
      actions.newRun,
      actions.cancelRun,
      actions.resumeRun,
      actions.showRuns,
      actions.showCompare,
      actions.showProjects,
    ]) {
      await action();
    }
    expect(sent).toEqual([
      { command: 'export' },
      { command: 'navigate', view: 'new-run' },
      { command: 'run.cancel' },
      { command: 'run.resume' },
      { command: 'navigate', view: 'runs' },
      { command: 'navigate', view: 'compare' },
      { command: 'navigate', view: 'projects' },
    ]);
  });
});

describe('import confirmation text', () => {
  it('lists at most 20 names and strips control and bidi-override characters', () => {
    const names = Array.from({ length: 23 }, (_, i) => `run ${i}`);
    names[0] = 'evil\u202Egnp.exe\u001b]52;c;AAAA\u0007';
    const { message, detail } = importConfirmation(names, 'proj\u202E');
    expect(message).toBe('Import 23 runs into “proj”?');
    const lines = detail.split('\n');
    expect(lines[0]).toBe('• evilgnp.exe]52;c;AAAA');
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('… and 3 more');
  });

  it('reads run names only from an exported bundle', () => {
    expect(bundleRunNames(JSON.stringify(syntheticBundle(2, 'a')))).toEqual(['a']);
    expect(bundleRunNames('{"format":"other","runs":[]}')).toBeNull();
    expect(bundleRunNames('not json')).toBeNull();
  });
});
