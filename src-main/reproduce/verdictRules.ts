import type { SeedResult } from './seedVerdicts';
import {
  firstStepReaching,
  lastPoint,
  median,
  pairedBetween,
  pointsBetween,
  type StepSeries,
} from './stepSeries';

/**
 * The verdict rules of PAPER-CLAIMS section 3, one pure function per rule and seed: the
 * series or final values of one seed in, holds / fails / undetermined and the numbers used
 * out. Each rule's text (shown in the report next to its verdict) sits beside its code, so
 * the two are read and changed together.
 */

const share = (hits: number, total: number): number => (total === 0 ? 0 : hits / total);
const round = (value: number | null, digits = 4): number | null =>
  value === null ? null : Number(value.toFixed(digits));

/** G1: real vs random labels. */
export const G1_RULE =
  'For every seed: the median real/random probe m-coherence ratio over logged steps 25–500 is ≥ 3, and random-label m-coherence is ≤ 5 at ≥ 80 % of logged steps ≥ 25.';

export function realVsRandomSeed(input: { real: StepSeries; random: StepSeries }): SeedResult {
  const window = pairedBetween(input.real, input.random, 25, 500).filter((p) => p.b > 0);
  const medianRatio = median(window.map((p) => p.a / p.b));
  const randomAfter25 = pointsBetween(input.random, 25);
  const lowShare = share(randomAfter25.filter((p) => p.value <= 5).length, randomAfter25.length);
  const numbers = {
    medianRatio: round(medianRatio),
    ratioSteps: window.length,
    randomAtMost5Share: randomAfter25.length ? round(lowShare) : null,
    randomSteps: randomAfter25.length,
  };
  if (medianRatio === null || randomAfter25.length === 0) {
    return { outcome: 'undetermined', numbers, note: 'no logged steps ≥ 25 in both arms' };
  }
  const ratioOk = medianRatio >= 3;
  const randomOk = lowShare >= 0.8;
  const failed = [
    ...(ratioOk ? [] : ['median ratio < 3']),
    ...(randomOk ? [] : ['random > 5 too often']),
  ];
  return {
    outcome: ratioOk && randomOk ? 'holds' : 'fails',
    numbers,
    note: failed.join('; '),
  };
}

/** G5/P1 (a): pristine gradients are more coherent than corrupt ones. */
export const G5A_RULE =
  'For every seed: pristine-probe m-coherence > corrupt-probe m-coherence at ≥ 80 % of logged steps ≥ 25.';

export function pristineAboveCorruptSeed(input: {
  pristine: StepSeries;
  corrupt: StepSeries;
}): SeedResult {
  const pairs = pairedBetween(input.pristine, input.corrupt, 25);
  const above = share(pairs.filter((p) => p.a > p.b).length, pairs.length);
  const numbers = {
    pristineAboveShare: pairs.length ? round(above) : null,
    steps: pairs.length,
    medianPristineOverCorrupt: round(median(pairs.filter((p) => p.b > 0).map((p) => p.a / p.b))),
  };
  if (pairs.length === 0) {
    return { outcome: 'undetermined', numbers, note: 'no logged steps ≥ 25 with both probes' };
  }
  return above >= 0.8
    ? { outcome: 'holds', numbers, note: '' }
    : { outcome: 'fails', numbers, note: 'pristine above corrupt at < 80 % of steps' };
}

/** G5/P1 (b): pristine examples are learned before corrupt ones are memorized. */
export const G5B_RULE =
  'For every seed: pristine train accuracy reaches 0.9 at an earlier logged step than corrupt-example accuracy (against their noisy training labels) reaches 0.3.';

export function pristineLearnedFirstSeed(input: {
  pristineAcc: StepSeries;
  corruptAcc: StepSeries;
}): SeedResult {
  const pristineStep = firstStepReaching(input.pristineAcc, 0.9);
  const corruptStep = firstStepReaching(input.corruptAcc, 0.3);
  const numbers = { pristineReaches09At: pristineStep, corruptReaches03At: corruptStep };
  if (pristineStep === null && corruptStep === null) {
    return { outcome: 'undetermined', numbers, note: 'neither threshold reached in the run' };
  }
  if (pristineStep === null) {
    return { outcome: 'fails', numbers, note: 'corrupt reached 0.3, pristine never 0.9' };
  }
  if (corruptStep === null || pristineStep < corruptStep) {
    return { outcome: 'holds', numbers, note: '' };
  }
  return { outcome: 'fails', numbers, note: 'corrupt reached 0.3 no later than pristine 0.9' };
}

