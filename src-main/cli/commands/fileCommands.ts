import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { datasetFormatSchema } from '../../api/contract';
import {
  creatingProject,
  parseRunIds,
  printJson,
  withSession,
  type GlobalOptions,
} from '../cliSession';
import { refuseNonRegularTarget, writeFileAtomically } from '../fileOutput';
import { parseChoice } from '../optionChoices';
import { formatTable } from '../textTable';

export function registerFileCommands(program: Command, global: () => GlobalOptions): void {
  program
    .command('export <ids...>')
    .description(
      'export runs as JSON (config, metrics, coherence, probes, final weights) or CSV (metrics)',
    )
    .requiredOption('--format <format>', 'csv or json')
    .option(
      '--out <file>',
      'output file (default: a name derived from the runs, in the current folder)',
    )
    .action(async (ids: string[], options: { format: string; out?: string }) => {
      await withSession(global(), async (session) => {
        const runIds = parseRunIds(ids);
        if (options.format !== 'csv' && options.format !== 'json') {
          throw new Error(`--format must be csv or json, got "${options.format}"`);
        }
        // Refuse a bad --out before the work, not after it.
        if (options.out) refuseNonRegularTarget(resolve(options.out));
        const exported =
          options.format === 'json'
            ? await session
                .call('runs.exportJson', { runIds })
                .then((r) => ({ fileName: r.fileName, text: r.json }))
            : await session
                .call('runs.exportCsv', { runIds })
                .then((r) => ({ fileName: r.fileName, text: r.csv }));
        const out = resolve(options.out ?? exported.fileName);
        writeFileAtomically(out, exported.text);
        if (session.json) printJson({ file: out, runIds, format: options.format });
        else process.stdout.write(`wrote ${out}\n`);
      });
    });

  program
    .command('import <file>')
    .description('import runs from a JSON export into this project')
    .action(async (file: string) => {
      await withSession(creatingProject(global()), async (session) => {
        let json: string;
        try {
          json = readFileSync(file, 'utf8');
        } catch (error) {
          throw new Error(`${file}: cannot read (${(error as Error).message})`);
        }
        const result = await session.call('runs.importJson', { json });
        if (session.json) printJson(result);
        else process.stdout.write(`imported as run ${result.runIds.join(', ')}\n`);
      });
    });

  program
    .command('report [ids...]')
    .description('write a self-contained HTML report with SVG charts (--sweep: grouped by cell)')
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--title <title>', 'report title')
    .option('--sweep <id>', "a sweep's runs grouped by cell: mean ± 95 % CI and bands")
    .action(async (ids: string[], options: { out: string; title?: string; sweep?: string }) => {
      await withSession(global(), async (session) => {
        if (ids.length > 0 === (options.sweep !== undefined)) {
          throw new Error('give either run ids or --sweep ID');
        }
        const runIds = options.sweep === undefined ? parseRunIds(ids) : undefined;
        refuseNonRegularTarget(resolve(options.out));
        const report = await session.call('runs.report', {
          ...(runIds ? { runIds } : { sweepId: options.sweep }),
          ...(options.title ? { title: options.title } : {}),
        });
        const out = resolve(options.out);
        writeFileAtomically(out, report.html);
        if (session.json) {
          printJson({ report: out, ...(runIds ? { runIds } : { sweepId: options.sweep }) });
        } else process.stdout.write(`wrote ${out}\n`);
      });
    });

  const datasets = program.command('datasets').description('built-in and imported datasets');
  datasets
    .command('list')
    .description('list the datasets runs can use')
    .action(async () => {
      await withSession(global(), async (session) => {
        const list = await session.call('datasets.list', {});
        if (session.json) return printJson({ datasets: list });
        const rows = list.map((d) => [
          d.name,
          d.builtin ? 'built-in' : 'imported',
          String(d.train),
          String(d.test),
        ]);
        process.stdout.write(`${formatTable(['name', 'source', 'train', 'test'], rows)}\n`);
      });
    });
  datasets
    .command('import <path>')
    .description('import a dataset from disk (IDX: the images file; CIFAR-10: a data batch; CSV)')
    .requiredOption('--format <format>', 'idx, cifar10 or csv')
    .requiredOption('--name <name>', 'name to use in run configs (dataset.name)')
    .option('--labels <path>', 'IDX labels file (default: found by the standard naming)')
    .option('--test <path>', 'test images file / test batch / test CSV')
    .option('--test-labels <path>', 'IDX test labels file')
    .action(
      async (
        path: string,
        options: {
          format: string;
          name: string;
          labels?: string;
          test?: string;
          testLabels?: string;
        },
      ) => {
        await withSession(creatingProject(global()), async (session) => {
          const result = await session.call('datasets.import', {
            path: resolve(path),
            format: parseChoice('--format', options.format, datasetFormatSchema.options),
            name: options.name,
            ...(options.labels ? { labelsPath: resolve(options.labels) } : {}),
            ...(options.test ? { testPath: resolve(options.test) } : {}),
            ...(options.testLabels ? { testLabelsPath: resolve(options.testLabels) } : {}),
          });
          if (session.json) printJson(result);
          else
            process.stdout.write(
              `imported "${result.name}": ${result.train} train / ${result.test} test images, ${result.height}×${result.width}×${result.channels}, ${result.numClasses} classes\n`,
            );
        });
      },
    );
}
