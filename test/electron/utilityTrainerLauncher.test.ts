import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { TINY_CONFIG, tempLab } from '../cli/cliHarness';

/**
 * Stand-in for Electron's utilityProcess: the real trainer, forked by Node with the shim that
 * gives it a `parentPort`. What the launcher posts and when the child exits are recorded.
 */
const utility = vi.hoisted(() => ({
  timeline: [] as string[],
}));

vi.mock('electron', async () => {
  // The factory is hoisted above the imports: it imports what it uses itself.
  const { fork } = await import('node:child_process');
  const { EventEmitter } = await import('node:events');
  const { fileURLToPath } = await import('node:url');
  const shim = fileURLToPath(new URL('./support/parentPortShim.ts', import.meta.url));
  class StandInUtilityProcess extends EventEmitter {
    private readonly child;
    constructor(entry: string, env: NodeJS.ProcessEnv) {
      super();
      this.child = fork(entry, [], {
        env,
        serialization: 'advanced',
        execArgv: ['--import', import.meta.resolve('tsx'), '--import', shim],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      this.child.on('message', (message: { type: string; record?: { kind: string } }) => {
        if (message.type === 'record' && message.record?.kind === 'end') {
          utility.timeline.push('end record');
        }
        this.emit('message', message);
      });
      this.child.on('exit', (code) => {
        utility.timeline.push(`exit ${code}`);
        this.emit('exit', code);
      });
    }
    get pid(): number | undefined {
      return this.child.pid;
    }
    postMessage(message: { type: string }): void {
      if (message.type === 'release') utility.timeline.push('release');
      this.child.send(message);
    }
    kill(): boolean {
      return this.child.kill();
    }
  }
  return {
    utilityProcess: {
      fork: (entry: string, _args: string[], options: { env: NodeJS.ProcessEnv }) =>
        new StandInUtilityProcess(entry, options.env),
    },
  };
});

const { UtilityTrainerLauncher } = await import('../../src-main/electron/utilityTrainerLauncher');
const { createLabApi } = await import('../../src-main/api/labApi');

const TRAINER = fileURLToPath(new URL('../../src-main/trainer/trainerProcess.ts', import.meta.url));

describe('the desktop trainer launcher (utilityProcess)', () => {
  it('releases the trainer only after its end record, so the run completes and the trainer exits', async () => {
    const lab = tempLab();
    const api = await createLabApi({
      projectPath: lab.db,
      cacheDir: join(lab.dir, 'cache'),
      launcher: new UtilityTrainerLauncher(TRAINER),
    });
    try {
      const ended = new Promise<string>((resolve) => {
        api.subscribe((event, payload) => {
          const { status } = payload as { status?: string };
          if (event === 'run.status' && status !== 'queued' && status !== 'running') {
            resolve(status ?? '');
          }
        });
      });
      await api.call('runs.create', { config: { ...TINY_CONFIG, steps: 20 }, name: 'desktop' });
      expect(await ended).toBe('completed');
      await vi.waitFor(() => expect(utility.timeline).toContain('exit 0'), { timeout: 15_000 });
      // The trainer waits for the launcher's release, which comes after the end record.
      expect(utility.timeline).toEqual(['end record', 'release', 'exit 0']);
      const [run] = await api.call('runs.list', {});
      expect(run).toMatchObject({ status: 'completed', progress: { done: 20, total: 20 } });
    } finally {
      await api.close();
    }
  }, 120_000);
});
