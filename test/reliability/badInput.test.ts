import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { ProjectStore } from '../../src-main/store/projectStore';
import { TINY_CONFIG, runCli, tempLab } from '../cli/cliHarness';
import { fixtureBytes, idxBytes } from '../engine/data/dataFileFixtures';
import { countRows, FailFastLauncher, useLabHome } from './reliabilityHarness';

const lab = tempLab();
const files = join(lab.dir, 'files');
mkdirSync(files);
let api: LabApi;
const launcher = new FailFastLauncher();

useLabHome(lab.dir);

beforeAll(async () => {
  api = await createLabApi({ projectPath: lab.db, cacheDir: join(lab.dir, 'cache'), launcher });
});
afterAll(async () => {
  await api.close();
});

async function refusal(method: string, input: unknown): Promise<ApiError> {
  try {
    await api.callUntyped(method, input);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`${method} was expected to be refused`);
}

const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(files, name);
  writeFileSync(path, bytes);
  return path;
};
const images = (n: number): Uint8Array => idxBytes([n, 2, 2], fixtureBytes(n * 4));
const labels = (n: number): Uint8Array =>
  idxBytes(
    [n],
    Uint8Array.from({ length: n }, (_, i) => i % 3),
  );

/** Many gzip members of 1 MiB of zeros each: a small file that gunzips past the 512 MiB limit. */
function gzipBomb(mebibytes: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024));
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
}

interface DatasetCase {
  readonly name: string;
  readonly input: () => Record<string, unknown>;
  readonly message: RegExp;
}

const datasetCases: DatasetCase[] = [
  {
    name: 'truncated gzip',
    input: () => {
      const gz = gzipSync(images(50));
      file('trunc-labels-idx1-ubyte', labels(50));
      return {
        path: file('trunc-images-idx3-ubyte', gz.subarray(0, gz.length - 12)),
        format: 'idx',
      };
    },
    message: /trunc-images-idx3-ubyte: gzip data is truncated or corrupt/,
  },
  {
    name: 'gzip that expands beyond the size limit',
    input: () => {
      file('bomb-labels-idx1-ubyte', labels(3));
      return { path: file('bomb-images-idx3-ubyte.gz', gzipBomb(520)), format: 'idx' };
    },
    message:
      /bomb-images-idx3-ubyte\.gz: gzip data decompresses to more than the limit of 536,870,912 bytes/,
  },
  {
    name: 'IDX with dimensions whose product overflows 32 bits',
    input: () => {
      file('over-labels-idx1-ubyte', labels(3));
      return {
        path: file(
          'over-images-idx3-ubyte',
          idxBytes([0xffffffff, 0xffffffff, 0xffffffff], new Uint8Array(0)),
        ),
        format: 'idx',
      };
    },
    message:
      /over-images-idx3-ubyte: at byte \d+: dimensions 4294967295… need more than the limit of 536,870,912 bytes/,
  },
  {
    name: 'CIFAR file of the wrong length',
    input: () => ({
      path: file('data_batch_1.bin', new Uint8Array(3073 * 2 + 5)),
      format: 'cifar10',
    }),
    message: /data_batch_1\.bin: length 6,151 bytes is not a positive multiple of 3073/,
  },
  {
    name: 'CSV with NaN',
    input: () => ({ path: file('nan.csv', '1,0,0,0,0\n2,0,NaN,0,0\n'), format: 'csv' }),
    message: /nan\.csv: row 2, column 3: expected a finite pixel value 0–255, found 'NaN'/,
  },
  {
    name: 'CSV with Infinity',
    input: () => ({ path: file('inf.csv', 'label,a,b,c,d\n1,0,0,0,Infinity\n'), format: 'csv' }),
    message: /inf\.csv: row 2, column 5 \(d\): expected a finite pixel value/,
  },
  {
    name: 'CSV with a ragged row',
    input: () => ({ path: file('ragged.csv', '1,0,0,0,0\n2,0,0,0,0\n3,0,0,0\n'), format: 'csv' }),
    message: /ragged\.csv: row 3: expected 5 columns \(as in row 1\), found 4/,
  },
  {
    name: 'CSV with a non-numeric label',
    input: () => ({
      path: file('label.csv', 'label,a,b,c,d\n1,0,0,0,0\ncat,0,0,0,0\n'),
      format: 'csv',
    }),
    message: /label\.csv: row 3, column 1 \(label\): expected an integer class label, found 'cat'/,
  },
  {
    name: 'empty CSV file',
    input: () => ({ path: file('empty.csv', ''), format: 'csv' }),
    message: /empty\.csv: file is empty/,
  },
  {
    name: 'empty IDX file',
    input: () => {
      file('void-labels-idx1-ubyte', labels(1));
      return { path: file('void-images-idx3-ubyte', ''), format: 'idx' };
    },
    message: /void-images-idx3-ubyte: at byte 0: expected IDX magic .* found only 0 bytes/,
  },
  {
    name: 'empty CIFAR file',
    input: () => ({ path: file('data_batch_0.bin', ''), format: 'cifar10' }),
    message: /data_batch_0\.bin: length 0 bytes is not a positive multiple of 3073/,
  },
  {
    name: 'a directory instead of a file',
    input: () => {
      mkdirSync(join(files, 'folder.csv'), { recursive: true });
      return { path: join(files, 'folder.csv'), format: 'csv' };
    },
    message: /folder\.csv: expected a file, found a directory/,
  },
  {
    name: 'a device that never ends (/dev/zero)',
    input: () => ({ path: '/dev/zero', format: 'csv' }),
    message: /zero: expected a regular file, found a device/,
  },
  {
    name: 'a named pipe that would block forever',
    input: () => {
      const fifo = join(files, 'pipe.csv');
      execFileSync('mkfifo', [fifo]);
      return { path: fifo, format: 'csv' };
    },
    message: /pipe\.csv: expected a regular file, found a named pipe/,
  },
];

