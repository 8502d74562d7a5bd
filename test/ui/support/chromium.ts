import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLabApi, type LabApi } from '../../../src-main/api/labApi';
import { startLabServer, type LabServer } from '../../../src-main/server/labServer';
import { ensureRendererBuilt, repoRoot } from './rendererBuild';

/** Debian's Chromium (apt-get install chromium); never a downloaded Playwright build. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the e2e tests leave a screenshot of every view they visit (CI keeps them). */
export const SCREENSHOTS_DIR = join(repoRoot, 'test-output', 'screenshots');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface LabPageOptions {
  /** Prefix of the temporary folder the project lives in. */
  readonly tmpPrefix: string;
  /**
   * Writes the project into the temporary folder and returns its path (e.g. seeded runs);
   * without it the API creates an empty project `project.clab` there.
   */
  readonly project?: (workDir: string) => string;
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Console errors the test checks itself instead (e.g. Chromium's line for each 4xx). */
  readonly ignoreConsoleError?: (text: string) => boolean;
}

/** The app in browser mode, opened in real Chromium, against the real API and a real project. */
export interface LabPage {
  readonly workDir: string;
  readonly api: LabApi;
  readonly server: LabServer;
  readonly browser: Browser;
  readonly page: Page;
  /** Uncaught page errors and console errors, in order: a test expects none. */
  readonly errors: string[];
  /** A screenshot (full page unless told) into SCREENSHOTS_DIR as `name.png`. */
  shot(name: string, fullPage?: boolean): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Everything an e2e test needs before it starts clicking: a temporary project, the renderer
 * built, the browser-mode server on it, Chromium with one page (downloads accepted) whose
 * errors are collected. `close` undoes all of it, also after a partial start.
 */
export async function openLabPage(options: LabPageOptions): Promise<LabPage> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), options.tmpPrefix));
  let api: LabApi | undefined;
  let server: LabServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.close();
    await api?.close();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const projectPath = options.project?.(workDir) ?? join(workDir, 'project.clab');
    const staticDir = await ensureRendererBuilt();
    api = await createLabApi({ projectPath });
    server = await startLabServer({ api, staticDir });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !options.ignoreConsoleError?.(m.text())) errors.push(m.text());
    });
    return {
      workDir,
      api,
      server,
      browser,
      page,
      errors,
      shot: (name, fullPage = true) =>
        page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage }),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
