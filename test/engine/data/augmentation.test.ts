import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { ConfigError } from '../../../src-main/engine/config/configIssues';
import type { RunConfigInput } from '../../../src-main/engine/config/configSchemas';
import { augmentRows, shiftAndFlip } from '../../../src-main/engine/data/augmentation';
import type { EngineRecord } from '../../../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { testsBackend } from '../backendsUnderTest';
import { collectRecords } from '../train/trainingHarness';

const square = { height: 3, width: 3, channels: 1 };
const digits = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe('shiftAndFlip (hand-computed)', () => {
  it('shifts with zero fill, mirrors left-right, and keeps channels together', () => {
    expect(Array.from(shiftAndFlip(digits, square, 1, 0, false))).toEqual([
      4, 5, 6, 7, 8, 9, 0, 0, 0,
    ]);
    expect(Array.from(shiftAndFlip(digits, square, 0, 1, false))).toEqual([
      2, 3, 0, 5, 6, 0, 8, 9, 0,
    ]);
    expect(Array.from(shiftAndFlip(digits, square, 0, 0, true))).toEqual([
      3, 2, 1, 6, 5, 4, 9, 8, 7,
    ]);
    // Mirrored, then read one column to the left: c → (2 − c) − 1.
    expect(Array.from(shiftAndFlip(digits, square, -1, -1, true))).toEqual([
      0, 0, 0, 2, 1, 0, 5, 4, 0,
    ]);
    const rgb = Float32Array.from([1, 10, 2, 20]); // 1×2 image, 2 channels
    expect(Array.from(shiftAndFlip(rgb, { height: 1, width: 2, channels: 2 }, 0, 0, true))).toEqual(
      [2, 20, 1, 10],
    );
  });
});

describe('augmentRows', () => {
  /** Every (dy, dx, flip) within the padding that maps `input` to `output`. */
  const explanations = (input: Float32Array, output: Float32Array, p: number): string[] => {
    const found: string[] = [];
    for (let dy = -p; dy <= p; dy++)
      for (let dx = -p; dx <= p; dx++)
        for (const flip of [false, true]) {
          const candidate = shiftAndFlip(input, square, dy, dx, flip);
          if (candidate.every((v, i) => v === output[i])) found.push(`${dy},${dx},${flip}`);
        }
    return found;
  };

  it('draws a crop within the padding per example, the same for the same seed and step', () => {
    const batch = 40;
    const rows = (): Float32Array => {
      const out = new Float32Array(batch * 9);
      for (let i = 0; i < batch; i++) out.set(digits, i * 9);
      return out;
    };
    const a = rows();
    augmentRows(a, batch, square, { cropPadding: 1, horizontalFlip: false }, 3, 5);
    const b = rows();
    augmentRows(b, batch, square, { cropPadding: 1, horizontalFlip: false }, 3, 5);
    expect(Array.from(a)).toEqual(Array.from(b));
    const c = rows();
    augmentRows(c, batch, square, { cropPadding: 1, horizontalFlip: false }, 3, 6);
    expect(Array.from(c)).not.toEqual(Array.from(a));
    const shifts = new Set<string>();
    for (let i = 0; i < batch; i++) {
      const found = explanations(digits, a.subarray(i * 9, (i + 1) * 9), 1);
      expect(found.some((f) => f.endsWith('false'))).toBe(true);
      shifts.add(found[0]);
    }
    // 40 draws from 9 shifts: several distinct ones (a constant shift would be a bug).
    expect(shifts.size).toBeGreaterThan(4);
    const flipped = rows();
    augmentRows(flipped, batch, square, { cropPadding: 0, horizontalFlip: true }, 3, 5);
    const mirrored = Array.from({ length: batch }, (_, i) => flipped[i * 9] === 3).filter(Boolean);
    expect(mirrored.length).toBeGreaterThan(5);
    expect(mirrored.length).toBeLessThan(35);
    const none = rows();
    augmentRows(none, batch, square, { cropPadding: 0, horizontalFlip: false }, 3, 5);
    expect(Array.from(none)).toEqual(Array.from(rows()));
  });
});

const base: RunConfigInput = {
  dataset: { name: 'mnist', trainSize: 200, testSize: 50 },
  model: { kind: 'mlp', hidden: [16] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  batchSize: 50,
  steps: 3,
  seed: 4,
  coherence: { m: 50, chunkSize: 50 },
  schedule: { every: 3 },
  backend: 'wasm',
};

describe('augmentation config', () => {
  it('is off unless given, flip off by default, and names a bad field', () => {
    expect(parseRunConfig(base).augment).toBeUndefined();
    expect(parseRunConfig({ ...base, augment: { cropPadding: 2 } }).augment).toEqual({
      cropPadding: 2,
      horizontalFlip: false,
    });
    expect(() => parseRunConfig({ ...base, augment: { cropPadding: -1 } })).toThrow(ConfigError);
    expect(() => parseRunConfig({ ...base, augment: { cropPadding: -1 } })).toThrow(
      /augment\.cropPadding/,
    );
  });
});

describe.runIf(testsBackend('wasm'))('augmentation in a run', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('changes the training batches only: probes and evaluations see the examples as they are', async () => {
    const at0 = (records: EngineRecord[], key: string): number | undefined =>
      records
        .flatMap((r) => (r.kind === 'metrics' ? r.points : []))
        .find((p) => p.step === 0 && `${p.series}/${p.subset}` === key)?.value;
    const probes0 = (records: EngineRecord[]): unknown =>
      records.flatMap((r) =>
        r.kind === 'coherence'
          ? r.measurements.filter((m) => m.step === 0).map(({ wallMs: _w, ...m }) => m)
          : [],
      );
    const plain = await collectRecords(parseRunConfig(base));
    const augmented = await collectRecords(
      parseRunConfig({ ...base, augment: { cropPadding: 4, horizontalFlip: true } }),
    );
    expect(probes0(augmented)).toEqual(probes0(plain));
    expect(at0(augmented, 'loss/train')).toBe(at0(plain, 'loss/train'));
    expect(at0(augmented, 'loss/batch')).not.toBe(at0(plain, 'loss/batch'));
  });
});
