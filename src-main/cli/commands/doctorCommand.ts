import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { appVersion } from '../../api/appVersion';
import type { DiagnosticsReport } from '../../api/contract';
import { formatDiagnostics } from '../../api/diagnosticsText';
import { datasetCacheDir, defaultProjectPath } from '../../store/projectPaths';
import { CliSession, describeError, printJson, type GlobalOptions } from '../cliSession';

/**
 * The report through the API on the project; when that project is missing or cannot be opened
 * the rest is still reported (a diagnosis must not depend on what it diagnoses), and nothing
 * is created.
 */
async function diagnose(options: GlobalOptions): Promise<DiagnosticsReport> {
  const path = resolve(options.db ?? defaultProjectPath());
  let problem: string;
  if (existsSync(path)) {
    let session: CliSession | null = null;
    try {
      session = await CliSession.open(options);
      return await session.call('diagnostics', {});
    } catch (error) {
      problem = `cannot be opened: ${describeError(error)}`;
    } finally {
      await session?.close();
    }
  } else {
    problem = 'does not exist yet (the first run creates it)';
  }
  // Imported here, not at the top: every other command would pay for loading tfjs.
  const { collectDiagnostics } = await import('../../api/handlers/diagnosticsHandlers');
  return collectDiagnostics({
    appVersion: appVersion(),
    cacheDir: datasetCacheDir(),
    trainingProcesses: options.concurrency === undefined ? 1 : Number(options.concurrency),
    project: { path, schemaVersion: null, runCount: null, problem },
  });
}

export function registerDoctorCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('doctor')
    .description(
      'versions, each training backend and why it is or is not used, threads, SQLite and paths',
    )
    .action(async () => {
      const options = global();
      const report = await diagnose(options);
      if (options.json) printJson(report);
      else process.stdout.write(`${formatDiagnostics(report)}\n`);
    });
}
