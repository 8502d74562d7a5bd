import type { ImageDataset, ImageSplit } from './datasetTypes';

export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** One split as a format reader returns it: the examples plus what they look like. */
export interface ParsedSplit extends ImageShape {
  readonly split: ImageSplit;
  /** Enforced class count if one was given, else the largest label + 1. */
  readonly numClasses: number;
}

export interface SplitWithShape extends ParsedSplit {
  /** Names the source in messages, e.g. the images file. */
  readonly source: string;
}

export interface AssembleOptions {
  readonly name: string;
  readonly train: SplitWithShape;
  readonly test: SplitWithShape;
  /** When absent, the larger class count of the two splits (labels are already validated). */
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
}

/**
 * Join separately read train and test splits into one dataset. Every import format ends here,
 * so the cross-split checks (same image shape, one class count for both) are written once.
 */
export function assembleDataset(options: AssembleOptions): ImageDataset {
  const { train, test } = options;
  const shape = (s: ImageShape): string => `${s.height}×${s.width}×${s.channels}`;
  if (shape(train) !== shape(test)) {
    throw new Error(
      `dataset ${options.name}: train images (${train.source}) are ${shape(train)} but test images (${test.source}) are ${shape(test)}`,
    );
  }
  const seen = Math.max(train.numClasses, test.numClasses);
  const numClasses = options.numClasses ?? seen;
  if (numClasses < seen) {
    throw new Error(
      `dataset ${options.name}: labels reach class ${seen - 1} but numClasses is ${numClasses}`,
    );
  }
  if (options.classNames && options.classNames.length !== numClasses) {
    throw new Error(
      `dataset ${options.name}: ${options.classNames.length} class names given for ${numClasses} classes`,
    );
  }
  return {
    name: options.name,
    height: train.height,
    width: train.width,
    channels: train.channels,
    numClasses,
    ...(options.classNames ? { classNames: options.classNames } : {}),
    train: train.split,
    test: test.split,
  };
}

/** Check the class count option once, so every format rejects a bad value the same way. */
export function checkNumClassesOption(numClasses: number | undefined): void {
  if (
    numClasses !== undefined &&
    !(Number.isInteger(numClasses) && numClasses >= 1 && numClasses <= 256)
  ) {
    throw new RangeError(`numClasses must be an integer in 1–256, got ${numClasses}`);
  }
}
