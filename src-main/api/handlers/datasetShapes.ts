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
} as const;