/** G5/P1 (c): memorizing the noise costs test accuracy after an early peak. */
export const G5C_RULE =
  'For every seed: best − final test accuracy ≥ 0.05, with the best at a logged step before the last.';

export function earlyStoppingGapSeed(input: { testAcc: StepSeries }): SeedResult {
  const points = pointsBetween(input.testAcc, -Infinity);
  const final = lastPoint(input.testAcc);
  let best: { step: number; value: number } | null = null;
  for (const p of points) if (!best || p.value > best.value) best = p;
  const numbers = {
    bestTestAcc: round(best?.value ?? null),
    bestStep: best?.step ?? null,
    finalTestAcc: round(final?.value ?? null),
    finalStep: final?.step ?? null,
    gap: best && final ? round(best.value - final.value) : null,
  };
  if (!best || !final || points.length < 2) {
    return { outcome: 'undetermined', numbers, note: 'fewer than 2 test evaluations' };
  }
  const gapOk = best.value - final.value >= 0.05;
  const earlier = best.step < final.step;
  return gapOk && earlier
    ? { outcome: 'holds', numbers, note: '' }
    : { outcome: 'fails', numbers, note: gapOk ? 'best is the last step' : 'gap < 0.05' };
}

/** The final memorized fraction and pristine accuracy of one arm of one seed. */
export interface ArmFinals {
  /** Final train accuracy on corrupt examples against their training labels; null if missing. */
  readonly memorized: number | null;
  readonly pristineAcc: number | null;
}

/** G7/P2: winsorization reduces memorization. */
export const P2_TOLERANCE = 0.02;
export const P2_RULE =
  'For every seed: the final memorized fraction (train accuracy on corrupt examples against their training labels) does not increase with c — for every c < c′, memorized(c′) ≤ memorized(c) + 0.02 — and memorized(c = 8) < 0.5 × memorized(c = 0). The pristine-accuracy cost, pristine acc(c = 0) − pristine acc(c = 8), is reported.';

export function winsorizationSeed(input: {
  /** Winsorization percentage c → that arm's finals; must include c = 0 and c = 8. */
  byC: ReadonlyMap<number, ArmFinals>;
}): SeedResult {
  const cs = [...input.byC.keys()].sort((a, b) => a - b);
  const numbers: Record<string, number | null> = {};
  for (const c of cs) numbers[`memorized_c${c}`] = round(input.byC.get(c)?.memorized ?? null);
  const p0 = input.byC.get(0)?.pristineAcc ?? null;
  const p8 = input.byC.get(8)?.pristineAcc ?? null;
  numbers.pristineCost_c0_minus_c8 = p0 !== null && p8 !== null ? round(p0 - p8) : null;
  const missing = cs.filter((c) => input.byC.get(c)?.memorized == null);
  if (missing.length || !input.byC.has(0) || !input.byC.has(8)) {
    return {
      outcome: 'undetermined',
      numbers,
      note: `no memorized fraction for c = ${missing.length ? missing.join(', ') : '0 or 8'}`,
    };
  }
  const mem = (c: number): number => input.byC.get(c)?.memorized as number;
  const rises: string[] = [];
  cs.forEach((c, i) => {
    for (const later of cs.slice(i + 1)) {
      if (mem(later) > mem(c) + P2_TOLERANCE) rises.push(`c=${later} > c=${c}`);
    }
  });
  const halved = mem(8) < 0.5 * mem(0);
  const failed = [
    ...(rises.length ? [`rises: ${rises.join(', ')}`] : []),
    ...(halved ? [] : ['c=8 not below half of c=0']),
  ];
  return { outcome: failed.length ? 'fails' : 'holds', numbers, note: failed.join('; ') };
}

/** G7/P4: the robust median of the last three gradients memorizes less than their mean. */
export const P4_MARGIN = 0.03;
export const P4_RM3_RULE =
  'For every seed: RM3 (median of the last 3 minibatch gradients) memorizes ≥ 0.03 less than its control RA3 (their mean): memorized(RA3) − memorized(RM3) ≥ 0.03, final values.';

export const P4_M3_RULE =
  'For every seed: M3 (median of 3 minibatch gradients, one update per 3 minibatches) memorizes ≥ 0.03 less than its control A3 (their mean); if not, its gain over SGD is attributed to the 3× effective batch, not to the median.';

