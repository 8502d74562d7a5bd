import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunSummary } from '../../api/contract';
import { creatingProject, printJson, withSession, type GlobalOptions } from '../cliSession';
import { refuseNonRegularTarget, writeFileAtomically } from '../fileOutput';
import { formatTable, fmtNumber } from '../textTable';
import { followAndReport } from './runCommands';

/** Steps at which the demo table shows probe m-coherence (SPEC section 2's checkpoints). */
const TABLE_STEPS = [0, 25, 50, 100, 200];

function coherenceAt(summary: RunSummary, step: number): string {
  const point = summary.coherence.find((c) => c.probe === 'train' && c.step === step);
  return point ? fmtNumber(point.value, 2) : '—';
}

export function demoTable(summaries: readonly RunSummary[]): string {
  const header = ['run', ...TABLE_STEPS.map((s) => `step ${s}`), 'final', 'train acc', 'test acc'];
  const rows = summaries.map((s) => {
    const train = s.coherence.filter((c) => c.probe === 'train');
    const final = train[train.length - 1];
    return [
      s.name,
      ...TABLE_STEPS.map((step) => coherenceAt(s, step)),
      final ? `${fmtNumber(final.value, 2)} @${final.step}` : '—',
      fmtNumber(s.final.trainAcc),
      fmtNumber(s.final.testAcc),
    ];
  });
  const m = summaries[0]?.coherence[0]?.m ?? 0;
  return `Probe m-coherence (α/α⊥), train probe of m = ${m} examples (1 = orthogonal gradients, ${m} = identical):\n${formatTable(header, rows)}`;
}

export function registerDemoCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('demo')
    .description(
      'the embedded default: the same MLP and seed trained on real and on 100 % random MNIST labels, with an HTML report',
    )
    .option('--out <file>', 'where to write the HTML report', 'coherence-lab-demo-report.html')
    .option(
      '--set <key=value>',
      'override a dotted config key for both runs (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .action(async (options: { out: string; set: string[] }) => {
      await withSession(creatingProject(global()), async (session) => {
        // A report path that cannot be written is refused before minutes of training.
        refuseNonRegularTarget(resolve(options.out));
        const { runIds } = await session.call('runs.createFromPreset', {
          preset: 'real-vs-random',
          overrides: options.set,
          tags: ['demo'],
        });
        if (!session.json) {
          process.stderr.write(
            `Training "real" and "random" (runs ${runIds.join(', ')}) in ${session.projectPath}…\n`,
          );
        }
        const summaries = await followAndReport(session, runIds);
        const report = await session.call('runs.report', {
          runIds,
          title: 'Coherence Lab demo: real vs random labels',
        });
        const out = resolve(options.out);
        writeFileAtomically(out, report.html);
        if (session.json) {
          printJson({ runs: summaries, report: out });
          return;
        }
        process.stdout.write(`\n${demoTable(summaries)}\n\nReport: ${out}\n`);
      });
    });
}
