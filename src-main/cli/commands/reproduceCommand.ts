import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { appVersion } from '../../api/appVersion';
import type { ProbeKind, Subset } from '../../shared/metricVocabulary';
import {
  planReproduction,
  runReproduction,
  type ReproductionPlan,
} from '../../reproduce/reproduction';
import { renderReproductionReport } from '../../reproduce/reproductionReport';
import { estimateSuiteWallSeconds } from '../../reproduce/suiteEstimate';
import type {
  FinishedRun,
  LayerSumsAtStep,
  RunRecord,
  SuiteExecutor,
  SuiteReader,
} from '../../reproduce/suiteData';
import { runBundleSchema } from '../../api/runBundle';
import { CIFAR10_DATASET_NAME } from '../../runs/presets';
import type { StepSeries } from '../../reproduce/stepSeries';
import {
  creatingProject,
  printJson,
  withSession,
  type CliSession,
  type GlobalOptions,
} from '../cliSession';
import { refuseNonRegularTarget, writeFileAtomically } from '../fileOutput';
import { formatDuration } from '../progressDisplay';
import { formatTable } from '../textTable';
import { waitForRuns } from '../waitForRuns';
import { planRunReuse, REPRODUCE_TAG, type ReusePlan } from './reproduceRunReuse';

interface ReproduceOptions extends GlobalOptions {
  readonly quick?: boolean;
  readonly seeds: string;
  readonly out?: string;
  readonly plan?: boolean;
  readonly claims?: string;
  readonly set: string[];
  readonly fresh?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** An argument as a POSIX shell reads it back: bare when safe, else single-quoted. */
const shellWord = (arg: string): string =>
  /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;

/** The API calls take at most 50 runs at once. */
const API_RUN_LIMIT = 50;
const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/**
 * Today's executor: every request becomes a queued run the run manager trains, unless an
 * earlier `reproduce` left a matching run in the project (reproduceRunReuse): completed ones
 * are reused, stopped ones resumed. `fresh` trains every request anew.
 */
function runQueueExecutor(session: CliSession, fresh: boolean): SuiteExecutor {
  return async (requests) => {
    if (requests.length === 0) return [];
    const plans: ReusePlan[] = fresh
      ? requests.map(() => ({ kind: 'new' }))
      : await planRunReuse(session, requests);
    const runIds: Array<number | null> = [];
    const refused = new Map<number, string>();
    for (const [i, request] of requests.entries()) {
      const plan = plans[i];
      if (plan.kind !== 'new') {
        if (plan.kind === 'resume') await session.call('runs.resume', { runId: plan.runId });
        runIds.push(plan.runId);
        continue;
      }
      try {
        const created = await session.call('runs.create', {
          config: request.config,
          name: request.name,
          tags: [REPRODUCE_TAG],
        });
        runIds.push(created.runIds[0]);
      } catch (error) {
        // A second-stage run depends on what its first stage produced (e.g. a reference run
        // with no hard examples left): report it and judge that seed undetermined.
        if (request.stage < 2) throw error;
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`${request.name}: not created: ${message}\n`);
        refused.set(i, message);
        runIds.push(null);
      }
    }
    const count = (kind: ReusePlan['kind']) => plans.filter((p) => p.kind === kind).length;
    if (count('completed') + count('resume') > 0) {
      process.stderr.write(
        `reusing ${count('completed')} completed and resuming ${count('resume')} stopped runs from an earlier reproduce in this project (--fresh trains them anew)\n`,
      );
    }
    const pending = runIds.filter(
      (id, i): id is number => id !== null && plans[i].kind !== 'completed',
    );
    const labels = new Map(
      requests.flatMap((r, i) => {
        const id = runIds[i];
        return id === null ? [] : [[id, r.name.replace(/^reproduce /, '')] as const];
      }),
    );
    const statuses = pending.length
      ? await waitForRuns(session, pending, labels)
      : new Map<number, string>();
    const finished: FinishedRun[] = runIds.map((runId, i) =>
      runId === null
        ? { runId, status: `not created: ${refused.get(i) ?? ''}` }
        : {
            runId,
            status:
              plans[i].kind === 'completed' ? 'completed' : (statuses.get(runId) ?? 'unknown'),
          },
    );
    const cancelled = finished.filter((f) => f.status === 'cancelled');
    if (cancelled.length) {
      throw new Error(
        `cancelled: ${cancelled.length} of ${finished.length} runs did not finish (runs ${cancelled.map((f) => f.runId).join(', ')}; the same reproduce command resumes them); no report was written`,
      );
    }
    return finished;
  };
}

const toSeries = (columns: { step: number[]; y: number[] } | undefined): StepSeries =>
  columns ? { steps: columns.step, values: columns.y } : { steps: [], values: [] };

