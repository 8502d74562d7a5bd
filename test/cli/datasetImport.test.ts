import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_CONFIG, runCli, tempLab, writeConfig } from './cliHarness';

/** An IDX images/labels pair of n 8×8 images whose class is encoded in a bright block. */
function writeIdxPair(dir: string, stem: string, n: number): string {
  const side = 8;
  const images = Buffer.alloc(16 + n * side * side);
  images.writeUInt32BE(0x00000803, 0);
  images.writeUInt32BE(n, 4);
  images.writeUInt32BE(side, 8);
  images.writeUInt32BE(side, 12);
  const labels = Buffer.alloc(8 + n);
  labels.writeUInt32BE(0x00000801, 0);
  labels.writeUInt32BE(n, 4);
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    labels[8 + i] = label;
    for (let p = 0; p < side * side; p++)
      images[16 + i * side * side + p] = p >> 4 === label ? 250 : (i * 7 + p) % 40;
  }
  const imagesPath = join(dir, `${stem}-images-idx3-ubyte`);
  writeFileSync(imagesPath, images);
  writeFileSync(join(dir, `${stem}-labels-idx1-ubyte`), labels);
  return imagesPath;
}

describe('datasets import', () => {
  it('imports an IDX pair found by naming, lists it, and trains on it from the trainer process', () => {
    const lab = tempLab();
    const images = writeIdxPair(lab.dir, 'blocks', 280);
    const imported = runCli(
      [
        'datasets',
        'import',
        images,
        '--format',
        'idx',
        '--name',
        'blocks',
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
    );
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toEqual({
      name: 'blocks',
      train: 240,
      test: 40,
      height: 8,
      width: 8,
      channels: 1,
      numClasses: 4,
    });

    const listed = JSON.parse(
      runCli(['datasets', 'list', '--db', lab.db, '--json'], lab.env).stdout,
    ) as { datasets: Array<{ name: string; builtin: boolean }> };
    expect(listed.datasets.map((d) => `${d.name}:${d.builtin}`)).toEqual([
      'mnist:true',
      'fashion-mnist:true',
      'linear-toy-real:true',
      'linear-toy-random:true',
      'blocks:false',
    ]);

    const again = runCli(
      ['datasets', 'import', images, '--format', 'idx', '--name', 'blocks', '--db', lab.db],
      lab.env,
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/a dataset named "blocks" already exists/);

    const config = writeConfig(lab.dir, {
      ...TINY_CONFIG,
      dataset: { name: 'blocks', trainSize: 200, testSize: 40 },
      steps: 30,
      coherence: { m: 50, chunkSize: 25 },
    });
    const run = runCli(['run', '--config', config, '--db', lab.db, '--json'], lab.env);
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { status: string; final: { testAcc: number } };
    expect(summary.status).toBe('completed');
    // Four trivially separable classes: a working pipeline learns them.
    expect(summary.final.testAcc).toBeGreaterThan(0.9);
  });

  it('refuses a malformed file with a message naming it, and registers nothing', () => {
    const lab = tempLab();
    const bad = join(lab.dir, 'broken-images-idx3-ubyte');
    writeFileSync(bad, Buffer.from([0, 0, 8, 3, 0, 0, 0, 9]));
    writeFileSync(join(lab.dir, 'broken-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 9]));
    const result = runCli(
      ['datasets', 'import', bad, '--format', 'idx', '--name', 'broken', '--db', lab.db],
      lab.env,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken-images-idx3-ubyte/);
    const listed = JSON.parse(
      runCli(['datasets', 'list', '--db', lab.db, '--json'], lab.env).stdout,
    ) as { datasets: Array<{ name: string }> };
    expect(listed.datasets.map((d) => d.name)).not.toContain('broken');
  });
});
