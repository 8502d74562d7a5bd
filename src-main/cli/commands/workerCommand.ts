import { resolve } from 'node:path';
import type { Command } from 'commander';
import { appVersion } from '../../api/appVersion';
import { datasetCacheDir } from '../../store/projectPaths';
import { printJson, type GlobalOptions } from '../cliSession';

/**
 * `coherence-lab worker --task FILE --db SHARD`: what each Slurm array task runs. It trains one
 * task of a sweep into its shard (a project file of its own) and nothing else: it does not open
 * the user's project or the list of recent projects, which a cluster node cannot reach.
 */
export function registerWorkerCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('worker')
    .description(
      'train one task of a Slurm sweep into its shard (run by the array job; --db is the shard)',
    )
    .requiredOption('--task <file>', 'the task file (tasks/NNNNN.json of the sweep folder)')
    .action(async (options: { task: string }) => {
      const { db, json } = global();
      const say = (stream: NodeJS.WriteStream, line: string): void => {
        stream.write(`coherence-lab worker: ${line}\n`);
      };
      if (!db) {
        say(process.stderr, '--db SHARD is required (shards/NNNNN.clab of the sweep folder)');
        process.exitCode = 2;
        return;
      }
      const abort = new AbortController();
      // scancel, preemption and the time limit send SIGTERM (SIGKILL follows after KillWait):
      // the trainer checkpoints into the shard and the task can resume there.
      const stop = (): void => abort.abort();
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      try {
        // Loaded on first use: only array tasks need the run manager and the engine's config
        // checks, and every other command starts without them.
        const { runSweepWorker } = await import('../../sweeps/sweepWorker');
        const result = await runSweepWorker({
          taskFile: resolve(options.task),
          shardPath: resolve(db),
          cacheDir: datasetCacheDir(),
          appVersion: appVersion(),
          signal: abort.signal,
          log: (line) => say(json ? process.stderr : process.stdout, line),
        });
        if (json) printJson(result);
        else say(result.exitCode === 0 ? process.stdout : process.stderr, result.message);
        process.exitCode = result.exitCode;
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    });
}