/** Per training example of a run: its file index and whether it was right at the last evaluation. */
async function learnedAtEnd(
  session: CliSession,
  runId: number,
): Promise<RunRecord['learnedAtEnd'] | undefined> {
  const { json } = await session.call('runs.exportJson', { runIds: [runId] });
  const bundle = JSON.parse(json) as {
    runs: Array<{ examples?: { sourceIndex: number[]; learnedSinceStep: Array<number | null> } }>;
  };
  const examples = bundle.runs[0]?.examples;
  return examples
    ? {
        sourceIndex: examples.sourceIndex,
        learned: examples.learnedSinceStep.map((step) => step !== null),
      }
    : undefined;
}

/** The train probe's per-layer sums N_ℓ, Q_ℓ at every measurement of one run. */
async function trainLayerSums(session: CliSession, runId: number): Promise<LayerSumsAtStep[]> {
  const points = await session.call('runs.coherence', { runId, probe: 'train' });
  return points.map((p) => ({ step: p.step, layers: p.layers }));
}

/** One run's final weights, from its export bundle (what init.fromRun would load). */
async function finalWeightsOf(
  session: CliSession,
  runId: number,
): Promise<Record<string, number[]>> {
  const { json } = await session.call('runs.exportJson', { runIds: [runId] });
  const bundle = runBundleSchema.parse(JSON.parse(json));
  return Object.fromEntries(
    Object.entries(bundle.runs[0].weights).map(([name, tensor]) => [name, tensor.values]),
  );
}

/** Reads, per run, the probe m-coherence and accuracy series the claims use. */
function apiReader(session: CliSession): SuiteReader {
  return async (runIds, extras) => {
    const byRun = new Map<number, RunRecord>();
    for (const chunk of chunks(runIds, API_RUN_LIMIT)) {
      const coherence = async (probe: ProbeKind) =>
        new Map(
          (await session.call('runs.coherenceSeries', { runIds: chunk, probe })).map((c) => [
            c.runId,
            c,
          ]),
        );
      const accuracy = async (subset: Subset) =>
        new Map(
          (await session.call('runs.series', { runIds: chunk, series: 'accuracy', subset })).map(
            (c) => [c.runId, c],
          ),
        );
      const [train, pristine, corrupt] = await Promise.all(
        (['train', 'pristine', 'corrupt'] as const).map(coherence),
      );
      const [trainAcc, testAcc, pristineAcc, corruptAcc] = await Promise.all(
        (['train', 'test', 'pristine', 'corrupt'] as const).map(accuracy),
      );
      const testLoss = new Map(
        (await session.call('runs.series', { runIds: chunk, series: 'loss', subset: 'test' })).map(
          (c) => [c.runId, c],
        ),
      );
      for (const runId of chunk) {
        const reads = extras?.get(runId) ?? [];
        byRun.set(runId, {
          loss: { test: toSeries(testLoss.get(runId)) },
          ...(reads.includes('layers')
            ? { trainLayers: await trainLayerSums(session, runId) }
            : {}),
          ...(reads.includes('finalWeights')
            ? { finalWeights: await finalWeightsOf(session, runId) }
            : {}),
          ...(reads.includes('learnTimes')
            ? { learnedAtEnd: await learnedAtEnd(session, runId) }
            : {}),
          coherence: {
            train: toSeries(train.get(runId)),
            pristine: toSeries(pristine.get(runId)),
            corrupt: toSeries(corrupt.get(runId)),
          },
          accuracy: {
            train: toSeries(trainAcc.get(runId)),
            test: toSeries(testAcc.get(runId)),
            pristine: toSeries(pristineAcc.get(runId)),
            corrupt: toSeries(corruptAcc.get(runId)),
          },
        });
      }
    }
    return byRun;
  };
}

