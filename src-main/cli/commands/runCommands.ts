import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { RunSummary } from '../../api/contract';
import { describeJsonError } from '../../shared/contentExcerpt';
import {
  creatingProject,
  parseRunIds,
  printJson,
  withSession,
  type CliSession,
  type GlobalOptions,
} from '../cliSession';
import { parseConcurrency, sweepDefinitionFrom } from '../sweepArguments';
import { formatTable, fmtNumber } from '../textTable';
import { waitForRuns } from '../waitForRuns';
import { waitForSweep } from '../waitForSweep';
import { sweepCellTable } from './sweepCellTable';

interface RunOptions extends GlobalOptions {
  readonly preset?: string;
  readonly config?: string;
  readonly set: string[];
  readonly name?: string;
  readonly tags?: string;
  readonly seeds?: string;
  readonly seedList?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A --config file's JSON; errors name the file and never repeat its contents (contentExcerpt). */
function readJsonConfig(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(
      `${file}: expected a JSON run config, but it is ${describeJsonError(error, text)}`,
    );
  }
}

/** Run summaries as a terminal table: one line per run and its final numbers. */
export function printSummaryTable(summaries: readonly RunSummary[]): void {
  const rows = summaries.map((s) => [
    `${s.runId} ${s.name}`,
    s.status,
    String(s.steps),
    fmtNumber(s.final.trainAcc),
    fmtNumber(s.final.testAcc),
    fmtNumber(s.final.pristineAcc),
    fmtNumber(s.final.corruptAcc),
    s.backend ?? '—',
  ]);
  process.stdout.write(
    `${formatTable(['run', 'status', 'steps', 'train acc', 'test acc', 'pristine acc', 'corrupt acc', 'backend'], rows)}\n`,
  );
}

/** Follow runs to the end (progress bars labelled with their names), then summarize them. */
export async function followAndReport(
  session: CliSession,
  runIds: number[],
): Promise<RunSummary[]> {
  const details = await Promise.all(runIds.map((runId) => session.call('runs.get', { runId })));
  await waitForRuns(session, runIds, new Map(details.map((d) => [d.runId, d.name])));
  return session.call('runs.summary', { runIds });
}

/**
 * `run --preset NAME --seeds N`: the preset's variants, each with N seeds, as a sweep run on
 * this machine (one run per core), then the cells as mean ± 95 % CI.
 */
async function runSeeds(session: CliSession, options: RunOptions): Promise<void> {
  const definition = sweepDefinitionFrom({ ...options, axis: [] });
  const { sweepId } = await session.call('sweeps.create', { definition });
  const concurrency = parseConcurrency(options.concurrency);
  await session.call('sweeps.run', {
    sweepId,
    executor: 'local',
    ...(concurrency ? { concurrency } : {}),
  });
  const status = await waitForSweep(session, sweepId);
  const compared = await session.call('sweeps.compare', { sweepId });
  if (session.json) {
    printJson({
      sweepId,
      completed: status.completed,
      failed: status.failed,
      cells: compared.cells,
    });
    return;
  }
  process.stdout.write(`${sweepCellTable(compared, 'table')}\n`);
}

export function registerRunCommands(program: Command, global: () => GlobalOptions): void {
  program
    .command('run')
    .description(
      'create runs from a preset or a config file and train them (foreground, with progress)',
    )
    .option(
      '--preset <name>',
      'a preset: real-vs-random, label-noise-sweep, pristine-vs-corrupt, …',
    )
    .option('--config <file>', 'a JSON run config file')
    .option(
      '--set <key=value>',
      'override a dotted config key (repeatable), e.g. labelNoise=0.5; `config keys` lists them',
      collect,
      [],
    )
    .option('--name <name>', 'run name (config runs) or name prefix (presets)')
    .option('--tags <tags>', 'comma-separated tags')
    .option('--seeds <n>', 'seeds 1 … N of every variant: a sweep, summarized as mean ± 95 % CI')
    .option('--seed-list <a,b,…>', 'these seeds of every variant (a sweep)')
    .action(async (options: RunOptions) => {
      if (options.seeds !== undefined || options.seedList !== undefined) {
        await withSession(creatingProject({ ...global(), ...options }), (session) =>
          runSeeds(session, options),
        );
        return;
      }
      await withSession(creatingProject({ ...global(), ...options }), async (session) => {
        const tags = options.tags
          ? options.tags
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : [];
        if (!!options.preset === !!options.config)
          throw new Error('give exactly one of --preset NAME or --config FILE');
        let runIds: number[];
        if (options.preset) {
          const result = await session.call('runs.createFromPreset', {
            preset: options.preset,
            overrides: options.set,
            tags,
            ...(options.name ? { namePrefix: options.name } : {}),
          });
          runIds = result.runIds;
        } else {
          const file = options.config as string;
          const config = readJsonConfig(file);
          const result = await session.call('runs.create', {
            config,
            overrides: options.set,
            name: options.name ?? file.replace(/^.*\//, '').replace(/\.json$/, ''),
            tags,
          });
          runIds = result.runIds;
        }
        const summaries = await followAndReport(session, runIds);
        if (session.json) printJson(summaries.length === 1 ? summaries[0] : { runs: summaries });
        else printSummaryTable(summaries);
      });
    });

  program
    .command('resume <id>')
    .description('continue an interrupted or cancelled run from its last checkpoint')
    .action(async (id: string) => {
      await withSession(global(), async (session) => {
        const [runId] = parseRunIds([id]);
        await session.call('runs.resume', { runId });
        const summaries = await followAndReport(session, [runId]);
        if (session.json) printJson(summaries[0]);
        else printSummaryTable(summaries);
      });
    });

  program
    .command('cancel <id>')
    .description('cancel a queued or running run (it stays resumable)')
    .action(async (id: string) => {
      await withSession(global(), async (session) => {
        const [runId] = parseRunIds([id]);
        await session.call('runs.cancel', { runId });
        if (session.json) printJson({ runId, cancelled: true });
        else process.stdout.write(`cancel requested for run ${runId}\n`);
      });
    });

  program
    .command('delete <id>')
    .description('delete a run and everything recorded for it')
    .action(async (id: string) => {
      await withSession(global(), async (session) => {
        const [runId] = parseRunIds([id]);
        await session.call('runs.delete', { runId });
        if (session.json) printJson({ runId, deleted: true });
        else process.stdout.write(`deleted run ${runId}\n`);
      });
    });
}
