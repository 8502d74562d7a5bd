import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandSweep } from '../../src-main/sweeps/sweepExpansion';
import {
  readTaskFile,
  SWEEP_TASK_FORMAT,
  SweepTaskError,
  writeTaskFiles,
} from '../../src-main/sweeps/sweepTask';
import { SweepWorkFolder } from '../../src-main/sweeps/sweepWorkFolder';
import {
  appendSubmission,
  latestJobByTask,
  readSubmissions,
} from '../../src-main/sweeps/slurm/sweepSubmissions';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'clab-sweep-task-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const plan = expandSweep({
  name: 'tasks',
  base: { config: { dataset: { trainSize: 600, testSize: 200 }, steps: 10, coherence: { m: 50 } } },
  axes: { labelNoise: [0, 0.5] },
  seeds: [3, 9],
});

describe('SweepWorkFolder', () => {
  it('lives beside the project as <name>.sweeps/<id> with one file per task', () => {
    const folder = SweepWorkFolder.besideProject('/home/alice/robust.clab', '12-ab');
    expect(folder.root).toBe('/home/alice/robust.sweeps/12-ab');
    expect(folder.taskFile(3)).toBe('/home/alice/robust.sweeps/12-ab/tasks/00003.json');
    expect(folder.shardFile(123_456)).toBe('/home/alice/robust.sweeps/12-ab/shards/123456.clab');
    expect(folder.shardRelativePath(42)).toBe('shards/00042.clab');
    expect(folder.logFile(7, 4242, 'err')).toBe(
      '/home/alice/robust.sweeps/12-ab/logs/task-00007-job-4242.err',
    );
    expect(folder.logPattern('out')).toBe(
      '/home/alice/robust.sweeps/12-ab/logs/task-%5a-job-%A.out',
    );
    expect(SweepWorkFolder.besideProject('/p/noext', 'x').root).toBe('/p/noext.sweeps/x');
  });

  it('refuses relative folders and ids that are not a plain path segment', () => {
    expect(() => new SweepWorkFolder('lab.sweeps/1')).toThrow(/absolute path/);
    for (const id of ['../up', 'a/b', '', '.hidden', 'x'.repeat(65)]) {
      expect(() => SweepWorkFolder.besideProject('/p/lab.clab', id)).toThrow(/letters, digits/);
    }
  });
});

describe('task files', () => {
  it('writes one task per run and reads each back with its validated config', () => {
    const folder = new SweepWorkFolder(join(scratch, 'lab.sweeps', 's1'));
    folder.create();
    folder.create(); // idempotent
    writeTaskFiles('s1', plan, folder);
    expect(readdirSync(folder.tasksDir)).toEqual([
      '00000.json',
      '00001.json',
      '00002.json',
      '00003.json',
    ]);
    for (const run of plan.runs) {
      const task = readTaskFile(folder.taskFile(run.taskIndex));
      expect(task).toEqual({
        format: SWEEP_TASK_FORMAT,
        sweepId: 's1',
        taskIndex: run.taskIndex,
        runName: run.name,
        cellIndex: run.cellIndex,
        cell: plan.cells[run.cellIndex].key,
        seed: run.seed,
        runConfig: run.config,
        shardPath: folder.shardRelativePath(run.taskIndex),
      });
    }
    expect(readTaskFile(folder.taskFile(3))).toMatchObject({ seed: 9, cell: { labelNoise: 0.5 } });
    // No temp files left behind by the atomic writes.
    expect(readdirSync(folder.tasksDir).some((f) => f.startsWith('.'))).toBe(false);
  });

  it('refuses a missing, unreadable, edited or foreign task file, naming the file', () => {
    const folder = new SweepWorkFolder(join(scratch, 'w'));
    folder.create();
    writeTaskFiles('s2', plan, folder);
    const file = folder.taskFile(1);
    const original = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const rewrite = (change: Record<string, unknown>): void =>
      writeFileSync(file, JSON.stringify({ ...original, ...change }));

    expect(() => readTaskFile(join(folder.tasksDir, '99999.json'))).toThrow(
      /task file .*99999.json: does not exist \(is the work folder on a file system this node shares\?\)/,
    );
    writeFileSync(file, '{"format": 1, "sweepId": ');
    expect(() => readTaskFile(file)).toThrow(/00001.json: is not readable JSON/);
    rewrite({ format: 2 });
    expect(() => readTaskFile(file)).toThrow(/format 2 is not one this version reads \(1\)/);
    rewrite({ runConfig: { ...(original.runConfig as object), labelNoise: 2 } });
    expect(() => readTaskFile(file)).toThrow(/00001.json: runConfig: labelNoise: /);
    rewrite({ seed: 4 });
    expect(() => readTaskFile(file)).toThrow(/seed 4 differs from runConfig.seed 3/);
    rewrite({ shardPath: '/elsewhere/x.clab' });
    expect(() => readTaskFile(file)).toThrow(/shardPath: must be shards\/<task number>.clab/);
    rewrite({ sweepId: '../x' });
    expect(() => readTaskFile(file)).toThrow(SweepTaskError);
  });
});

describe('submissions.json', () => {
  it('appends submissions in order and names the latest job of each task', () => {
    const folder = new SweepWorkFolder(join(scratch, 's'));
    folder.create();
    expect(readSubmissions(folder)).toEqual([]);
    const at = '2026-01-01T00:00:00.000Z';
    appendSubmission(folder, { jobId: 40, cluster: null, taskIndices: [0, 1, 2], submittedAt: at });
    appendSubmission(folder, { jobId: 57, cluster: 'hpc', taskIndices: [1], submittedAt: at });
    expect(readSubmissions(folder).map((r) => r.jobId)).toEqual([40, 57]);
    expect([...latestJobByTask(readSubmissions(folder))]).toEqual([
      [0, 40],
      [1, 57],
      [2, 40],
    ]);
  });

  it('refuses a damaged file by name instead of forgetting submissions', () => {
    const folder = new SweepWorkFolder(join(scratch, 'd'));
    folder.create();
    writeFileSync(folder.submissionsFile, '[{"jobId": 4');
    expect(() => readSubmissions(folder)).toThrow(/submissions.json: not readable JSON/);
    writeFileSync(folder.submissionsFile, '[{"jobId": "x"}]');
    expect(() => readSubmissions(folder)).toThrow(/submissions.json: not a list of submissions/);
    expect(() =>
      appendSubmission(folder, { jobId: 1, cluster: null, taskIndices: [0], submittedAt: '' }),
    ).toThrow(/submissions.json/);
  });
});