/** --plan: what would be trained, arm by arm, with each run's estimate; nothing is trained. */
function printPlan(
  plan: ReproductionPlan,
  runSeconds: readonly number[],
  json: boolean,
  wallSeconds: number,
): void {
  const perArm = plan.arms.map((arm) => {
    const seconds = runSeconds.filter((_, i) => plan.requests[i].armKey === arm.key);
    return { arm: arm.key, label: arm.label, runs: seconds.length, seconds: sum(seconds) };
  });
  if (json) {
    printJson({
      tier: plan.tier,
      seeds: plan.seeds,
      claims: plan.claims.map((c) => ({ id: c.id, arms: c.arms })),
      notRun: plan.notRun,
      arms: perArm.map((a) => ({ ...a, seconds: Math.round(a.seconds) })),
      estimatedWallSeconds: Math.round(wallSeconds),
    });
    return;
  }
  const rows = perArm.map((a) => [a.arm, a.label, String(a.runs), formatDuration(a.seconds)]);
  process.stdout.write(`${formatTable(['arm', 'label', 'runs', 'estimated CPU time'], rows)}\n`);
  process.stdout.write(`\nclaims: ${plan.claims.map((c) => c.id).join(', ')}\n`);
  if (plan.notRun.length) {
    process.stdout.write(`not run: ${plan.notRun.map((c) => c.id).join(', ')}\n`);
  }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

export function registerReproduceCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('reproduce')
    .description(
      "train small-scale versions of the paper's experiments over several seeds and write a report that checks each claim",
    )
    .option('--out <file>', 'the HTML report to write (required unless --plan)')
    .option(
      '--plan',
      'print the claims, the arms and the estimated time of each, then stop (trains nothing)',
    )
    .option('--quick', 'the small suite (under 15 minutes on a quiet 2-core machine)')
    .option('--seeds <n>', 'seeds per experiment (the rules need at least 3)', '3')
    .option('--claims <ids>', 'comma-separated claim ids to check (default: all the suite runs)')
    .option(
      '--set <key=value>',
      'override a dotted config key in every run (repeatable), e.g. steps=300',
      collect,
      [],
    )
    .option(
      '--fresh',
      'train every run anew instead of reusing matching runs of an earlier reproduce',
    )
    .action(async (options: ReproduceOptions) => {
      const merged = { ...global(), ...options };
      await withSession(creatingProject(merged), async (session) => {
        if (!options.out && !options.plan) {
          throw new Error(
            '--out FILE is required: the HTML report to write (or --plan to only plan)',
          );
        }
        const out = resolve(options.out ?? '.');
        if (!options.plan) {
          // Refuse a bad target before hours of training, and again when writing (fileOutput).
          refuseNonRegularTarget(out);
          if (!existsSync(dirname(out))) {
            throw new Error(`${out}: the folder ${dirname(out)} does not exist; nothing was run`);
          }
        }
        const seedCount = Number(options.seeds);
        const datasets = await session.call('datasets.list', {});
        const plan = planReproduction({
          context: { cifar10: datasets.some((d) => d.name === CIFAR10_DATASET_NAME) },
          tier: options.quick ? 'quick' : 'full',
          seedCount,
          ...(options.claims
            ? {
                only: options.claims
                  .split(',')
                  .map((id) => id.trim())
                  .filter(Boolean),
              }
            : {}),
          overrides: options.set,
        });
        const concurrency = Number(merged.concurrency ?? 1);
        const runSeconds = await Promise.all(
          plan.requests.map(
            async (r) =>
              (await session.call('config.estimate', { config: r.config })).estimatedSeconds,
          ),
        );
        const wall = estimateSuiteWallSeconds(runSeconds, concurrency);
        process.stderr.write(
          `reproduce (${plan.tier} suite): ${plan.claims.length} claims, ${plan.requests.length} runs (${plan.arms.length} arms × ${plan.seeds.length} seeds); estimated ${formatDuration(wall)} with ${concurrency} at once (the new-run form's cost model; Ctrl-C cancels, runs stay resumable)\n`,
        );
        if (options.plan) {
          printPlan(plan, runSeconds, session.json, wall);
          return;
        }
        const started = Date.now();
        const result = await runReproduction(
          plan,
          runQueueExecutor(session, options.fresh === true),
          apiReader(session),
        );
        const elapsedSeconds = (Date.now() - started) / 1000;
        const command = ['coherence-lab', ...process.argv.slice(2).map(shellWord)].join(' ');
        writeFileAtomically(
          out,
          renderReproductionReport(result, {
            generatedAt: new Date().toISOString(),
            appVersion: appVersion(),
            command,
            elapsedSeconds,
          }),
        );
        if (session.json) {
          printJson({
            claims: result.claims,
            notRun: result.notRun,
            tier: result.tier,
            seeds: result.seeds,
            elapsedSeconds: Math.round(elapsedSeconds),
            report: out,
          });
          return;
        }
        const rows = result.claims.map((c) => [c.id, c.verdict, c.reason]);
        process.stdout.write(`${formatTable(['claim', 'verdict', 'seeds'], rows)}\n`);
        if (result.notRun.length) {
          process.stdout.write(
            `\nnot run: ${result.notRun.map((c) => `${c.id} (${c.reason.replace(/^not run: /, '')})`).join('; ')}\n`,
          );
        }
        process.stdout.write(
          `\n${plan.requests.length} runs in ${formatDuration(elapsedSeconds)}; wrote ${out}\n`,
        );
      });
    });
}
