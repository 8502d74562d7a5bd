import type { Command } from 'commander';
import type { SweepStatus } from '../../api/contract';
import { creatingProject, printJson, withSession, type GlobalOptions } from '../cliSession';
import { parseChoice } from '../optionChoices';
import { formatDuration } from '../progressDisplay';
import {
  collectRepeated,
  hasSlurmFlags,
  parseConcurrency,
  slurmOptionsFrom,
  sweepDefinitionFrom,
  workDirFrom,
  type SlurmFlagOptions,
  type SweepDefinitionOptions,
} from '../sweepArguments';
import { formatTable } from '../textTable';
import { waitForSweep } from '../waitForSweep';

/** The Slurm executor's options, shared by `sweep run` and `sweep resubmit`. */
function slurmFlags(command: Command): Command {
  return command
    .option('--partition <name>', 'Slurm partition (or a comma list)')
    .option('--time <limit>', 'time limit per task, e.g. 30, 2:00:00 or 1-12')
    .option('--gres <resources>', 'generic resources per task, e.g. gpu:1')
    .option('--cpus-per-task <n>', 'CPUs per task')
    .option('--mem <size>', 'memory per task, e.g. 4G')
    .option('--account <name>', 'account to charge')
    .option('--max-concurrent <n>', 'at most this many tasks at once (--array=…%N)')
    .option(
      '--sbatch-arg <arg>',
      'another #SBATCH option, e.g. --qos=long (repeatable)',
      collectRepeated,
      [],
    )
    .option(
      '--command <cmd>',
      'how the nodes run the tool (default coherence-lab), e.g. "node /shared/lab/bin/coherence-lab.js"',
    );
}