/** `robust` memorizes at least P4_MARGIN less than `control` (final memorized fractions). */
export function robustBelowControlSeed(input: {
  robust: ArmFinals;
  control: ArmFinals;
  names: { robust: string; control: string };
}): SeedResult {
  const { robust, control, names } = input;
  const numbers = {
    [`memorized_${names.robust}`]: round(robust.memorized),
    [`memorized_${names.control}`]: round(control.memorized),
    reduction:
      robust.memorized !== null && control.memorized !== null
        ? round(control.memorized - robust.memorized)
        : null,
  };
  if (robust.memorized === null || control.memorized === null) {
    return { outcome: 'undetermined', numbers, note: 'a memorized fraction is missing' };
  }
  return control.memorized - robust.memorized >= P4_MARGIN
    ? { outcome: 'holds', numbers, note: '' }
    : {
        outcome: 'fails',
        numbers,
        note: `${names.robust} not ≥ ${P4_MARGIN} below ${names.control}`,
      };
}

/** P3: on random labels, coherence rises before the network starts to fit them. */
export const P3_RULE =
  'For every seed (100 % random labels): let t be the first logged step with train accuracy ≥ 0.5 and min the smallest probe m-coherence at logged steps in [25, t]; the largest value after that minimum, up to t, is ≥ 2 × min.';

export function riseBeforeFitSeed(input: {
  coherence: StepSeries;
  trainAcc: StepSeries;
}): SeedResult {
  const fitStep = firstStepReaching(input.trainAcc, 0.5);
  const window = fitStep === null ? [] : pointsBetween(input.coherence, 25, fitStep);
  let minIndex = -1;
  window.forEach((p, i) => {
    if (minIndex < 0 || p.value < window[minIndex].value) minIndex = i;
  });
  const after = minIndex >= 0 ? window.slice(minIndex) : [];
  const max = after.length ? Math.max(...after.map((p) => p.value)) : null;
  const min = minIndex >= 0 ? window[minIndex].value : null;
  const numbers = {
    fitStep,
    minAfter25: round(min),
    minStep: minIndex >= 0 ? window[minIndex].step : null,
    maxAfterMin: round(max),
    riseRatio: min !== null && max !== null && min > 0 ? round(max / min) : null,
  };
  if (fitStep === null) {
    return { outcome: 'undetermined', numbers, note: 'train accuracy never reached 0.5' };
  }
  if (window.length < 2 || min === null || max === null) {
    return { outcome: 'undetermined', numbers, note: 'fewer than 2 logged steps in [25, t]' };
  }
  return max >= 2 * min
    ? { outcome: 'holds', numbers, note: '' }
    : { outcome: 'fails', numbers, note: 'no 2× rise before the fit' };
}

/** G6/P5: easy examples generalize to each other better than hard ones. */
export const EASY_HARD_MARGIN = 0.05;
export const EASY_HARD_BAND = [0.4, 0.6] as const;
export const G6_RULE =
  'For every seed: the reference run ends with 40–60 % of its training examples classified right (easy = right at its last evaluation, hard = the rest; each part cut to the smaller one’s size and split 80/20), and the final test accuracy of the fresh model trained on easy and tested on held-out easy examples exceeds that of the model trained on hard and tested on held-out hard examples by ≥ 0.05.';

export function easyAboveHardSeed(input: {
  referenceTrainAcc: StepSeries;
  easyTestAcc: StepSeries;
  hardTestAcc: StepSeries;
}): SeedResult {
  const reference = lastPoint(input.referenceTrainAcc)?.value ?? null;
  const easy = lastPoint(input.easyTestAcc)?.value ?? null;
  const hard = lastPoint(input.hardTestAcc)?.value ?? null;
  const numbers = {
    referenceTrainAcc: round(reference),
    easyToEasyTestAcc: round(easy),
    hardToHardTestAcc: round(hard),
    difference: easy !== null && hard !== null ? round(easy - hard) : null,
  };
  if (reference === null || easy === null || hard === null) {
    return { outcome: 'undetermined', numbers, note: 'a final accuracy is missing' };
  }
  if (reference < EASY_HARD_BAND[0] || reference > EASY_HARD_BAND[1]) {
    return {
      outcome: 'undetermined',
      numbers,
      note: 'the reference run ended outside the 40–60 % train-accuracy band',
    };
  }
  return easy - hard >= EASY_HARD_MARGIN
    ? { outcome: 'holds', numbers, note: '' }
    : { outcome: 'fails', numbers, note: `easy→easy not ≥ ${EASY_HARD_MARGIN} above hard→hard` };
}

