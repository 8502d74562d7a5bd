import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SweepWorkFolder } from '../../src-main/sweeps/sweepWorkFolder';
import { formatArrayIndices, parseArrayIndices } from '../../src-main/sweeps/slurm/arrayIndices';
import { renderSbatchScript } from '../../src-main/sweeps/slurm/sbatchScript';
import { parseParsableSubmission } from '../../src-main/sweeps/slurm/sbatchSubmit';
import { parseShowJob } from '../../src-main/sweeps/slurm/scontrolJobs';
import { slurmOptionsSchema, type SlurmOptionsInput } from '../../src-main/shared/slurmOptions';
import { parseQueueLines, parseSlurmDuration } from '../../src-main/sweeps/slurm/squeueTasks';

const folder = SweepWorkFolder.besideProject('/shared/alice/robust.clab', '3-k9x2');

function render(options: SlurmOptionsInput = {}, taskIndices = [0, 1, 2, 3, 4, 5, 6, 7]): string {
  return renderSbatchScript({
    sweepId: '3-k9x2',
    sweepName: 'noise × aggregator',
    folder,
    taskIndices,
    totalTasks: 8,
    options: slurmOptionsSchema.parse(options),
  });
}

const directives = (script: string): string[] =>
  script.split('\n').filter((line) => line.startsWith('#SBATCH '));

