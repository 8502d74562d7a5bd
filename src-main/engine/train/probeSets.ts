import { SeededRandom } from '../rng';
import type { PreparedData } from '../data/datasetTypes';
import { hasCorruption, type RunConfig } from '../config/configSchemas';
import type { ProbeSet } from '../records/engineRecords';
import { classProbeName, nestedProbeName } from '../../shared/metricVocabulary';

/**
 * The fixed probe sets of a run (SPEC 1.3), drawn once with the run seed: a train probe of m
 * examples, and with label noise a pristine and a corrupt probe of m each (fewer when the pool
 * is smaller, so m is always recorded with the value), and optionally a test probe, one
 * probe per class (by training label) and nested probes (prefixes of one draw order).
 */
export function drawProbeSets(data: PreparedData, config: RunConfig): ProbeSet[] {
  const m = config.coherence.m;
  const fromPool = (
    name: ProbeSet['name'],
    pool: number[],
    test = false,
    picked?: ArrayLike<number>,
  ): ProbeSet => {
    const rng = SeededRandom.forPurpose(config.seed, `probe-${name}`);
    const picks = picked ?? rng.sample(pool.length, Math.min(m, pool.length));
    const positions = Array.from(picks, (i) => pool[i]).sort((a, b) => a - b);
    return {
      name,
      positions,
      sourceIndices: positions.map((p) =>
        test ? data.testSourceIndex[p] : data.trainSourceIndex[p],
      ),
      labels: positions.map((p) => (test ? data.testLabels[p] : data.trainingLabels[p])),
    };
  };
  const all = Array.from({ length: data.trainCount }, (_, i) => i);
  const probes = [fromPool('train', all)];
  if (hasCorruption(config)) {
    const pristine = all.filter((i) => data.corrupt[i] === 0);
    const corrupt = all.filter((i) => data.corrupt[i] === 1);
    if (pristine.length > 0) probes.push(fromPool('pristine', pristine));
    if (corrupt.length > 0) probes.push(fromPool('corrupt', corrupt));
  }
  if (config.coherence.perClass) {
    for (let label = 0; label < data.numClasses; label++) {
      const ofClass = all.filter((i) => data.trainingLabels[i] === label);
      if (ofClass.length > 0) probes.push(fromPool(classProbeName(label), ofClass));
    }
  }
  const nested = [...config.coherence.nested].sort((a, b) => a - b);
  if (nested.length > 0) {
    // One draw order of the largest size; every smaller probe is a prefix of it.
    const largest = Math.min(nested[nested.length - 1], all.length);
    const order = SeededRandom.forPurpose(config.seed, 'probe-nested').sample(all.length, largest);
    for (const size of nested) {
      probes.push(
        fromPool(
          nestedProbeName(size),
          all,
          false,
          order.subarray(0, Math.min(size, order.length)),
        ),
      );
    }
  }
  if (config.coherence.testProbe) {
    probes.push(
      fromPool(
        'test',
        Array.from({ length: data.testCount }, (_, i) => i),
        true,
      ),
    );
  }
  return probes;
}
