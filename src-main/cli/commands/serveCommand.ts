import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createLabApi } from '../../api/labApi';
import { startLabServer } from '../../server/labServer';
import { defaultProjectPath } from '../../store/projectPaths';

interface ServeOptions {
  readonly port?: string;
  readonly db?: string;
  readonly json?: boolean;
  readonly renderer?: string;
}

/** The built renderer: `npm run build` (or `npx electron-vite build`) writes it here. */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../../out/renderer', import.meta.url));
}

/**
 * `coherence-lab serve [--port N] [--db PATH] [--json]`: the browser mode. The first line of
 * stdout is the URL with the session token (or `{"url": …}` with --json) so scripts and tests
 * can read it; it then serves until SIGINT/SIGTERM and closes the API (which stops runs
 * cleanly) before exiting. --db and --json are the program-wide options the CLI adds to every
 * command.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench to a browser on 127.0.0.1 (needs `npm run build` first)')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--renderer <dir>', 'built renderer folder (default: out/renderer)')
    .action(async (local: ServeOptions) => {
      const options: ServeOptions = { ...program.opts<ServeOptions>(), ...local };
      try {
        await serve(options);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ error: { code: 'failed', message } })}\n`);
        } else {
          process.stderr.write(`coherence-lab serve: ${message}\n`);
        }
        process.exitCode = 1;
      }
    });
}

async function serve(options: ServeOptions): Promise<void> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${options.port}"`);
  }
  const staticDir = options.renderer ?? defaultRendererDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`no built renderer in ${staticDir}: run \`npm run build\` first`);
  }
  const api = await createLabApi({ projectPath: options.db ?? defaultProjectPath() });
  let server;
  try {
    server = await startLabServer({ api, port, staticDir });
  } catch (error) {
    await api.close();
    throw error;
  }
  process.stdout.write(
    options.json ? `${JSON.stringify({ url: server.url })}\n` : `${server.url}\n`,
  );
  if (!options.json) {
    process.stderr.write('Serving Coherence Lab on 127.0.0.1; press Ctrl+C to stop.\n');
  }
  const running = server;
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  await api.close();
}
