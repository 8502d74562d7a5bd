import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HELD_OUT_FRACTION, splitLearnedSubset } from '../../src-main/engine/data/learnedSubset';
import { SeededRandom } from '../../src-main/engine/rng';
import { resolveLearnedSubset } from '../../src-main/runs/learnedSubsetReference';
import { parseRunConfig } from '../../src-main/engine/runConfig';
import { ProjectStore } from '../../src-main/store/projectStore';
import { TINY_CONFIG, runCli, tempLab, writeConfig } from '../cli/cliHarness';

/**
 * Training on the easy or hard examples of another run (dataset.learnedSubset), over a real
 * tiny reference run: the stored learn times are read with plain SQL, the split is rebuilt by
 * brute force and compared with what the API recorded and the trainer trained on.
 */
const REFERENCE = { ...TINY_CONFIG, steps: 6, schedule: { every: 3 }, checkpointEvery: 6 };

interface StoredExample {
  position: number;
  source_index: number;
  learned_since_step: number | null;
}

function storedExamples(db: string, runId: number): StoredExample[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite
      .prepare(
        'SELECT position, source_index, learned_since_step FROM examples WHERE run_id = ? ORDER BY position',
      )
      .all(runId) as StoredExample[];
  } finally {
    sqlite.close();
  }
}

function finalTrainAccuracy(db: string, runId: number): { step: number; value: number } {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite
      .prepare(
        `SELECT p.step, p.value FROM metric_points p JOIN series_keys k ON k.id = p.key_id
         WHERE p.run_id = ? AND k.series = 'accuracy' AND k.subset = 'train' ORDER BY p.step DESC LIMIT 1`,
      )
      .get(runId) as { step: number; value: number };
  } finally {
    sqlite.close();
  }
}

/** The split by its definition, written out longhand: part, matched size, seeded draw, 80/20. */
function bruteForceSplit(examples: StoredExample[], part: 'easy' | 'hard', seed: number) {
  const easy = examples.filter((e) => e.learned_since_step !== null).map((e) => e.source_index);
  const hard = examples.filter((e) => e.learned_since_step === null).map((e) => e.source_index);
  const matched = Math.min(easy.length, hard.length);
  const test = Math.round(matched * HELD_OUT_FRACTION);
  const pool = part === 'easy' ? easy : hard;
  const order = Array.from(
    SeededRandom.forPurpose(seed, 'learned-subset').permutation(pool.length),
  );
  const drawn = order.slice(0, matched).map((k) => pool[k]);
  const ascending = (values: number[]) => [...values].sort((a, b) => a - b);
  return {
    easyCount: easy.length,
    hardCount: hard.length,
    train: ascending(drawn.slice(0, matched - test)),
    test: ascending(drawn.slice(matched - test)),
  };
}