describe('malformed dataset files through datasets.import', () => {
  const messages: string[] = [];

  it.each(datasetCases)(
    'refuses $name with its own message and registers nothing',
    async ({ input, message }) => {
      const before = (await api.call('datasets.list', {})) as unknown[];
      // A case that hangs (reading a FIFO, inflating a bomb to the end) fails by the test's
      // timeout; no wall-clock assertion, which would fail on a loaded machine instead.
      const error = await refusal('datasets.import', {
        ...input(),
        name: `bad-${messages.length}`,
      });
      expect(error.body.code).toBe('invalid-input');
      expect(error.body.message).toMatch(message);
      messages.push(error.body.message);
      expect(await api.call('datasets.list', {})).toEqual(before);
    },
  );

  it('gave every case a different message', () => {
    expect(messages).toHaveLength(datasetCases.length);
    expect(new Set(messages).size).toBe(datasetCases.length);
    expect(countRows(lab.db, 'datasets')).toBe(0);
  });
});

describe('run configs at and beyond their limits', () => {
  const refused: Array<{ name: string; config: Record<string, unknown>; key: string }> = [
    { name: 'lr 0', config: { optimizer: { kind: 'sgd', lr: 0 } }, key: 'config.optimizer.lr' },
    {
      name: 'lr < 0',
      config: { optimizer: { kind: 'sgd', lr: -0.1 } },
      key: 'config.optimizer.lr',
    },
    { name: 'lr NaN', config: { optimizer: { kind: 'sgd', lr: NaN } }, key: 'config.optimizer.lr' },
    {
      name: 'lr Infinity',
      config: { optimizer: { kind: 'sgd', lr: Infinity } },
      key: 'config.optimizer.lr',
    },
    { name: 'batch 0', config: { batchSize: 0 }, key: 'config.batchSize' },
    { name: 'batch > training set', config: { batchSize: 601 }, key: 'config.batchSize' },
    {
      name: 'training set > the dataset',
      config: { dataset: { name: 'mnist', trainSize: 60_001, testSize: 200 } },
      key: 'config.dataset.trainSize',
    },
    {
      name: 'm > probe pool',
      config: { coherence: { m: 601, chunkSize: 50 } },
      key: 'config.coherence.m',
    },
    {
      name: 'hidden width 0',
      config: { model: { kind: 'mlp', hidden: [0] } },
      key: 'config.model.hidden.0',
    },
    { name: 'noise < 0', config: { labelNoise: -0.01 }, key: 'config.labelNoise' },
    { name: 'noise > 1', config: { labelNoise: 1.01 }, key: 'config.labelNoise' },
    {
      name: 'unknown dataset',
      config: { dataset: { name: 'no-such-set', trainSize: 600, testSize: 200 } },
      key: 'config.dataset.name',
    },
  ];

  it.each(refused)(
    'refuses $name before anything is written, naming $key',
    async ({ config, key }) => {
      const runsBefore = countRows(lab.db, 'runs');
      const launchedBefore = launcher.launched;
      const error = await refusal('runs.create', {
        config: { ...TINY_CONFIG, ...config },
        name: 'limit',
      });
      expect(error.body.code).toBe('invalid-input');
      expect(error.body.issues?.map((i) => i.path)).toContain(key);
      expect(error.body.message).toContain(key);
      expect(countRows(lab.db, 'runs')).toBe(runsBefore);
      expect(launcher.launched).toBe(launchedBefore);
    },
  );

  it('refuses an unknown dataset given as a preset override, creating none of the variants', async () => {
    const runsBefore = countRows(lab.db, 'runs');
    const error = await refusal('runs.createFromPreset', {
      preset: 'real-vs-random',
      overrides: ['dataset.name=nope'],
    });
    expect(error.body.message).toMatch(/dataset\.name: unknown dataset "nope"/);
    expect(countRows(lab.db, 'runs')).toBe(runsBefore);
  });

  it('accepts values exactly at the limits', async () => {
    for (const config of [
      { optimizer: { kind: 'sgd', lr: 1e-9 } },
      { batchSize: 600 },
      { coherence: { m: 600, chunkSize: 50 } },
      { labelNoise: 0 },
      { labelNoise: 1 },
      {
        dataset: { name: 'mnist', trainSize: 60_000, testSize: 10_000 },
        coherence: { m: 100, chunkSize: 50 },
      },
    ]) {
      const result = (await api.call('runs.create', {
        config: { ...TINY_CONFIG, ...config },
        name: 'at limit',
      })) as {
        runIds: number[];
      };
      expect(result.runIds).toHaveLength(1);
    }
  });
});

