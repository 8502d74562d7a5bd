import { SeededRandom } from '../rng';

export type LabelNoiseMode = 'permute' | 'uniform';

export interface LabelCorruption {
  readonly trainingLabels: Uint8Array;
  /** 1 where the training label differs from the original label (SPEC 1.4: corrupt = changed). */
  readonly corrupt: Uint8Array;
  /** The examples selected for noise, ascending (kept for provenance; a superset of corrupt). */
  readonly selected: Int32Array;
}

/**
 * Label noise of SPEC 1.4. Exactly round(p·n) examples are selected with the run seed.
 * - `permute` (the 2020 paper's scheme): the selected labels are permuted among themselves, so
 *   the label histogram is unchanged and about 1/K of them keep their label by chance.
 * - `uniform`: each selected label becomes a uniformly random *different* class.
 * An example is *corrupt* if and only if its label changed: a permuted label that came back to
 * its own class is pristine, so a generalizing model does not "memorize" it for free. The
 * selection itself is returned for provenance.
 */
export function corruptLabels(
  labels: Uint8Array,
  numClasses: number,
  fraction: number,
  mode: LabelNoiseMode,
  seed: number,
): LabelCorruption {
  const n = labels.length;
  const trainingLabels = labels.slice();
  const corrupt = new Uint8Array(n);
  const k = Math.round(fraction * n);
  if (k === 0) return { trainingLabels, corrupt, selected: new Int32Array(0) };
  if (mode === 'uniform' && numClasses < 2) {
    throw new RangeError(
      `uniform label noise needs at least 2 classes, the dataset has ${numClasses}`,
    );
  }
  const selected = SeededRandom.forPurpose(seed, 'label-noise').sample(n, k).sort();
  const rng = SeededRandom.forPurpose(seed, `label-noise-${mode}`);
  if (mode === 'permute') {
    const order = rng.permutation(k);
    for (let j = 0; j < k; j++) trainingLabels[selected[j]] = labels[selected[order[j]]];
  } else {
    // Adding 1..K−1 modulo K draws uniformly among the other classes.
    for (const i of selected)
      trainingLabels[i] = (labels[i] + 1 + rng.int(numClasses - 1)) % numClasses;
  }
  for (const i of selected) if (trainingLabels[i] !== labels[i]) corrupt[i] = 1;
  return { trainingLabels, corrupt, selected };
}
