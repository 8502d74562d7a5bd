import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../config/configSchemas';
import { applyActivation } from './activation';
import type { SpatialShape } from './convGeometry';
import type { ConvNormStrategy } from './convNormStrategy';
import { convStage } from './convStage';
import { denseStage } from './denseStage';
import { createLayers } from './layerVariables';
import type { LossKind } from './losses';
import type { Model } from './modelTypes';
import { normAffineStage } from './normAffineStage';
import { normalizeGroups } from './normalization';
import type { ProbedStage } from './probedStage';
import { resnetLayout, type ResnetConv, type ResnetShortcut } from './resnetLayout';
import { StagedModel, type ProbedForward } from './stagedModel';

type ResnetConfig = Extract<ModelConfig, { kind: 'resnet' }>;

/**
 * Residual network (layout in resnetLayout.ts) as a graph of probed stages: every convolution,
 * every normalization's affine part and the dense head is one stage with its own probe, so
 * each keeps the exact per-example gradient norms of its kind (convolution: convStage,
 * γ/β: normAffineStage, dense: denseStage). The parameter-free parts — normalization
 * statistics, activations, residual sums, subsampling, global average pooling — are plain
 * differentiable ops between them. Layers are named stem.conv, stem.norm,
 * stage{s}.block{b}.conv1/norm1/conv2/norm2(/shortcut.conv/shortcut.norm), dense1.
 */
export function createResnet(
  config: ResnetConfig,
  input: SpatialShape,
  numClasses: number,
  seed: number,
  convNorm: ConvNormStrategy | 'auto' = 'auto',
  loss: LossKind = 'crossEntropy',
): Model {
  const layout = resnetLayout(config, input, numClasses);
  const layers = createLayers(layout.plans, config.init, seed);
  const stages: ProbedStage[] = layout.plans.map((plan, i) => {
    if (plan.kind === 'dense') return denseStage(layers[i], null);
    const conv = convsByLayer(layout).get(i);
    if (plan.kind === 'conv' && conv) {
      // The stage's own activation and pooling are never applied: the forward below does.
      return convStage(layers[i], conv.input, conv.spec, config.activation, convNorm);
    }
    const shape = normShapes(layout).get(i);
    if (plan.kind === 'norm' && shape) return normAffineStage(layers[i], shape);
    throw new Error(`no stage for layer ${plan.name}`);
  });
  const groups = config.norm === 'group' ? config.groups : 1;
  const act = (t: tf.Tensor): tf.Tensor => applyActivation(config.activation, t);

  const forward: ProbedForward = (x, node) => {
    const conv = (c: ResnetConv, a: tf.Tensor): tf.Tensor => node(c.layer, a);
    const norm = (layer: number | null, z: tf.Tensor): tf.Tensor =>
      layer === null ? z : node(layer, normalizeGroups(z as tf.Tensor4D, groups));
    const shortcut = (s: ResnetShortcut, a: tf.Tensor): tf.Tensor => {
      if (s.kind === 'identity') return a;
      if (s.kind === 'projection') return norm(s.norm, conv(s.conv, a));
      return zeroPadShortcut(a as tf.Tensor4D, s.stride, s.addedChannels);
    };
    const images = tf.reshape(x, [x.shape[0], input.height, input.width, input.channels]);
    let h = act(norm(layout.stem.norm, conv(layout.stem.conv, images)));
    for (const block of layout.blocks) {
      const branch = act(norm(block.norm1, conv(block.conv1, h)));
      const residual = norm(block.norm2, conv(block.conv2, branch));
      h = act(tf.add(residual, shortcut(block.shortcut, h)));
    }
    return node(layout.head, globalAveragePool(h as tf.Tensor4D)) as tf.Tensor2D;
  };
  return new StagedModel(stages, input, numClasses, forward, loss);
}

function convsByLayer(layout: ReturnType<typeof resnetLayout>): Map<number, ResnetConv> {
  const convs = new Map<number, ResnetConv>([[layout.stem.conv.layer, layout.stem.conv]]);
  for (const block of layout.blocks) {
    for (const c of [block.conv1, block.conv2]) convs.set(c.layer, c);
    if (block.shortcut.kind === 'projection')
      convs.set(block.shortcut.conv.layer, block.shortcut.conv);
  }
  return convs;
}

/** The map each normalization layer normalizes: the output of the convolution before it. */
function normShapes(layout: ReturnType<typeof resnetLayout>): Map<number, SpatialShape> {
  const shapes = new Map<number, SpatialShape>();
  const add = (norm: number | null, c: ResnetConv): void => {
    if (norm !== null) shapes.set(norm, c.output);
  };
  add(layout.stem.norm, layout.stem.conv);
  for (const block of layout.blocks) {
    add(block.norm1, block.conv1);
    add(block.norm2, block.conv2);
    if (block.shortcut.kind === 'projection') add(block.shortcut.norm, block.shortcut.conv);
  }
  return shapes;
}

/**
 * ResNet's option-A shortcut: the input sampled at the stride (rows and columns 0, s, 2s, …,
 * the positions a 1×1 'same' convolution of that stride reads) with zero channels appended.
 * The sampling is an average pooling with a 1×1 window, which has a gradient on every backend.
 */
function zeroPadShortcut(a: tf.Tensor4D, stride: number, addedChannels: number): tf.Tensor4D {
  const sampled = stride === 1 ? a : tf.avgPool(a, 1, stride, 'valid');
  if (addedChannels === 0) return sampled;
  return tf.pad(sampled, [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, addedChannels],
  ]);
}

/**
 * Mean over all positions, [B, H, W, C] → [B, C], with its gradient written out (dy/(H·W) at
 * every position): one average-pooling pass forward and one broadcast back.
 */
function globalAveragePool(h: tf.Tensor4D): tf.Tensor2D {
  const [batch, height, width, channels] = h.shape;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor4D;
    return {
      value: tf.reshape(tf.avgPool(input, [height, width], [height, width], 'valid'), [
        batch,
        channels,
      ]),
      gradFunc: (dy: tf.Tensor): tf.Tensor =>
        tf.broadcastTo(tf.reshape(tf.div(dy, height * width), [batch, 1, 1, channels]), [
          batch,
          height,
          width,
          channels,
        ]),
    };
  })(h) as tf.Tensor2D;
}