/** `sweep create` as the issue words it, and the rest of the sweep lifecycle. */
export function registerSweepCommands(program: Command, global: () => GlobalOptions): void {
  const sweep = program
    .command('sweep')
    .description('sweeps: one base config × axes × seeds, run here or on a Slurm cluster');

  sweep
    .command('create')
    .description('define a sweep: every cell is validated before anything is stored')
    .option('--preset <name>', 'a preset as the base (all its variants, or --variants)')
    .option('--variants <names>', 'the preset variants to sweep (comma-separated)')
    .option('--config <file>', 'a JSON run config as the base')
    .option(
      '--set <key=value>',
      'change the base, e.g. steps=300 (repeatable)',
      collectRepeated,
      [],
    )
    .option('--axis <key=v1,v2,…>', 'a config key and its values (repeatable)', collectRepeated, [])
    .option('--zip', 'pair the axes value by value instead of taking every combination')
    .option('--seeds <n>', 'seeds 1 … N in every cell')
    .option('--seed-list <a,b,…>', 'these seeds in every cell')
    .option('--name <name>', 'the sweep name')
    .action(async (options: SweepDefinitionOptions) => {
      await withSession(creatingProject(global()), async (session) => {
        const definition = sweepDefinitionFrom(options);
        const created = await session.call('sweeps.create', { definition });
        if (session.json) {
          printJson({
            sweepId: created.sweepId,
            runs: created.runs,
            cells: created.cells,
            estimate: created.estimate,
          });
          return;
        }
        const e = created.estimate;
        process.stdout.write(
          `sweep ${created.sweepId}: ${created.cells} cells × ${created.runs / created.cells} seeds = ${created.runs} runs; ` +
            `about ${formatDuration(e.totalRunSeconds)} of training, ${formatDuration(e.wallSeconds)} with ${e.concurrency} at once here (estimate)\n` +
            `start it with: coherence-lab sweep run ${created.sweepId} --executor local|slurm\n`,
        );
      });
    });

  slurmFlags(
    sweep
      .command('run <id>')
      .description('run a sweep: on this machine (waits, with progress) or as one Slurm array job')
      .requiredOption('--executor <executor>', 'local or slurm')
      .option(
        '--work-dir <dir>',
        'Slurm: the sweep folder on shared storage (default next to the project)',
      ),
  ).action(async (sweepId: string, options: SlurmFlagOptions & { executor: string }) => {
    await withSession(global(), async (session) => {
      const executor = parseChoice('--executor', options.executor, ['local', 'slurm'] as const);
      if (executor === 'local') {
        const concurrency = parseConcurrency(global().concurrency);
        const started = await session.call('sweeps.run', {
          sweepId,
          executor,
          ...(concurrency ? { concurrency } : {}),
        });
        if (!session.json && started.executor === 'local') {
          process.stderr.write(
            `sweep ${sweepId}: ${started.runIds.length} runs, ${started.concurrency} at once (${started.created} new, ${started.resumed} resumed)\n`,
          );
        }
        const status = await waitForSweep(session, sweepId);
        const result = {
          sweepId,
          completed: status.completed,
          failed: status.failed,
          cancelled: status.cancelled,
        };
        if (session.json) printJson(result);
        else {
          process.stdout.write(
            `sweep ${sweepId}: ${status.completed} completed, ${status.failed} failed, ${status.cancelled} cancelled\n` +
              `compare its cells with: coherence-lab compare --sweep ${sweepId}\n`,
          );
        }
        return;
      }
      const submitted = await session.call('sweeps.run', {
        sweepId,
        executor,
        slurm: slurmOptionsFrom(options),
        ...workDirFrom(options),
      });
      if (submitted.executor !== 'slurm') return;
      if (session.json) printJson({ sweepId, jobId: submitted.jobId, workDir: submitted.workDir });
      else {
        process.stdout.write(
          `submitted sweep ${sweepId} as Slurm job ${submitted.jobId} (${submitted.taskIndices.length} array tasks); work folder ${submitted.workDir}\n` +
            `follow it with: coherence-lab sweep status ${sweepId}; import finished runs with: coherence-lab sweep collect ${sweepId}\n`,
        );
      }
    });
  });

  sweep
    .command('status <id>')
    .description('per task: state, steps done, ETA, failure reason (Slurm and the shards)')
    .action(async (sweepId: string) => {
      await withSession(global(), async (session) => {
        const status = await session.call('sweeps.status', { sweepId });
        if (session.json) return printJson(status);
        printStatus(status);
      });
    });

  sweep
    .command('collect <id>')
    .description('import the finished runs of a Slurm sweep into the project (safe to repeat)')
    .action(async (sweepId: string) => {
      await withSession(global(), async (session) => {
        const result = await session.call('sweeps.collect', { sweepId });
        if (result.refused.length > 0) process.exitCode = 1;
        if (session.json) return printJson(result);
        process.stdout.write(
          `sweep ${sweepId}: collected ${result.collected} (runs ${result.runIds.join(', ') || '—'}), ${result.alreadyCollected} already in the project, ${result.notFinished} not finished, ${result.failed} failed\n`,
        );
        for (const f of result.failures)
          process.stdout.write(`  task ${f.taskIndex} failed: ${f.reason}\n`);
        for (const r of result.refused) {
          process.stderr.write(
            `coherence-lab: refused shard ${r.shard} (task ${r.taskIndex}): ${r.reason}\n`,
          );
        }
      });
    });

  sweep
    .command('list')
    .description('the sweeps of the project')
    .action(async () => {
      await withSession(global(), async (session) => {
        const sweeps = await session.call('sweeps.list', {});
        if (session.json) return printJson({ sweeps });
        if (sweeps.length === 0) {
          process.stdout.write('no sweeps yet — try: coherence-lab sweep create --help\n');
          return;
        }
        const rows = sweeps.map((s) => [
          s.sweepId,
          s.name,
          s.executor ?? 'not started',
          `${s.cells} × ${s.seeds.length}`,
          String(s.runs),
          String(s.inProject),
          s.axes.join(', ') || '—',
        ]);
        process.stdout.write(
          `${formatTable(['id', 'name', 'executor', 'cells × seeds', 'runs', 'in project', 'axes'], rows)}\n`,
        );
      });
    });

  sweep
    .command('show <id>')
    .description('a sweep: its definition, cells and runs')
    .action(async (sweepId: string) => {
      await withSession(global(), async (session) => {
        const detail = await session.call('sweeps.get', { sweepId });
        if (session.json) return printJson(detail);
        process.stdout.write(
          `sweep ${detail.sweepId} "${detail.name}" — ${detail.executor ?? 'not started'}${detail.workDir ? ` (work folder ${detail.workDir})` : ''}\n` +
            `definition ${JSON.stringify(detail.definition)}\n`,
        );
        const rows = detail.tasks.map((t) => [
          String(t.taskIndex),
          detail.cellList[t.cellIndex]?.label ?? String(t.cellIndex),
          String(t.seed),
          t.runId === null ? '—' : String(t.runId),
        ]);
        process.stdout.write(`${formatTable(['task', 'cell', 'seed', 'run'], rows)}\n`);
      });
    });

  sweep
    .command('cancel <id>')
    .description('stop a sweep: scancel its Slurm jobs, or cancel its local runs (resumable)')
    .action(async (sweepId: string) => {
      await withSession(global(), async (session) => {
        const result = await session.call('sweeps.cancel', { sweepId });
        if (session.json) return printJson(result);
        process.stdout.write(
          result.cancelledJobs.length
            ? `scancel sent for Slurm job ${result.cancelledJobs.join(', ')}\n`
            : `cancel requested for ${result.cancelledRuns.length} runs\n`,
        );
      });
    });

  slurmFlags(
    sweep
      .command('resubmit <id>')
      .description(
        'run again only the tasks that did not complete (they resume from their checkpoints)',
      ),
  ).action(async (sweepId: string, options: SlurmFlagOptions) => {
    await withSession(global(), async (session) => {
      const concurrency = parseConcurrency(global().concurrency);
      const result = await session.call('sweeps.resubmit', {
        sweepId,
        ...(hasSlurmFlags(options) ? { slurm: slurmOptionsFrom(options) } : {}),
        ...(concurrency ? { concurrency } : {}),
      });
      if (result.jobId === null && result.runIds.length > 0) {
        // Local: the runs train in this process, so wait for them as `sweep run` does.
        const status = await waitForSweep(session, sweepId);
        if (session.json)
          return printJson({ ...result, completed: status.completed, failed: status.failed });
        process.stdout.write(
          `sweep ${sweepId}: ${status.completed} completed, ${status.failed} failed\n`,
        );
        return;
      }
      if (session.json) return printJson(result);
      process.stdout.write(
        result.jobId === null
          ? `sweep ${sweepId}: nothing to resubmit\n`
          : `resubmitted tasks ${result.taskIndices.join(', ')} as Slurm job ${result.jobId}\n`,
      );
    });
  });

  sweep
    .command('script <id>')
    .description('print the Slurm job script (as submitted, or as it would be)')
    .action(async (sweepId: string) => {
      await withSession(global(), async (session) => {
        const result = await session.call('sweeps.script', { sweepId });
        if (session.json) return printJson(result);
        process.stdout.write(result.script);
      });
    });
}

function printStatus(status: SweepStatus): void {
  const eta = status.etaSec === null ? '—' : formatDuration(status.etaSec);
  process.stdout.write(
    `sweep ${status.sweepId} (${status.executor ?? 'not started'}): ${status.completed}/${status.total} completed, ${status.running} running, ${status.pending} pending, ${status.failed} failed, ${status.cancelled} cancelled; ${status.inProject} in the project; ETA ${eta}\n`,
  );
  for (const warning of status.warnings) process.stdout.write(`warning: ${warning}\n`);
  const rows = status.tasks.map((t) => [
    String(t.taskIndex),
    t.name,
    t.state,
    t.stepsDone === null ? '—' : `${t.stepsDone}/${t.totalSteps ?? '?'}`,
    t.etaSec === null ? '—' : formatDuration(t.etaSec),
    t.slurm ? `${t.slurm.jobId} ${t.slurm.state ?? '(forgotten)'}` : '—',
    t.runId === null ? '—' : String(t.runId),
    t.reason ?? '',
  ]);
  process.stdout.write(
    `${formatTable(['task', 'name', 'state', 'steps', 'ETA', 'slurm job', 'run', 'reason'], rows)}\n`,
  );
}
