import type { Command } from 'commander';
import type { SeriesData } from '../../api/contract';
import { SERIES_NAMES, SUBSETS } from '../../shared/metricVocabulary';
import { RUN_STATUSES } from '../../shared/runStatus';
import { parseRunIds, printJson, withSession, type GlobalOptions } from '../cliSession';
import { parseChoice } from '../optionChoices';
import { formatMarkdownTable, formatTable, fmtNumber } from '../textTable';
import { formatDuration } from '../progressDisplay';
import { terminalSafe } from '../terminalText';
import { printSummaryTable } from './runCommands';
import {
  SUMMARY_FIGURES_HEADER,
  summaryFiguresFootnotes,
  summaryFiguresRows,
} from '../summaryFiguresTable';
import { sweepCellTable } from './sweepCellTable';

interface CompareOptions {
  readonly series?: string[];
  readonly format: 'table' | 'markdown';
  readonly sweep?: string;
  readonly metrics?: string;
}

export function registerInspectCommands(program: Command, global: () => GlobalOptions): void {
  program
    .command('list')
    .description('list the runs of the project')
    .option('--status <status>', 'only runs with this status')
    .option('--tag <tag>', 'only runs with this tag')
    .action(async (options: { status?: string; tag?: string }) => {
      await withSession(global(), async (session) => {
        const rows = await session.call('runs.list', {
          ...(options.status
            ? { status: parseChoice('--status', options.status, RUN_STATUSES) }
            : {}),
          ...(options.tag ? { tag: options.tag } : {}),
        });
        if (session.json) return printJson({ project: session.projectPath, runs: rows });
        if (rows.length === 0) {
          process.stdout.write(`no runs yet in ${session.projectPath} — try: coherence-lab demo\n`);
          return;
        }
        const table = rows.map((r) => [
          String(r.runId),
          r.name,
          r.progress && r.status === 'running'
            ? `${r.status} ${Math.round((100 * r.progress.done) / Math.max(1, r.progress.total))}% ETA ${r.progress.etaSec === null ? '—' : formatDuration(r.progress.etaSec)}`
            : r.status,
          r.dataset,
          r.model,
          fmtNumber(r.labelNoise, 2),
          r.aggregator,
          fmtNumber(r.latest['accuracy/test']),
          fmtNumber(r.latest['coherence/train'], 2),
          r.tags.join(','),
        ]);
        process.stdout.write(
          `${formatTable(['id', 'name', 'status', 'dataset', 'model', 'noise', 'aggregator', 'test acc', 'probe m-coh', 'tags'], table)}\n`,
        );
      });
    });

  program
    .command('show <id>')
    .description('show one run: config, status and its summary')
    .action(async (id: string) => {
      await withSession(global(), async (session) => {
        const [runId] = parseRunIds([id]);
        const [detail] = await Promise.all([session.call('runs.get', { runId })]);
        const [summary] = await session.call('runs.summary', { runIds: [runId] });
        if (session.json) return printJson({ ...summary, config: detail.config, detail });
        process.stdout.write(
          terminalSafe(
            `run ${detail.runId} "${detail.name}" — ${detail.status}${detail.error ? ` (${detail.error})` : ''}\n` +
              `backend ${detail.backend ?? '—'} ${detail.backendVersion ?? ''}, ${detail.paramCount ?? '?'} parameters, ${detail.totalSteps ?? '?'} steps\n` +
              `config ${JSON.stringify(detail.config)}\n`,
            { keepNewlines: true },
          ),
        );
        printSummaryTable([summary]);
        const coherenceRows = summary.coherence.map((c) => [
          String(c.step),
          c.probe,
          String(c.m),
          fmtNumber(c.value, 3),
        ]);
        process.stdout.write(
          `\n${formatTable(['step', 'probe', 'm', 'm-coherence'], coherenceRows)}\n`,
        );
      });
    });

  program
    .command('compare [ids...]')
    .description(
      'compare runs (summary, config differences, chosen series) or the cells of a sweep (--sweep: mean ± 95 % CI)',
    )
    .option('--series <series...>', 'series/subset pairs to print, e.g. accuracy/test loss/train')
    .option('--format <format>', 'table or markdown', 'table')
    .option('--sweep <id>', "compare a sweep's cells: every summary metric as mean, sd and 95 % CI")
    .option('--metrics <names>', 'with --sweep: the metrics to show in the table (comma-separated)')
    .action(async (ids: string[], options: CompareOptions) => {
      if (options.sweep !== undefined) {
        await withSession(global(), async (session) => {
          if (ids.length > 0) throw new Error('give either run ids or --sweep ID, not both');
          const format = parseChoice('--format', options.format, ['table', 'markdown'] as const);
          const compared = await session.call('sweeps.compare', {
            sweepId: options.sweep as string,
          });
          if (session.json) return printJson(compared);
          process.stdout.write(`${sweepCellTable(compared, format, options.metrics)}\n`);
        });
        return;
      }
      await withSession(global(), async (session) => {
        if (ids.length === 0) throw new Error('give the run ids to compare, or --sweep ID');
        const runIds = parseRunIds(ids);
        const compare = await session.call('runs.compare', { runIds });
        const summaries = await session.call('runs.summary', { runIds });
        const seriesData: Record<string, SeriesData[]> = {};
        for (const spec of options.series ?? []) {
          const [series, subset] = spec.split('/');
          seriesData[spec] = await session.call('runs.series', {
            runIds,
            series: parseChoice('--series', series, SERIES_NAMES),
            subset: parseChoice('--series', subset ?? 'test', SUBSETS),
          });
        }
        if (session.json) return printJson({ ...compare, runs: summaries, series: seriesData });
        const format = options.format === 'markdown' ? formatMarkdownTable : formatTable;
        process.stdout.write(
          `${format([...SUMMARY_FIGURES_HEADER], summaryFiguresRows(compare.summary))}\n`,
        );
        const footnotes = summaryFiguresFootnotes(compare.summary);
        if (footnotes.length) process.stdout.write(`\n${footnotes.join('\n')}\n`);
        if (compare.configDiff.length) {
          const diffRows = compare.configDiff.map((d) => [
            d.key,
            ...runIds.map((id) => JSON.stringify(d.values[id]) ?? '—'),
          ]);
          process.stdout.write(`\n${format(['config key', ...runIds.map(String)], diffRows)}\n`);
        }
        for (const [spec, data] of Object.entries(seriesData)) {
          process.stdout.write(`\n${spec}\n`);
          for (const d of data) {
            const pairs = d.x.map((x, i) => `${x}:${fmtNumber(d.y[i])}`);
            process.stdout.write(`  run ${d.runId}: ${pairs.join(' ')}\n`);
          }
        }
      });
    });
}
