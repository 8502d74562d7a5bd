/** Image shape and class count of the built-in datasets, known without loading them. */
export const BUILTIN_DATASET_SHAPES = {
  mnist: { height: 28, width: 28, channels: 1, numClasses: 10, train: 60_000, test: 10_000 },
  'fashion-mnist': {
    height: 28,
    width: 28,
    channels: 1,
    numClasses: 10,
    train: 60_000,
    test: 10_000,
  },
  // The linear toy of PAPER-CLAIMS G4 (engine/data/linearToyDataset.ts): 6 features, 4 + 1 examples.
  'linear-toy-real': { height: 1, width: 6, channels: 1, numClasses: 2, train: 4, test: 1 },
  'linear-toy-random': { height: 1, width: 6, channels: 1, numClasses: 2, train: 4, test: 1 },
} as const;
