/**
 * Image datasets as loaded from disk or a package: raw 8-bit pixels in NHWC order, one label per
 * image. Everything downstream (subsets, scaling, corruption) starts from this shape, so every
 * source (built-in MNIST, Fashion-MNIST, IDX, CIFAR-10, CSV) produces exactly it.
 */
export interface ImageSplit {
  /** N × height × width × channels bytes, row-major NHWC, values 0–255. */
  readonly pixels: Uint8Array;
  /** N labels in [0, numClasses). */
  readonly labels: Uint8Array;
  readonly count: number;
  /**
   * The network inputs as given, N × (h·w·c) floats, for a dataset whose inputs are not 8-bit
   * pixels (the built-in linear toy's ±1 features); used instead of pixels/255. `pixels` then
   * holds a display rendering only.
   */
  readonly inputs?: Float32Array;
}

export interface ImageDataset {
  readonly name: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  readonly classNames?: readonly string[];
  readonly train: ImageSplit;
  readonly test: ImageSplit;
}

/**
 * The training/test data of one run after subset selection, scaling and corruption.
 * Per-example ground truth (SPEC 1.4) is kept so memorization can be measured.
 */
export interface PreparedData {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  /** trainCount × (h·w·c) floats, scaled to [0,1] (optionally standardized). */
  readonly trainX: Float32Array;
  readonly trainCount: number;
  /** Index of every training example in the dataset's original training file order. */
  readonly trainSourceIndex: Int32Array;
  readonly originalLabels: Uint8Array;
  /** Labels the network is trained on (differ from the original where corrupted). */
  readonly trainingLabels: Uint8Array;
  /**
   * 1 where the example is corrupt: its training label differs from its original label, or its
   * pixels were replaced by noise; 0 where pristine. Every metric, probe and split uses this.
   */
  readonly corrupt: Uint8Array;
  /** 1 where the example was selected for label noise (provenance; permuted labels may return). */
  readonly selected: Uint8Array;
  readonly testX: Float32Array;
  readonly testLabels: Uint8Array;
  readonly testCount: number;
  readonly testSourceIndex: Int32Array;
}
