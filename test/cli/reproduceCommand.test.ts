import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempLab } from './cliHarness';

/**
 * `coherence-lab reproduce` through the real CLI on a tiny subset: two claims (G1 real vs
 * random, G5/P1-a pristine vs corrupt), one seed, tiny sizes via --set, real training on wasm.
 */
interface ClaimJson {
  id: string;
  claim: string;
  rule: string;
  verdict: string;
  reason: string;
  seeds: Array<{ seed: number; outcome: string; numbers: Record<string, number | null> }>;
  figures: Record<
    string,
    {
      title: string;
      bands: Array<{ label: string; steps: number[]; mean: Array<number | null>; n: number[] }>;
    }
  >;
}

const TINY = [
  'steps=40',
  'dataset.trainSize=300',
  'dataset.testSize=200',
  'coherence.m=30',
  'coherence.chunkSize=30',
  'schedule.every=20',
  'checkpointEvery=20',
  'backend=wasm',
  'model.hidden=[32]',
].flatMap((assignment) => ['--set', assignment]);

describe('coherence-lab reproduce', () => {
  const lab = tempLab();

  it('refuses a folder as --out before training anything', () => {
    const folder = join(lab.dir, 'a-folder');
    mkdirSync(folder);
    const result = runCli(
      ['reproduce', '--quick', '--claims', 'G1', '--out', folder, '--db', lab.db, '--json'],
      lab.env,
    );
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toMatch(/is a folder/);
    const list = runCli(['list', '--db', lab.db, '--json'], lab.env);
    expect(JSON.parse(list.stdout)).toMatchObject({ runs: [] });
  });

  it('refuses an unknown claim and a --set that breaks a run config, naming them', () => {
    const out = join(lab.dir, 'never.html');
    const unknown = runCli(
      ['reproduce', '--quick', '--claims', 'G99', '--out', out, '--db', lab.db],
      lab.env,
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown claim "G99".*available: G1/);
    const bad = runCli(
      ['reproduce', '--quick', '--set', 'steps=-1', '--out', out, '--db', lab.db],
      lab.env,
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/MNIST MLP real: invalid run config: .*steps/);
    expect(existsSync(out)).toBe(false);
  });

  it('G4, the exact linear toy, holds over 3 seeds with the construction’s numbers', () => {
    const out = join(lab.dir, 'toy.html');
    const result = runCli(
      ['reproduce', '--quick', '--claims', 'G4', '--out', out, '--db', lab.db, '--json'],
      lab.env,
      300_000,
    );
    expect(result.status, result.stderr).toBe(0);
    const [g4] = (JSON.parse(result.stdout) as { claims: ClaimJson[] }).claims;
    expect(g4).toMatchObject({ id: 'G4', verdict: 'holds', reason: '3 of 3 seeds hold, 0 fail' });
    for (const seed of g4.seeds) {
      const n = seed.numbers as Record<string, number>;
      // Float32 training: 4 and 2.5 exactly; the test errors within 1e-5 of the limits.
      expect(n.w6OverW1AfterStep1).toBeCloseTo(4, 5);
      expect(n.initCoherenceReal).toBeCloseTo(2.5, 5);
      expect(n.initCoherenceRandom).toBeCloseTo(1, 5);
      expect(Math.abs(n.testSquaredErrorReal - 0.04)).toBeLessThan(1e-5);
      expect(Math.abs(n.testSquaredErrorRandom - 1)).toBeLessThan(1e-6);
    }
    expect(readFileSync(out, 'utf8')).toContain('Linear toy: test squared error');
  }, 300_000);

  it('P3-layers reads the per-layer sums of its real-label CNN run (full tier, tiny sizes)', () => {
    const out = join(lab.dir, 'layers.html');
    const tiny = [
      'steps=30',
      'dataset.trainSize=200',
      'dataset.testSize=100',
      'coherence.m=20',
      'coherence.chunkSize=20',
      'schedule.every=10',
      'backend=wasm',
    ].flatMap((assignment) => ['--set', assignment]);
    const result = runCli(
      [
        'reproduce',
        '--claims',
        'P3-layers',
        '--seeds',
        '1',
        ...tiny,
        '--out',
        out,
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
      300_000,
    );
    expect(result.status, result.stderr).toBe(0);
    const [claim] = (JSON.parse(result.stdout) as { claims: ClaimJson[] }).claims;
    expect(claim.id).toBe('P3-layers');
    const numbers = claim.seeds[0].numbers;
    // Logged steps ≥ 25 of a 30-step run: 25 and 30; two conv layers and one dense layer each.
    expect(numbers.steps).toBe(2);
    for (const key of [
      'medianConvLayer',
      'medianDenseLayer',
      'medianConvPooled',
      'medianDensePooled',
    ]) {
      expect(numbers[key], key).toBeGreaterThan(0);
    }
    expect(['holds', 'fails']).toContain(claim.seeds[0].outcome);
    const bands = claim.figures.layerCoherence.bands;
    expect(bands.map((b) => b.label)).toEqual(['conv layers', 'dense layers']);
    expect(bands[0].steps).toEqual([0, 1, 2, 3, 5, 7, 10, 15, 20, 25, 30]);
  }, 300_000);

  it('--plan prints the arms and the estimate and trains nothing', () => {
    // A project that does not exist yet has no runs (list then answers without a runs field).
    const runCount = (): number =>
      (
        JSON.parse(runCli(['list', '--db', lab.db, '--json'], lab.env).stdout) as {
          runs?: unknown[];
        }
      ).runs?.length ?? 0;
    const before = runCount();
    const result = runCli(
      ['reproduce', '--plan', '--claims', 'G3,P3-layers', '--db', lab.db, '--json'],
      lab.env,
    );
    expect(result.status, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      claims: Array<{ id: string }>;
      arms: Array<{ arm: string; runs: number; seconds: number }>;
      notRun: Array<{ id: string }>;
      estimatedWallSeconds: number;
    };
    expect(plan.claims.map((c) => c.id)).toEqual(['P3-layers', 'G3']);
    expect(plan.arms.map((a) => a.arm)).toContain('fashion-resnet-random');
    expect(plan.arms.every((a) => a.runs === 3 && a.seconds > 0)).toBe(true);
    expect(plan.notRun.map((c) => c.id)).toContain('G3-cifar10');
    expect(result.stderr).toMatch(/estimated/);
    expect(runCount()).toBe(before);
  });

  it('trains a tiny subset and prints one JSON document with every claim; the report names them', () => {
    const out = join(lab.dir, 'reproduce.html');
    const result = runCli(
      [
        'reproduce',
        '--quick',
        '--claims',
        'G1,G5/P1-a',
        '--seeds',
        '1',
        ...TINY,
        '--out',
        out,
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
      600_000,
    );
    expect(result.status, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as {
      claims: ClaimJson[];
      notRun: Array<{ id: string; reason: string }>;
      report: string;
    };
    expect(document.report).toBe(out);
    expect(document.claims.map((c) => c.id)).toEqual(['G1', 'G5/P1-a']);
    for (const claim of document.claims) {
      expect(claim.claim.length).toBeGreaterThan(20);
      expect(claim.rule).toMatch(/every seed/);
      // One seed is below the protocol's three: never "holds" or "fails".
      expect(claim.verdict).toBe('inconclusive');
      expect(claim.reason).toMatch(/needs at least 3 seeds/);
      expect(claim.seeds).toHaveLength(1);
      expect(['holds', 'fails', 'undetermined']).toContain(claim.seeds[0].outcome);
      const figures = Object.values(claim.figures);
      expect(figures.length).toBeGreaterThan(0);
      for (const band of figures.flatMap((f) => f.bands)) {
        // Logged steps of a 40-step run: 0, 1, 2, 3, 5, 7, 10, 15, 20, 25, 35, 40.
        expect(band.steps).toEqual([0, 1, 2, 3, 5, 7, 10, 15, 20, 25, 35, 40]);
        expect(band.n.every((n) => n === 1)).toBe(true);
        expect(band.mean.every((v) => typeof v === 'number' && v > 0)).toBe(true);
      }
    }
    const g1 = document.claims[0];
    // Logged steps in G1's window 25–500 of a 40-step run: 25, 35 and the final step 40.
    expect(g1.seeds[0].numbers.ratioSteps).toBe(3);
    expect(document.notRun.map((c) => c.id)).toEqual(
      expect.arrayContaining(['G3', 'adversarial-init', 'P3', 'P3-layers']),
    );
    expect(document.notRun.map((c) => c.id)).not.toContain('G4');

    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("default-src 'none'");
    for (const id of [...document.claims.map((c) => c.id), ...document.notRun.map((c) => c.id)]) {
      expect(html).toContain(`${id}`);
    }
    expect(html).toContain('<svg');

    // The same command again (here for G1 only) reuses the completed runs: nothing trains,
    // no run is added, and the verdict numbers are the same.
    const runsBefore = (
      JSON.parse(runCli(['list', '--db', lab.db, '--json'], lab.env).stdout) as {
        runs: unknown[];
      }
    ).runs.length;
    const again = runCli(
      [
        'reproduce',
        '--quick',
        '--claims',
        'G1',
        '--seeds',
        '1',
        ...TINY,
        '--out',
        out,
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
      600_000,
    );
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/reusing 2 completed and resuming 0 stopped runs/);
    const reused = JSON.parse(again.stdout) as { claims: ClaimJson[] };
    expect(reused.claims[0].seeds[0].numbers).toEqual(g1.seeds[0].numbers);
    const runsAfter = (
      JSON.parse(runCli(['list', '--db', lab.db, '--json'], lab.env).stdout) as {
        runs: unknown[];
      }
    ).runs.length;
    expect(runsAfter).toBe(runsBefore);
  }, 600_000);

  it('runs two-stage claims: easy/hard runs name their seed’s reference, adversarial init its pretraining', () => {
    const out = join(lab.dir, 'staged.html');
    // Six steps at lr 0.05 leave the tiny reference run with both easy and hard examples.
    const stagedTiny = [
      'steps=6',
      'dataset.trainSize=300',
      'dataset.testSize=200',
      'coherence.m=20',
      'coherence.chunkSize=20',
      'coherence.batch=false',
      'schedule.every=3',
      'checkpointEvery=6',
      'backend=wasm',
      'model.hidden=[32]',
      'batchSize=10',
      'optimizer.lr=0.05',
    ].flatMap((assignment) => ['--set', assignment]);
    const result = runCli(
      [
        'reproduce',
        '--claims',
        'G6/P5,G6/P5-reliability,adversarial-init',
        '--seeds',
        '1',
        ...stagedTiny,
        '--out',
        out,
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
      600_000,
    );
    expect(result.status, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as {
      claims: Array<ClaimJson & { runs: Record<string, Array<{ runId: number; status: string }>> }>;
      notRun: Array<{ id: string }>;
    };
    expect(document.claims.map((c) => c.id)).toEqual([
      'G6/P5',
      'G6/P5-reliability',
      'adversarial-init',
    ]);
    expect(document.notRun.map((c) => c.id)).not.toContain('G6/P5');
    expect(document.notRun.map((c) => c.id)).not.toContain('adversarial-init');
    const [g6, reliability, adversarial] = document.claims;
    expect(reliability.seeds[0]).toMatchObject({ outcome: 'undetermined' });
    expect(g6.seeds[0].numbers.referenceTrainAcc).toBeGreaterThan(0);
    expect(adversarial.rule).toMatch(/proxy/);
    const detail = (runId: number) =>
      (
        JSON.parse(runCli(['show', String(runId), '--db', lab.db, '--json'], lab.env).stdout) as {
          detail: {
            status: string;
            parentRunId: number | null;
            learnedSubset: { referenceRunId: number; part: string } | null;
            config: { dataset: { trainSize: number; testSize: number } };
          };
        }
      ).detail;
    const [reference] = g6.runs['easyhard-reference'];
    const [easy] = g6.runs['easyhard-easy'];
    const [hard] = g6.runs['easyhard-hard'];
    expect([reference.status, easy.status, hard.status]).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    const easyDetail = detail(easy.runId);
    const hardDetail = detail(hard.runId);
    expect(easyDetail.learnedSubset).toMatchObject({
      referenceRunId: reference.runId,
      part: 'easy',
    });
    expect(hardDetail.learnedSubset).toMatchObject({
      referenceRunId: reference.runId,
      part: 'hard',
    });
    // Sizes matched between the parts.
    expect(easyDetail.config.dataset).toEqual(
      expect.objectContaining({
        trainSize: hardDetail.config.dataset.trainSize,
        testSize: hardDetail.config.dataset.testSize,
      }),
    );
    const [fromRandom] = adversarial.runs['advinit-real-from-random'];
    const [fresh] = adversarial.runs['advinit-real-fresh'];
    expect(detail(fromRandom.runId).parentRunId).toBeGreaterThan(0);
    expect(detail(fresh.runId).parentRunId).toBeNull();
    expect(adversarial.seeds[0].numbers.freshTestAcc).toBeGreaterThan(0);
  }, 600_000);
});