describe('dataset.learnedSubset: training on the easy or hard examples of a reference run', () => {
  it('selects the examples the reference run had right at its last step, size-matched and split 80/20; the run records its reference', () => {
    const lab = tempLab();
    const missing = runCli(
      [
        'run',
        '--config',
        writeConfig(lab.dir, {
          ...REFERENCE,
          dataset: { ...REFERENCE.dataset, learnedSubset: { referenceRun: 7, part: 'easy' } },
        }),
        '--db',
        lab.db,
      ],
      lab.env,
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(
      /config\.dataset\.learnedSubset\.referenceRun: there is no run 7 in this project/,
    );

    const reference = runCli(
      ['run', '--config', writeConfig(lab.dir, REFERENCE, 'ref.json'), '--db', lab.db, '--json'],
      lab.env,
    );
    expect(reference.status, reference.stderr).toBe(0);

    // What the store holds for the reference: learned-since at its last evaluation, the last step.
    const examples = storedExamples(lab.db, 1);
    expect(examples).toHaveLength(600);
    const final = finalTrainAccuracy(lab.db, 1);
    expect(final.step).toBe(6);
    const learned = examples.filter((e) => e.learned_since_step !== null).length;
    expect(learned / 600).toBeCloseTo(final.value, 12);
    expect(learned).toBeGreaterThan(20);
    expect(learned).toBeLessThan(580);

    const splits = (['easy', 'hard'] as const).map((part) => bruteForceSplit(examples, part, 3));
    const [easy, hard] = splits;
    // Sizes matched between the parts; 80/20 within each; disjoint; drawn from the right part.
    expect(easy.train.length).toBe(hard.train.length);
    expect(easy.test.length).toBe(hard.test.length);
    expect(easy.test.length).toBe(Math.round(Math.min(learned, 600 - learned) * 0.2));
    const easySources = new Set(
      examples.filter((e) => e.learned_since_step !== null).map((e) => e.source_index),
    );
    for (const split of splits) {
      expect(new Set([...split.train, ...split.test]).size).toBe(
        split.train.length + split.test.length,
      );
    }
    expect(easy.train.every((s) => easySources.has(s))).toBe(true);
    expect(easy.test.every((s) => easySources.has(s))).toBe(true);
    expect(hard.train.some((s) => easySources.has(s))).toBe(false);
    expect(hard.test.some((s) => easySources.has(s))).toBe(false);

    // The engine's selection is the brute-force one, and deterministic from the seed.
    const state = {
      sourceIndex: examples.map((e) => e.source_index),
      learned: examples.map((e) => (e.learned_since_step !== null ? 1 : 0)),
    };
    for (const [i, part] of (['easy', 'hard'] as const).entries()) {
      const split = splitLearnedSubset(state, part, 3);
      expect(Array.from(split.trainSourceIndex)).toEqual(splits[i].train);
      expect(Array.from(split.testSourceIndex)).toEqual(splits[i].test);
      expect(splitLearnedSubset(state, part, 3)).toEqual(split);
    }
    expect(Array.from(splitLearnedSubset(state, 'easy', 4).trainSourceIndex)).not.toEqual(
      easy.train,
    );

    // Through the CLI, API and trainer: the stored config has the resolved sizes, the run
    // trained on exactly the brute-force training examples and names its reference.
    const partRun = runCli(
      [
        'run',
        '--config',
        writeConfig(
          lab.dir,
          {
            ...REFERENCE,
            batchSize: 10,
            coherence: { m: 10, chunkSize: 10 },
            dataset: { ...REFERENCE.dataset, learnedSubset: { referenceRun: 1, part: 'hard' } },
          },
          'hard.json',
        ),
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
    );
    expect(partRun.status, partRun.stderr).toBe(0);
    const shown = JSON.parse(runCli(['show', '2', '--db', lab.db, '--json'], lab.env).stdout) as {
      detail: {
        status: string;
        config: { dataset: { trainSize: number; testSize: number } };
        testCount: number;
        learnedSubset: unknown;
      };
    };
    expect(shown.detail.status).toBe('completed');
    expect(shown.detail.config.dataset).toMatchObject({
      trainSize: hard.train.length,
      testSize: hard.test.length,
    });
    expect(shown.detail.testCount).toBe(hard.test.length);
    expect(shown.detail.learnedSubset).toEqual({
      referenceRunId: 1,
      part: 'hard',
      referenceExists: true,
    });
    expect(storedExamples(lab.db, 2).map((e) => e.source_index)).toEqual(hard.train);

    // A reference that is not completed, or on another dataset, is refused with the reason.
    const store = ProjectStore.open(lab.db, { appVersion: 'test' });
    try {
      const queued = store.runs.create({
        name: 'queued',
        tags: [],
        notes: '',
        groupId: null,
        config: REFERENCE,
        seed: 3,
        appVersion: 'test',
      });
      const wants = (referenceRun: number, name = 'mnist') =>
        parseRunConfig({
          ...REFERENCE,
          dataset: { ...REFERENCE.dataset, name, learnedSubset: { referenceRun, part: 'easy' } },
        });
      expect(() => resolveLearnedSubset(store, wants(queued))).toThrow(
        new RegExp(`run ${queued} is queued; easy/hard examples are read from a completed run`),
      );
      expect(() => resolveLearnedSubset(store, wants(1, 'fashion-mnist'))).toThrow(
        /run 1 trained on "mnist", this run on "fashion-mnist"/,
      );
      expect(resolveLearnedSubset(store, wants(1)).dataset).toMatchObject({
        trainSize: easy.train.length,
        testSize: easy.test.length,
      });
    } finally {
      store.close();
    }
  }, 300_000); // four CLI processes, two of them training: minutes on a loaded machine
});
