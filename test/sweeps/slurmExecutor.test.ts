import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSweep } from '../../src-main/sweeps/sweepExpansion';
import { readTaskFile, writeTaskFiles } from '../../src-main/sweeps/sweepTask';
import { SweepWorkFolder } from '../../src-main/sweeps/sweepWorkFolder';
import { submitSweepJob, type SweepJobRequest } from '../../src-main/sweeps/slurm/submitSweepJob';
import { latestJobByTask, readSubmissions } from '../../src-main/sweeps/slurm/sweepSubmissions';
import { cancelArrayTasks } from '../../src-main/sweeps/slurm/scancelTasks';
import {
  requeueArrayTasks,
  showArrayTasks,
  type ArrayTaskState,
} from '../../src-main/sweeps/slurm/scontrolJobs';
import { SlurmError, type SlurmClientOptions } from '../../src-main/sweeps/slurm/slurmCommand';
import { slurmOptionsSchema, type SlurmOptionsInput } from '../../src-main/shared/slurmOptions';
import { queuedTasks } from '../../src-main/sweeps/slurm/squeueTasks';
import { DEV_CLUSTER_START_TIMEOUT_MS, ensureSlurmDevCluster } from './slurmDevCluster';

/**
 * Against the real single-node Slurm (scripts/slurm-dev-cluster.sh). The array tasks run a
 * stand-in for `coherence-lab worker` (a shell script): it records its arguments and the task
 * file it read, writes the shard, and on SIGTERM records it and exits as the worker would.
 */
const STUB_WORKER = `#!/bin/bash
# Stand-in for "coherence-lab worker --task FILE --db SHARD" (args: worker --task F --db S).
task_file="$3"; shard="$5"
record="$(dirname "$shard")/../stub-$SLURM_ARRAY_TASK_ID.txt"
trap 'echo "SIGTERM attempt=\${SLURM_RESTART_COUNT:-0}" >> "$record"; exit 143' TERM
echo "args=$* attempt=\${SLURM_RESTART_COUNT:-0}" >> "$record"
grep -o '"taskIndex": [0-9]*' "$task_file" >> "$record"
# Only a first attempt lingers (long enough to be cancelled or requeued while running).
if [[ "\${SLURM_RESTART_COUNT:-0}" == 0 && -n "\${STUB_SLEEP:-}" ]]; then sleep "$STUB_SLEEP" & wait; fi
echo "done" > "$shard"
`;

const tinyBase = {
  dataset: { name: 'mnist', trainSize: 600, testSize: 200 },
  model: { kind: 'mlp', hidden: [16] },
  batchSize: 50,
  steps: 20,
  coherence: { m: 50 },
};

let scratch: string;
let stubWorker: string;
const submitted: number[] = [];

function prepareSweep(
  sweepId: string,
  seeds: number,
  options: SlurmOptionsInput = {},
  client: SlurmClientOptions = {},
): SweepJobRequest {
  const plan = expandSweep({
    name: `slurm test ${sweepId}`,
    base: { config: tinyBase },
    axes: { labelNoise: [0, 0.5] },
    seeds,
  });
  // A space in the path: the script's quoting must carry it through sbatch and bash.
  const folder = new SweepWorkFolder(join(scratch, 'lab project.sweeps', sweepId));
  folder.create();
  writeTaskFiles(sweepId, plan, folder);
  return {
    sweepId,
    sweepName: plan.definition.name,
    folder,
    taskIndices: plan.runs.map((r) => r.taskIndex),
    totalTasks: plan.runs.length,
    options: slurmOptionsSchema.parse({ command: stubWorker, ...options }),
    client,
  };
}

async function submit(request: SweepJobRequest): Promise<number> {
  const { jobId } = await submitSweepJob(request);
  submitted.push(jobId);
  return jobId;
}

/** Poll scontrol until `done` holds for the tasks; a clear failure after the deadline. */
async function waitForTasks(
  jobId: number,
  what: string,
  done: (tasks: ArrayTaskState[]) => boolean,
  timeoutMs = 60_000,
): Promise<ArrayTaskState[]> {
  const deadline = Date.now() + timeoutMs;
  let tasks: ArrayTaskState[] = [];
  while (Date.now() < deadline) {
    tasks = await showArrayTasks(jobId);
    if (done(tasks)) return tasks;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `job ${jobId}: ${what} did not happen within ${timeoutMs / 1000} s; tasks: ${JSON.stringify(tasks.map((t) => [t.taskIndex, t.state, t.reason]))}`,
  );
}

