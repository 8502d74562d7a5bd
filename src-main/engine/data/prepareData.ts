import type { RunConfig } from '../config/configSchemas';
import type { ImageDataset, ImageSplit, PreparedData } from './datasetTypes';
import { corruptLabels } from './labelCorruption';
import { splitLearnedSubset, type ReferenceLearnState } from './learnedSubset';
import { corruptPixels } from './pixelCorruption';
import { channelStatistics, gatherInputs, standardizeInPlace } from './pixelScaling';
import { selectSubset } from './subsetSelection';

/**
 * Turn a dataset into a run's data: seeded train/test subsets, scaling to [0,1], corruption
 * (SPEC 1.4), optional per-channel standardization. Every random choice uses
 * SeededRandom.forPurpose(config.seed, …), so the same config gives identical data.
 *
 * Which examples get random pixels: with label noise p > 0, the same round(p·n) examples that
 * were selected for label noise (all of them are then corrupt, including permuted labels that
 * came back, because their pixels carry no signal); with p = 0, all training examples (Zhang et
 * al.'s random-pixel experiment, where the whole training set is noise). Test data is never
 * corrupted.
 *
 * Order: statistics come from the pristine training subset before corruption, so Gaussian noise
 * matches the real data and standardization (train statistics, applied to train and test)
 * does not depend on the noise.
 *
 * With dataset.learnedSubset, both the training and the test examples come from the dataset's
 * training file: the easy or hard part of the reference run's training subset, split 80/20
 * (learnedSubset.ts); `reference` is that run's stored learn state.
 *
 * The dataset's arrays are only read (built-ins are shared per process).
 */
export function prepareData(
  dataset: ImageDataset,
  config: RunConfig,
  reference?: ReferenceLearnState,
): PreparedData {
  const { trainSize } = config.dataset;
  const testSize = config.dataset.testSize ?? dataset.test.count;
  const learned = config.dataset.learnedSubset;
  if (learned) {
    if (!reference) {
      throw new Error(
        `dataset.learnedSubset: the learn times of reference run ${learned.referenceRun} were not provided`,
      );
    }
    const split = splitLearnedSubset(reference, learned.part, config.seed);
    if (split.train !== trainSize || split.test !== testSize) {
      throw new RangeError(
        `dataset.learnedSubset: reference run ${learned.referenceRun} now gives ${split.train} training and ${split.test} held-out ${learned.part} examples, but this run was created with trainSize ${trainSize} and testSize ${testSize}`,
      );
    }
    return prepareSplits(dataset, config, split.trainSourceIndex, {
      split: dataset.train,
      sourceIndex: split.testSourceIndex,
    });
  }
  if (trainSize > dataset.train.count) {
    throw new RangeError(
      `dataset.trainSize ${trainSize} is larger than the ${dataset.train.count} training examples of ${dataset.name}`,
    );
  }
  if (testSize > dataset.test.count) {
    throw new RangeError(
      `dataset.testSize ${testSize} is larger than the ${dataset.test.count} test examples of ${dataset.name}`,
    );
  }
  const trainSourceIndex = selectSubset(
    dataset.train.count,
    trainSize,
    config.seed,
    'train-subset',
  );
  const testSourceIndex = selectSubset(dataset.test.count, testSize, config.seed, 'test-subset');
  return prepareSplits(dataset, config, trainSourceIndex, {
    split: dataset.test,
    sourceIndex: testSourceIndex,
  });
}

/** Gather, scale and corrupt the chosen training examples; gather and scale the test examples. */
function prepareSplits(
  dataset: ImageDataset,
  config: RunConfig,
  trainSourceIndex: Int32Array,
  test: { split: ImageSplit; sourceIndex: Int32Array },
): PreparedData {
  const { height, width, channels, numClasses } = dataset;
  const featureSize = height * width * channels;
  const trainSize = trainSourceIndex.length;
  const testSize = test.sourceIndex.length;
  const testSourceIndex = test.sourceIndex;
  const trainX = gatherInputs(dataset.train, trainSourceIndex, featureSize);
  const testX = gatherInputs(test.split, testSourceIndex, featureSize);
  const originalLabels = Uint8Array.from(trainSourceIndex, (i) => dataset.train.labels[i]);
  const testLabels = Uint8Array.from(testSourceIndex, (i) => test.split.labels[i]);

  const stats = channelStatistics(trainX, channels);
  const { trainingLabels, corrupt, selected } = corruptLabels(
    originalLabels,
    numClasses,
    config.labelNoise,
    config.noiseMode,
    config.seed,
  );
  if (config.randomPixels !== 'none') {
    const targets =
      config.labelNoise > 0 ? selected : Int32Array.from({ length: trainSize }, (_, i) => i);
    corruptPixels(
      trainX,
      { height, width, channels },
      targets,
      config.randomPixels,
      config.seed,
      stats,
    );
    for (const i of targets) corrupt[i] = 1;
  }
  const selectedMask = new Uint8Array(trainSize);
  for (const i of selected) selectedMask[i] = 1;
  if (config.dataset.standardize) {
    standardizeInPlace(trainX, stats);
    standardizeInPlace(testX, stats);
  }
  return {
    height,
    width,
    channels,
    numClasses,
    trainX,
    trainCount: trainSize,
    trainSourceIndex,
    originalLabels,
    trainingLabels,
    corrupt,
    selected: selectedMask,
    testX,
    testLabels,
    testCount: testSize,
    testSourceIndex,
  };
}
