import { describe, expect, it } from 'vitest';
import {
  convAboveDenseSeed,
  layerKindOfName,
  linearToySeed,
  type LinearToyValues,
} from '../../src-main/reproduce/verdictRules';

/** The values the construction gives exactly (PAPER-CLAIMS G4, derived in linearToyDataset.ts). */
const exact: LinearToyValues = {
  weightsAfterStep1: [0.005, 0.005, 0.005, 0.005, 0, 0.02],
  initCoherence: { real: 2.5, random: 1 },
  finalTestError: { real: 0.04, random: 1 },
};

describe('G4: the linear toy', () => {
  it('holds on the exact values and reports them', () => {
    const result = linearToySeed(exact);
    expect(result.outcome).toBe('holds');
    expect(result.numbers).toMatchObject({
      w6OverW1AfterStep1: 4,
      initCoherenceReal: 2.5,
      initCoherenceRandom: 1,
      testSquaredErrorReal: 0.04,
      testSquaredErrorRandom: 1,
    });
  });

  it('holds inside each tolerance and fails just outside it, naming the quantity', () => {
    expect(
      linearToySeed({ ...exact, finalTestError: { real: 0.0409, random: 1 + 9e-7 } }).outcome,
    ).toBe('holds');
    // lr 0.01 on the tool's ½-scaled loss (half the source's step) ends at 0.0406: inside.
    expect(linearToySeed({ ...exact, finalTestError: { real: 0.0406, random: 1 } }).outcome).toBe(
      'holds',
    );
    const slow = linearToySeed({ ...exact, finalTestError: { real: 0.0411, random: 1 } });
    expect(slow.outcome).toBe('fails');
    expect(slow.note).toMatch(/test error, real 0.0411/);
    const random = linearToySeed({ ...exact, finalTestError: { real: 0.04, random: 1 + 2e-6 } });
    expect(random.note).toMatch(/test error, random/);
    // One-hot targets on two outputs would give init m-coherence 1.5, not 2.5.
    const oneHot = linearToySeed({ ...exact, initCoherence: { real: 1.5, random: 1 } });
    expect(oneHot.outcome).toBe('fails');
    expect(oneHot.note).toMatch(/init m-coherence, real 1.5/);
    const ratio = linearToySeed({ ...exact, weightsAfterStep1: [0.005, 0, 0, 0, 0, 0.0201] });
    expect(ratio.note).toMatch(/w₆\/w₁ after step 1 4.02/);
  });

  it('is undetermined when a quantity was not recorded', () => {
    const result = linearToySeed({ ...exact, weightsAfterStep1: null });
    expect(result.outcome).toBe('undetermined');
    expect(result.note).toMatch(/not recorded: w₆\/w₁/);
  });
});

describe('P3 layers: conv above dense', () => {
  const at = (step: number, conv1: number, conv2: number, dense1: number) => ({
    step,
    // N/Q of each layer is the value given (Q varies so pooling differs from the median).
    layers: {
      conv1: { N: conv1 * 2, Q: 2 },
      conv2: { N: conv2 * 10, Q: 10 },
      dense1: { N: dense1 * 3, Q: 3 },
    },
  });

  it('takes the median of every conv layer at every logged step ≥ 25 against the dense layers', () => {
    // Step 10 (dense far above) is before 25 and does not count.
    const layers = [at(10, 1, 1, 100), at(25, 9, 3, 4), at(50, 8, 2, 5), at(100, 7, 1, 6)];
    const result = convAboveDenseSeed({ layers });
    // conv values at ≥ 25: 9, 3, 8, 2, 7, 1 → median 5; dense 4, 5, 6 → 5: not above.
    expect(result).toMatchObject({
      outcome: 'fails',
      numbers: { medianConvLayer: 5, medianDenseLayer: 5, steps: 3 },
    });
    // Pooled per kind: (9·2 + 3·10)/12 = 4 at step 25, (16 + 20)/12 = 3, (14 + 10)/12 = 2.
    expect(result.numbers.medianConvPooled).toBe(3);
    const higher = convAboveDenseSeed({
      layers: [at(25, 9, 3, 4), at(50, 8, 2.5, 5), at(100, 7, 1, 4)],
    });
    expect(higher).toMatchObject({
      outcome: 'holds',
      numbers: { medianConvLayer: 5, medianDenseLayer: 4 },
    });
  });

  it('reads layer kinds from names and is undetermined without both kinds', () => {
    expect(layerKindOfName('conv2')).toBe('conv');
    expect(layerKindOfName('stage2.block1.conv1')).toBe('conv');
    expect(layerKindOfName('stem.conv')).toBe('conv');
    expect(layerKindOfName('stage1.block1.norm2')).toBe('norm');
    expect(layerKindOfName('dense1')).toBe('dense');
    const mlpOnly = convAboveDenseSeed({
      layers: [{ step: 30, layers: { dense1: { N: 1, Q: 1 } } }],
    });
    expect(mlpOnly.outcome).toBe('undetermined');
  });
});