const stateOf = (tasks: ArrayTaskState[], index: number): string | undefined =>
  tasks.find((t) => t.taskIndex === index)?.state;

beforeAll(async () => {
  await ensureSlurmDevCluster();
  scratch = mkdtempSync(join(tmpdir(), 'clab-slurm-'));
  stubWorker = join(scratch, 'stub-worker.sh');
  writeFileSync(stubWorker, STUB_WORKER);
  chmodSync(stubWorker, 0o755);
}, DEV_CLUSTER_START_TIMEOUT_MS + 60_000);

afterAll(async () => {
  for (const jobId of submitted) await cancelArrayTasks(jobId).catch(() => undefined);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('Slurm executor pieces on the dev cluster', () => {
  it('runs one array task per run with its task file and shard, throttled by %P', async () => {
    const request = prepareSweep('array-1', 2, { maxConcurrent: 2 });
    const { folder } = request;
    expect(request.totalTasks).toBe(4);
    const jobId = await submit(request);
    expect(readFileSync(folder.scriptFile, 'utf8')).toContain('#SBATCH --array=0-3%2\n');
    expect(readSubmissions(folder)).toEqual([
      { jobId, cluster: null, taskIndices: [0, 1, 2, 3], submittedAt: expect.any(String) },
    ]);

    const queued = await queuedTasks(jobId);
    expect(queued.map((t) => t.taskIndex)).toEqual([0, 1, 2, 3]);
    expect(queued.every((t) => t.arrayJobId === jobId)).toBe(true);

    const tasks = await waitForTasks(
      jobId,
      'all 4 tasks completing',
      (t) => t.length === 4 && t.every((task) => task.state === 'COMPLETED'),
    );
    expect(tasks.map((t) => [t.taskIndex, t.exitCode, t.restarts])).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [2, 0, 0],
      [3, 0, 0],
    ]);
    for (let i = 0; i < 4; i += 1) {
      const record = readFileSync(join(folder.root, `stub-${i}.txt`), 'utf8');
      expect(record).toContain(
        `args=worker --task ${folder.taskFile(i)} --db ${folder.shardFile(i)} attempt=0`,
      );
      expect(record).toContain(`"taskIndex": ${i}`);
      expect(readTaskFile(folder.taskFile(i)).taskIndex).toBe(i);
      expect(readFileSync(folder.shardFile(i), 'utf8')).toBe('done\n');
      const log = readFileSync(folder.logFile(i, jobId, 'out'), 'utf8');
      expect(log).toMatch(
        new RegExp(`coherence-lab: task ${i} of job ${jobId} on \\S+, attempt 1,`),
      );
      expect(existsSync(folder.logFile(i, jobId, 'err'))).toBe(true);
    }
    // Ended tasks stay visible to squeue --states=all too (accounting is off: no sacct).
    const ended = await queuedTasks(jobId);
    expect(ended.map((t) => t.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
  });

  it('requeues a running task (it gets SIGTERM, then runs again) and cancels another', async () => {
    const request = prepareSweep('requeue-1', 1, {}, { env: { STUB_SLEEP: '60' } });
    const { folder } = request;
    const jobId = await submit(request);
    await waitForTasks(jobId, 'both tasks running', (t) =>
      [0, 1].every((i) => stateOf(t, i) === 'RUNNING'),
    );
    // The stub traps TERM only once it has written its first line.
    await waitForFile(join(folder.root, 'stub-0.txt'));
    await waitForFile(join(folder.root, 'stub-1.txt'));

    await requeueArrayTasks(jobId, [0]);
    await cancelArrayTasks(jobId, [1]);

    const tasks = await waitForTasks(
      jobId,
      'task 0 completing after its requeue, task 1 cancelled',
      (t) => stateOf(t, 0) === 'COMPLETED' && stateOf(t, 1) === 'CANCELLED',
    );
    const [task0, task1] = tasks;
    expect(task0.restarts).toBe(1);
    expect(task0.exitCode).toBe(0);
    expect(task1.restarts).toBe(0);
    expect(task1.exitCode === 143 || task1.exitSignal === 15).toBe(true);

    const record0 = readFileSync(join(folder.root, 'stub-0.txt'), 'utf8').split('\n');
    expect(
      record0.filter((l) => l.startsWith('args=')).map((l) => l.split(' attempt=')[1]),
    ).toEqual(['0', '1']);
    expect(record0).toContain('SIGTERM attempt=0');
    expect(readFileSync(folder.shardFile(0), 'utf8')).toBe('done\n');
    const record1 = readFileSync(join(folder.root, 'stub-1.txt'), 'utf8');
    expect(record1).toContain('SIGTERM attempt=0');
    expect(existsSync(folder.shardFile(1))).toBe(false);
    // --open-mode=append: the log keeps both attempts of the requeued task.
    const log0 = readFileSync(folder.logFile(0, jobId, 'out'), 'utf8');
    expect(log0).toMatch(/attempt 1,[\s\S]*attempt 2,/);

    // Cancelling what already ended is not an error.
    await expect(cancelArrayTasks(jobId)).resolves.toBeUndefined();

    // Resubmitting only the task that did not complete: a new array job over task 1 alone.
    const again = await submit({ ...request, taskIndices: [1], client: {} });
    expect(readFileSync(folder.scriptFile, 'utf8')).toContain('#SBATCH --array=1\n');
    const retried = await waitForTasks(
      again,
      'the resubmitted task completing',
      (t) => stateOf(t, 1) === 'COMPLETED',
    );
    expect(retried.map((t) => t.taskIndex)).toEqual([1]);
    expect(readFileSync(folder.shardFile(1), 'utf8')).toBe('done\n');
    expect(readFileSync(folder.logFile(1, again, 'out'), 'utf8')).toMatch(
      new RegExp(`task 1 of job ${again} on \\S+, attempt 1,`),
    );
    expect(readSubmissions(folder).map((r) => [r.jobId, r.taskIndices])).toEqual([
      [jobId, [0, 1]],
      [again, [1]],
    ]);
    expect([...latestJobByTask(readSubmissions(folder))]).toEqual([
      [0, jobId],
      [1, again],
    ]);
  });

  it('reports a job Slurm does not know as no tasks', async () => {
    expect(await showArrayTasks(987_654_321)).toEqual([]);
    expect(await queuedTasks(987_654_321)).toEqual([]);
  });

  it('turns a rejected submission into a SlurmError naming the reason', async () => {
    const request = prepareSweep('rejected-1', 1, { partition: 'no-such-partition' });
    const error = await submitSweepJob(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlurmError);
    expect(error).toMatchObject({ kind: 'rejected', program: 'sbatch' });
    expect((error as SlurmError).message).toMatch(
      /^Slurm refused the submission: .*invalid partition/i,
    );
    expect(readSubmissions(request.folder)).toEqual([]);
  });

  it('says so when sbatch is not installed', async () => {
    const emptyBin = mkdtempSync(join(scratch, 'bin-'));
    const request = prepareSweep('missing-1', 1, {}, { binDir: emptyBin });
    const error = await submitSweepJob(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-installed', program: 'sbatch' });
    expect((error as Error).message).toMatch(/sbatch was not found in .*bin-.*login node/);
    expect(readSubmissions(request.folder)).toEqual([]);
  });

  it('says so when the controller cannot be reached', async () => {
    // The same cluster configuration with a controller port nothing listens on (and a short
    // message timeout, so the clients give up after ~2 s instead of ~10 s).
    const conf =
      readFileSync('/etc/slurm/slurm.conf', 'utf8').replace(
        /^SlurmctldPort=.*$/m,
        'SlurmctldPort=6899',
      ) + '\nMessageTimeout=2\n';
    const unreachableConf = join(scratch, 'unreachable.conf');
    writeFileSync(unreachableConf, conf);
    const options = { env: { SLURM_CONF: unreachableConf } };
    const request = prepareSweep('unreachable-1', 1, {}, options);
    const [submitError, queueError] = await Promise.all([
      submitSweepJob(request).catch((e: unknown) => e),
      queuedTasks(1, options).catch((e: unknown) => e),
    ]);
    expect(submitError).toMatchObject({ kind: 'controller-unreachable', program: 'sbatch' });
    expect((submitError as Error).message).toMatch(/the Slurm controller cannot be reached/);
    expect(queueError).toMatchObject({ kind: 'controller-unreachable', program: 'squeue' });
    expect(readSubmissions(request.folder)).toEqual([]);
  });
});

async function waitForFile(path: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline)
      throw new Error(`${path} did not appear within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
