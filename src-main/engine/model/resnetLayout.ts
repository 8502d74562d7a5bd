import type { ModelConfig } from '../config/configSchemas';
import { convOutputShape, type ConvSpec, type SpatialShape } from './convGeometry';
import type { LayerPlan } from './layerParameters';

type ResnetConfig = Extract<ModelConfig, { kind: 'resnet' }>;

/** A convolution of the network: its layer, geometry and where it reads from. */
export interface ResnetConv {
  /** Index into the layout's plans (and the model's layers). */
  readonly layer: number;
  readonly spec: ConvSpec;
  readonly input: SpatialShape;
  readonly output: SpatialShape;
}

/** How a block's input reaches its sum: unchanged, a 1×1 convolution (+ norm), or subsampled and zero-padded. */
export type ResnetShortcut =
  | { readonly kind: 'identity' }
  | { readonly kind: 'projection'; readonly conv: ResnetConv; readonly norm: number | null }
  | { readonly kind: 'zeropad'; readonly stride: number; readonly addedChannels: number };

export interface ResnetBlock {
  /** "stage2.block1" */
  readonly name: string;
  readonly conv1: ResnetConv;
  readonly norm1: number | null;
  readonly conv2: ResnetConv;
  readonly norm2: number | null;
  readonly shortcut: ResnetShortcut;
  readonly output: SpatialShape;
}

export interface ResnetLayout {
  /** Every trainable layer in model order: the stem, each block (conv1, norm1, conv2, norm2, shortcut), the head. */
  readonly plans: LayerPlan[];
  readonly stem: { readonly conv: ResnetConv; readonly norm: number | null };
  readonly blocks: ResnetBlock[];
  /** The dense layer on the globally average-pooled last map. */
  readonly head: number;
  /** The last map, before global average pooling. */
  readonly finalMap: SpatialShape;
}

/**
 * The residual network's structure, computed without tfjs so the builder, the parameter count,
 * the cost estimate and the weight-shape check share one source. The stem is layer 0: the only
 * layer that reads the input images (the gradient pass relies on that).
 */
export function resnetLayout(
  config: ResnetConfig,
  input: SpatialShape,
  numClasses: number,
): ResnetLayout {
  const plans: LayerPlan[] = [];
  const addConv = (name: string, from: SpatialShape, spec: ConvSpec): ResnetConv => {
    const output = convOutputShape(from, spec);
    plans.push({
      name,
      kind: 'conv',
      kernelShape: [spec.kernel, spec.kernel, from.channels, spec.filters],
      // Keras convention for convolutions: receptive field × channels.
      fanIn: spec.kernel * spec.kernel * from.channels,
      fanOut: spec.kernel * spec.kernel * spec.filters,
      outputPositions: output.height * output.width,
    });
    return { layer: plans.length - 1, spec, input: from, output };
  };
  const addNorm = (name: string, shape: SpatialShape): number | null => {
    if (config.norm === 'none') return null;
    plans.push({
      name,
      kind: 'norm',
      kernelShape: [shape.channels],
      fanIn: shape.channels,
      fanOut: shape.channels,
      outputPositions: shape.height * shape.width,
    });
    return plans.length - 1;
  };
  const conv3 = (filters: number, stride: number): ConvSpec => ({
    filters,
    kernel: 3,
    stride,
    padding: 'same',
    pooling: 'none',
  });

  const stemConv = addConv('stem.conv', input, conv3(config.widths[0], 1));
  const stem = { conv: stemConv, norm: addNorm('stem.norm', stemConv.output) };
  let shape = stemConv.output;
  const blocks: ResnetBlock[] = [];
  config.widths.forEach((width, s) => {
    for (let b = 0; b < config.blocksPerStage; b++) {
      const name = `stage${s + 1}.block${b + 1}`;
      const stride = s > 0 && b === 0 ? 2 : 1;
      const conv1 = addConv(`${name}.conv1`, shape, conv3(width, stride));
      const norm1 = addNorm(`${name}.norm1`, conv1.output);
      const conv2 = addConv(`${name}.conv2`, conv1.output, conv3(width, 1));
      const norm2 = addNorm(`${name}.norm2`, conv2.output);
      let shortcut: ResnetShortcut = { kind: 'identity' };
      if (stride !== 1 || width !== shape.channels) {
        if (config.shortcut === 'projection') {
          const conv = addConv(`${name}.shortcut.conv`, shape, {
            filters: width,
            kernel: 1,
            stride,
            padding: 'same',
            pooling: 'none',
          });
          shortcut = {
            kind: 'projection',
            conv,
            norm: addNorm(`${name}.shortcut.norm`, conv.output),
          };
        } else {
          shortcut = { kind: 'zeropad', stride, addedChannels: width - shape.channels };
        }
      }
      blocks.push({ name, conv1, norm1, conv2, norm2, shortcut, output: conv2.output });
      shape = conv2.output;
    }
  });
  plans.push({
    name: 'dense1',
    kind: 'dense',
    kernelShape: [shape.channels, numClasses],
    fanIn: shape.channels,
    fanOut: numClasses,
    outputPositions: 1,
  });
  return { plans, stem, blocks, head: plans.length - 1, finalMap: shape };
}