describe('project files that must be refused and never modified', () => {
  const sha = (path: string): string =>
    createHash('sha256').update(readFileSync(path)).digest('hex');

  function projectFiles(): Array<{ name: string; path: string; message: RegExp }> {
    const dir = join(lab.dir, 'projects');
    mkdirSync(dir, { recursive: true });
    const text = join(dir, 'notes.clab');
    writeFileSync(text, 'these are my notes, not a database\n'.repeat(20));
    const newer = join(dir, 'newer.clab');
    ProjectStore.open(newer, { create: true, appVersion: 'test' }).close();
    const db = new Database(newer);
    db.pragma('user_version = 999');
    db.pragma('journal_mode = DELETE');
    db.close();
    const whole = join(dir, 'whole.clab');
    const store = ProjectStore.open(whole, { create: true, appVersion: 'test' });
    store.db.exec('CREATE TABLE padding (x); INSERT INTO padding VALUES (zeroblob(200000));');
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const truncated = join(dir, 'truncated.clab');
    const bytes = readFileSync(whole);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    return [
      {
        name: 'not SQLite',
        path: text,
        message: /not a Coherence Lab project \(not an SQLite database\)/,
      },
      {
        name: 'a newer schema',
        path: newer,
        message: /written by a newer Coherence Lab \(schema 999/,
      },
      { name: 'truncated', path: truncated, message: /is damaged \(truncated/ },
    ];
  }

  it('refuses each through project.open and the CLI with a message, bytes unchanged, no side files', async () => {
    for (const { name, path, message } of projectFiles()) {
      const before = sha(path);
      const error = await refusal('project.open', { path });
      expect(error.body.message, name).toMatch(message);
      const cli = runCli(['list', '--db', path, '--json'], lab.env);
      expect(cli.status, name).toBe(1);
      expect(cli.stdout, name).toMatch(message);
      expect(sha(path), name).toBe(before);
      expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`), name).toBe(false);
    }
    // The API still serves the project it had open.
    expect(((await api.call('project.info', {})) as { path: string }).path).toBe(lab.db);
  });
});