/** G6/P5 reliability: the same examples are easy under another seed. */
export const RELIABILITY_MARGIN = 0.1;
export const G6_RELIABILITY_RULE =
  'For every seed A, with B the next seed (the last seed pairs with the first), over the training examples both reference runs trained on: the share of A’s easy examples that are also easy under B exceeds B’s overall easy fraction by ≥ 0.1.';

export interface LearnedAtEnd {
  readonly sourceIndex: readonly number[];
  readonly learned: readonly boolean[];
}

export function easyReliabilitySeed(input: { a: LearnedAtEnd; b: LearnedAtEnd }): SeedResult {
  const easyUnderB = new Map<number, boolean>();
  input.b.sourceIndex.forEach((source, i) => easyUnderB.set(source, input.b.learned[i]));
  let common = 0;
  let easyB = 0;
  let easyA = 0;
  let easyBoth = 0;
  input.a.sourceIndex.forEach((source, i) => {
    const b = easyUnderB.get(source);
    if (b === undefined) return;
    common += 1;
    if (b) easyB += 1;
    if (input.a.learned[i]) {
      easyA += 1;
      if (b) easyBoth += 1;
    }
  });
  const alsoEasy = easyA ? easyBoth / easyA : null;
  const overall = common ? easyB / common : null;
  const numbers = {
    commonExamples: common,
    easyUnderA: easyA,
    alsoEasyUnderBShare: round(alsoEasy),
    easyUnderBShare: round(overall),
    excess: alsoEasy !== null && overall !== null ? round(alsoEasy - overall) : null,
  };
  if (alsoEasy === null || overall === null) {
    return { outcome: 'undetermined', numbers, note: 'no common easy examples to compare' };
  }
  return alsoEasy - overall >= RELIABILITY_MARGIN
    ? { outcome: 'holds', numbers, note: '' }
    : { outcome: 'fails', numbers, note: `excess < ${RELIABILITY_MARGIN}` };
}

/** Adversarial initialization (proxy; PAPER-CLAIMS section 4). */
export const ADVERSARIAL_MARGIN = 0.01;
export const ADVERSARIAL_INIT_RULE =
  'A proxy, not a paper protocol (PAPER-CLAIMS section 4). For every seed: the real-label run started from weights pretrained on 100 % random labels of the same examples ends with a final test accuracy ≥ 0.01 below the same real-label run from fresh weights (the literature’s finding for adversarial initialization: it generalizes worse).';

export function adversarialInitSeed(input: {
  fromRandomTestAcc: StepSeries;
  freshTestAcc: StepSeries;
}): SeedResult {
  const adversarial = lastPoint(input.fromRandomTestAcc)?.value ?? null;
  const fresh = lastPoint(input.freshTestAcc)?.value ?? null;
  const numbers = {
    freshTestAcc: round(fresh),
    fromRandomTestAcc: round(adversarial),
    cost: adversarial !== null && fresh !== null ? round(fresh - adversarial) : null,
  };
  if (adversarial === null || fresh === null) {
    return { outcome: 'undetermined', numbers, note: 'a final test accuracy is missing' };
  }
  return fresh - adversarial >= ADVERSARIAL_MARGIN
    ? { outcome: 'holds', numbers, note: '' }
    : { outcome: 'fails', numbers, note: `not ≥ ${ADVERSARIAL_MARGIN} below the fresh start` };
}

/** G4: the exact linear toy (engine/data/linearToyDataset.ts). */
export const G4_SHARED_RATIO = 4;
export const G4_INIT_COHERENCE = { real: 2.5, random: 1 } as const;
export const G4_TEST_ERROR = { real: 0.04, random: 1 } as const;
export const G4_TOLERANCE = { ratio: 1e-4, initCoherence: 1e-4, real: 1e-3, random: 1e-6 } as const;
export const G4_RULE =
  'For every seed (GD from w = 0 on the full batch of 4, so every seed computes the same thing): after step 1, w₆/w₁ = 4.0 ± 1e-4 with real labels (the shared feature moves 4× faster); train-probe m-coherence at initialization (m = 4) is 2.5 ± 1e-4 real and 1.0 ± 1e-4 random; at step 500 the test squared error (z − t)² is 0.040 ± 0.001 real and 1.0 ± 1e-6 random. The tool’s loss is ½(z − t)², so the squared error is 2 × its test loss, and the source’s lr 0.01 on PyTorch’s (z − t)² is lr 0.02 here (the same steps).';

/** The G4 quantities of one seed; null where a run did not record them. */
export interface LinearToyValues {
  /** Final weights of the real-label run stopped after step 1, features 1…6. */
  readonly weightsAfterStep1: readonly number[] | null;
  readonly initCoherence: { readonly real: number | null; readonly random: number | null };
  /** Test squared error (z − t)² at the last step. */
  readonly finalTestError: { readonly real: number | null; readonly random: number | null };
}

