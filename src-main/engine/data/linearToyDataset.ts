import type { ImageDataset, ImageSplit } from './datasetTypes';

/**
 * The linear-regression example of Chatterjee & Zielinski 2022, section 3 (PAPER-CLAIMS G4), as
 * two built-in datasets. The paper's own text was not retrieved; the numbers are those of the
 * third-party reconstruction PAPER-CLAIMS cites as [T] (ThomasWalker1/Generalization-of-Neural-
 * Networks, "motivating_example.ipynb"), which reproduces the paper's reported test losses:
 *
 *   example k = 1…5 has label y_k = (+1, −1, −1, +1, −1) and input x_k ∈ {−1, 0, +1}⁶ with
 *   feature k equal to y_k (its own direction) and, in "real", feature 6 equal to y_k too (the
 *   direction every example shares); in "random", feature 6 is 0, so no two examples share a
 *   direction. Examples 1–4 are the training split, example 5 the test split.
 *
 * Class 1 is y = +1 and class 0 is y = −1, so a signed linear model (model.output "signed")
 * regresses on exactly these ±1 targets. The inputs are used as given (ImageSplit.inputs); the
 * pixels are a display rendering (−1, 0, +1 → 0, 128, 255).
 */
export const LINEAR_TOY_NAMES = ['linear-toy-real', 'linear-toy-random'] as const;
export type LinearToyName = (typeof LINEAR_TOY_NAMES)[number];

/** y_k of the five examples. */
export const LINEAR_TOY_TARGETS = [1, -1, -1, 1, -1] as const;
export const LINEAR_TOY_FEATURES = 6;
/** Examples 1–4 train, example 5 tests. */
const TRAIN_COUNT = 4;

/** x_k of the five examples, row-major 5 × 6. */
export function linearToyInputs(shared: boolean): Float32Array {
  const x = new Float32Array(LINEAR_TOY_TARGETS.length * LINEAR_TOY_FEATURES);
  LINEAR_TOY_TARGETS.forEach((y, k) => {
    x[k * LINEAR_TOY_FEATURES + k] = y;
    if (shared) x[k * LINEAR_TOY_FEATURES + LINEAR_TOY_FEATURES - 1] = y;
  });
  return x;
}

function split(inputs: Float32Array, from: number, to: number): ImageSplit {
  const values = inputs.slice(from * LINEAR_TOY_FEATURES, to * LINEAR_TOY_FEATURES);
  return {
    inputs: values,
    pixels: Uint8Array.from(values, (v) => Math.round(((v + 1) / 2) * 255)),
    labels: Uint8Array.from(LINEAR_TOY_TARGETS.slice(from, to), (y) => (y > 0 ? 1 : 0)),
    count: to - from,
  };
}

export function linearToyDataset(name: LinearToyName): ImageDataset {
  const inputs = linearToyInputs(name === 'linear-toy-real');
  return {
    name,
    height: 1,
    width: LINEAR_TOY_FEATURES,
    channels: 1,
    numClasses: 2,
    classNames: ['y = −1', 'y = +1'],
    train: split(inputs, 0, TRAIN_COUNT),
    test: split(inputs, TRAIN_COUNT, LINEAR_TOY_TARGETS.length),
  };
}