describe('renderSbatchScript', () => {
  it('writes one array job over the work folder with every requested option', () => {
    const script = render({
      partition: 'gpu',
      time: '02:00:00',
      gres: 'gpu:1',
      cpusPerTask: 4,
      mem: '16G',
      account: 'lab42',
      maxConcurrent: 4,
      sbatchArgs: ['--qos=normal', '--constraint=avx2'],
      command: 'node /shared/coherence-lab/bin/coherence-lab.js',
    });
    const root = '/shared/alice/robust.sweeps/3-k9x2';
    expect(directives(script)).toEqual([
      '#SBATCH --job-name=clab-3-k9x2',
      '#SBATCH --array=0-7%4',
      '#SBATCH --requeue',
      `#SBATCH --chdir="${root}"`,
      '#SBATCH --open-mode=append',
      `#SBATCH --output="${root}/logs/task-%5a-job-%A.out"`,
      `#SBATCH --error="${root}/logs/task-%5a-job-%A.err"`,
      '#SBATCH --partition=gpu',
      '#SBATCH --time=02:00:00',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --cpus-per-task=4',
      '#SBATCH --mem=16G',
      '#SBATCH --account=lab42',
      '#SBATCH --qos=normal',
      '#SBATCH --constraint=avx2',
    ]);
    expect(
      script.startsWith(
        '#!/bin/bash\n# Coherence Lab sweep "noise × aggregator" (3-k9x2): 8 of 8 runs',
      ),
    ).toBe(true);
    expect(script).toContain(
      'exec node /shared/coherence-lab/bin/coherence-lab.js worker --task "$task_file" --db "$shard"',
    );
    // sbatch reads #SBATCH lines only before the first command.
    const firstCommand = script.split('\n').findIndex((l) => l.length > 0 && !l.startsWith('#'));
    const lastDirective = script.split('\n').findLastIndex((l) => l.startsWith('#SBATCH'));
    expect(lastDirective).toBeLessThan(firstCommand);
  });

  it('defaults to `coherence-lab worker`, no throttle and no optional directives', () => {
    const script = render();
    expect(directives(script)).toHaveLength(7);
    expect(script).toContain('#SBATCH --array=0-7\n');
    expect(script).toContain('exec coherence-lab worker --task "$task_file" --db "$shard"');
  });

  it('resubmits a subset as compact ranges', () => {
    expect(render({ maxConcurrent: 2 }, [6, 1, 2, 3])).toContain('#SBATCH --array=1-3,6%2\n');
  });

  it('is valid bash that resolves task i to its task file and shard', () => {
    const script = render({ command: 'echo' });
    execFileSync('bash', ['-n'], { input: script });
    // Run the body with the command replaced by echo: it prints the worker's arguments.
    const body = script.replace(/if \[\[ ! -r[\s\S]*?fi\n/, '');
    const out = execFileSync('bash', ['-c', body], {
      env: {
        ...process.env,
        SLURM_ARRAY_TASK_ID: '7',
        SLURM_ARRAY_JOB_ID: '99',
        SLURM_RESTART_COUNT: '2',
      },
      encoding: 'utf8',
    });
    expect(out).toMatch(/^coherence-lab: task 7 of job 99 on \S+, attempt 3, \d{4}-/);
    expect(out.trim().split('\n').pop()).toBe(
      `worker --task ${folder.taskFile(7)} --db ${folder.shardFile(7)}`,
    );
  });

  it('carries a work folder with spaces and quotes into bash intact', () => {
    const odd = new SweepWorkFolder("/data/Alice's lab/x.sweeps/7");
    const script = renderSbatchScript({
      sweepId: '7',
      sweepName: 'two\nlines',
      folder: odd,
      taskIndices: [0],
      totalTasks: 1,
      options: slurmOptionsSchema.parse({ command: 'echo' }),
    });
    expect(script.split('\n')[1]).toBe(
      '# Coherence Lab sweep "two lines" (7): 1 of 1 runs in this submission.',
    );
    const out = execFileSync('bash', ['-c', script.replace(/if \[\[ ! -r[\s\S]*?fi\n/, '')], {
      env: { ...process.env, SLURM_ARRAY_TASK_ID: '0' },
      encoding: 'utf8',
    });
    expect(out.trim().split('\n').pop()).toBe(
      `worker --task ${odd.taskFile(0)} --db ${odd.shardFile(0)}`,
    );
  });

  it('tells a person who runs it without sbatch what to do', () => {
    const env = { ...process.env };
    delete env.SLURM_ARRAY_TASK_ID;
    const result = spawnSync('bash', ['-c', render()], { env, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/submit this script with sbatch: it runs as a Slurm array task/);
  });

  it('refuses a work folder the script cannot carry', () => {
    for (const bad of ['/data/50%/x', '/data/a"b/x', '/data/$HOME/x', '/data/a\nb/x']) {
      expect(() =>
        renderSbatchScript({
          sweepId: 's',
          sweepName: 's',
          folder: new SweepWorkFolder(bad),
          taskIndices: [0],
          totalTasks: 1,
          options: slurmOptionsSchema.parse({}),
        }),
      ).toThrow(/contains a character Slurm job scripts cannot carry.*--work-dir/);
    }
  });
});

describe('slurmOptionsSchema', () => {
  it('accepts the usual forms', () => {
    for (const time of ['30', '10:00', '02:00:00', '1-12', '1-12:30', '2-00:00:00', 'UNLIMITED']) {
      expect(slurmOptionsSchema.safeParse({ time }).success).toBe(true);
    }
    for (const gres of ['gpu:1', 'gpu:a100:2', 'gpu:1,shard:2']) {
      expect(slurmOptionsSchema.safeParse({ gres }).success).toBe(true);
    }
    expect(slurmOptionsSchema.parse({ partition: 'gpu,cpu', mem: '4000' })).toMatchObject({
      partition: 'gpu,cpu',
      mem: '4000',
      command: 'coherence-lab',
      sbatchArgs: [],
    });
  });

  it('names the option and the expected form of a bad value', () => {
    const problems = (input: unknown): string[] => {
      const result = slurmOptionsSchema.safeParse(input);
      return result.success
        ? []
        : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ time: '2h' })).toEqual([
      'time: must be a Slurm time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS',
    ]);
    expect(problems({ mem: '16 GB' })).toEqual(['mem: must be a size such as 4G or 16000 (MB)']);
    expect(problems({ partition: 'gpu\n#SBATCH --x' })).toEqual([
      'partition: must be a partition name or a comma list',
    ]);
    expect(problems({ cpusPerTask: 0 })[0]).toMatch(/^cpusPerTask: /);
    expect(problems({ sbatchArgs: ['qos=normal'] })[0]).toMatch(
      /^sbatchArgs.0: must be an sbatch option/,
    );
    expect(problems({ sbatchArgs: ['--comment="$(rm -rf ~)"'] })[0]).toMatch(
      /must not contain quotes/,
    );
    expect(problems({ sbatchArgs: ['--array=0-3'] })[0]).toMatch(/is set by the sweep itself/);
    expect(problems({ sbatchArgs: ['-o', 'x'] })[0]).toMatch(
      /sbatchArgs.0: is set by the sweep itself/,
    );
    expect(problems({ command: 'a\nb' })).toEqual(['command: must be one line']);
    expect(problems({ gpus: 1 })).toEqual([': Unrecognized key: "gpus"']);
  });
});

describe('array index expressions', () => {
  it('formats indices as the shortest range list and reads Slurm’s forms back', () => {
    expect(formatArrayIndices([0, 1, 2, 3])).toBe('0-3');
    expect(formatArrayIndices([8, 0, 1, 2, 5, 7, 2])).toBe('0-2,5,7-8');
    expect(formatArrayIndices([4])).toBe('4');
    expect(parseArrayIndices('2-5%2')).toEqual([2, 3, 4, 5]);
    expect(parseArrayIndices('[1,3,7-9]')).toEqual([1, 3, 7, 8, 9]);
    expect(parseArrayIndices('0-12:4')).toEqual([0, 4, 8, 12]);
    for (const indices of [[0], [3, 4, 9], [0, 2, 4, 5, 6, 10]]) {
      expect(parseArrayIndices(formatArrayIndices(indices))).toEqual(indices);
    }
    expect(() => formatArrayIndices([])).toThrow(/at least one/);
    expect(() => formatArrayIndices([-1])).toThrow(/non-negative/);
    expect(() => parseArrayIndices('5-2')).toThrow(/unreadable/);
  });
});

describe('Slurm output parsers', () => {
  it('reads sbatch --parsable', () => {
    expect(parseParsableSubmission('4242\n')).toEqual({ jobId: 4242, cluster: null });
    expect(parseParsableSubmission('17;clab-dev\n')).toEqual({ jobId: 17, cluster: 'clab-dev' });
    expect(() => parseParsableSubmission('Submitted batch job 5\n')).toThrow(/instead of a job id/);
  });

  it('reads scontrol --oneliner show job records, expanding collapsed pending tasks', () => {
    // Real records from the dev cluster (Slurm 22.05), trimmed of fields we do not read.
    const stdout = [
      'JobId=17 ArrayJobId=17 ArrayTaskId=4-6%2 ArrayTaskThrottle=2 JobName=clab-x UserId=root(0) JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 ExitCode=0:0 RunTime=00:00:00 NodeList= TRES=cpu=1,mem=24105M,node=1 StdOut=/tmp/a b/task-%5a-job-%A.out',
      'JobId=21 ArrayJobId=17 ArrayTaskId=3 JobState=CANCELLED Reason=None Restarts=0 BatchFlag=1 ExitCode=0:15 RunTime=00:00:01 NodeList=vm',
      'JobId=18 ArrayJobId=17 ArrayTaskId=0 JobState=COMPLETED Reason=None Restarts=1 BatchFlag=1 ExitCode=0:0 RunTime=1-02:03:04 NodeList=vm',
      '',
    ].join('\n');
    const tasks = parseShowJob(stdout);
    expect(tasks.map((t) => [t.taskIndex, t.jobId, t.state, t.reason, t.restarts])).toEqual([
      [0, 18, 'COMPLETED', 'None', 1],
      [3, 21, 'CANCELLED', 'None', 0],
      [4, 17, 'PENDING', 'JobArrayTaskLimit', 0],
      [5, 17, 'PENDING', 'JobArrayTaskLimit', 0],
      [6, 17, 'PENDING', 'JobArrayTaskLimit', 0],
    ]);
    expect(tasks[0].runSeconds).toBe(((24 + 2) * 60 + 3) * 60 + 4);
    expect(tasks[1]).toMatchObject({ exitCode: 0, exitSignal: 15, nodes: 'vm', arrayJobId: 17 });
    expect(tasks[2].nodes).toBe('');
    expect(() => parseShowJob('JobId=5 JobState=RUNNING')).toThrow(/not an array job/);
  });

  it('reads squeue lines and Slurm durations', () => {
    const tasks = parseQueueLines(
      '2|17|17|PENDING|JobArrayTaskLimit|0:00|\n1|19|17|RUNNING|None|1:02:03|vm\n',
    );
    expect(tasks).toEqual([
      {
        taskIndex: 1,
        jobId: 19,
        arrayJobId: 17,
        state: 'RUNNING',
        reason: 'None',
        elapsedSeconds: 3723,
        nodes: 'vm',
      },
      {
        taskIndex: 2,
        jobId: 17,
        arrayJobId: 17,
        state: 'PENDING',
        reason: 'JobArrayTaskLimit',
        elapsedSeconds: 0,
        nodes: '',
      },
    ]);
    expect(parseSlurmDuration('0:07')).toBe(7);
    expect(parseSlurmDuration('INVALID')).toBe(0);
    expect(() => parseQueueLines('N/A|17|17|RUNNING|None|0:01|vm')).toThrow(
      /unreadable squeue line/,
    );
  });
});
