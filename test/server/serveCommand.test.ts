import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, repoRoot } from '../ui/support/rendererBuild';

describe('coherence-lab serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clab-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints {"url"} first, serves with the token, and exits cleanly on SIGTERM', async () => {
    await ensureRendererBuilt();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src-main/cli/index.ts'),
        'serve',
        '--db',
        join(dir, 'p.clab'),
        '--json',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, COHERENCE_LAB_HOME: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const firstLine = await new Promise<string>((resolve) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
    });
    const { url } = JSON.parse(firstLine) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    const origin = new URL(url).origin;
    const token = new URL(url).searchParams.get('token');
    const info = await fetch(`${origin}/api/project.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { name: string }).name).toBe('p');
    expect((await fetch(`${origin}/api/project.info`, { method: 'POST', body: '{}' })).status).toBe(
      401,
    );
    expect((await fetch(`${origin}/`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