export function linearToySeed(input: LinearToyValues): SeedResult {
  const w = input.weightsAfterStep1;
  const ratio = w && w.length === 6 && w[0] !== 0 ? w[5] / w[0] : null;
  const numbers = {
    w6OverW1AfterStep1: round(ratio, 6),
    initCoherenceReal: round(input.initCoherence.real, 6),
    initCoherenceRandom: round(input.initCoherence.random, 6),
    testSquaredErrorReal: round(input.finalTestError.real, 6),
    testSquaredErrorRandom: round(input.finalTestError.random, 8),
  };
  const checks: Array<[string, number | null, number, number]> = [
    ['w₆/w₁ after step 1', ratio, G4_SHARED_RATIO, G4_TOLERANCE.ratio],
    [
      'init m-coherence, real',
      input.initCoherence.real,
      G4_INIT_COHERENCE.real,
      G4_TOLERANCE.initCoherence,
    ],
    [
      'init m-coherence, random',
      input.initCoherence.random,
      G4_INIT_COHERENCE.random,
      G4_TOLERANCE.initCoherence,
    ],
    ['test error, real', input.finalTestError.real, G4_TEST_ERROR.real, G4_TOLERANCE.real],
    ['test error, random', input.finalTestError.random, G4_TEST_ERROR.random, G4_TOLERANCE.random],
  ];
  const missing = checks.filter(([, value]) => value === null).map(([name]) => name);
  if (missing.length) {
    return { outcome: 'undetermined', numbers, note: `not recorded: ${missing.join(', ')}` };
  }
  const off = checks
    .filter(([, value, want, tolerance]) => Math.abs((value as number) - want) > tolerance)
    .map(([name, value, want]) => `${name} ${value} ≠ ${want}`);
  return off.length
    ? { outcome: 'fails', numbers, note: off.join('; ') }
    : { outcome: 'holds', numbers, note: '' };
}

/** P3 layers: with real labels, conv layers are more coherent than dense layers. */
export const P3_LAYERS_RULE =
  'For every seed (real labels, P3’s setup): the median per-layer m-coherence N_ℓ/Q_ℓ of the train probe over every convolution layer at every logged step ≥ 25 is greater than the same median over the dense layers.';

/** What a layer is, from its name: conv1, stage2.block1.conv2, stem.conv → conv; dense1 → dense. */
export function layerKindOfName(name: string): string {
  return (name.split('.').pop() ?? name).replace(/\d+$/, '');
}

export function convAboveDenseSeed(input: {
  layers: readonly {
    step: number;
    layers: Readonly<Record<string, { readonly N: number; readonly Q: number }>>;
  }[];
}): SeedResult {
  const byKind: Record<'conv' | 'dense', number[]> = { conv: [], dense: [] };
  const grouped: Record<'conv' | 'dense', number[]> = { conv: [], dense: [] };
  let steps = 0;
  for (const point of input.layers) {
    if (point.step < 25) continue;
    steps += 1;
    const sums = { conv: { N: 0, Q: 0 }, dense: { N: 0, Q: 0 } };
    for (const [name, { N, Q }] of Object.entries(point.layers)) {
      const kind = layerKindOfName(name);
      if ((kind !== 'conv' && kind !== 'dense') || !(Q > 0)) continue;
      byKind[kind].push(N / Q);
      sums[kind].N += N;
      sums[kind].Q += Q;
    }
    for (const kind of ['conv', 'dense'] as const) {
      if (sums[kind].Q > 0) grouped[kind].push(sums[kind].N / sums[kind].Q);
    }
  }
  const conv = median(byKind.conv);
  const dense = median(byKind.dense);
  const numbers = {
    medianConvLayer: round(conv),
    medianDenseLayer: round(dense),
    // The same comparison with each kind's layers pooled (ΣN/ΣQ per step), for reference.
    medianConvPooled: round(median(grouped.conv)),
    medianDensePooled: round(median(grouped.dense)),
    steps,
  };
  if (conv === null || dense === null) {
    return {
      outcome: 'undetermined',
      numbers,
      note: 'no conv or no dense layer sums at logged steps ≥ 25',
    };
  }
  return conv > dense
    ? { outcome: 'holds', numbers, note: '' }
    : { outcome: 'fails', numbers, note: 'median conv-layer m-coherence ≤ dense' };
}
