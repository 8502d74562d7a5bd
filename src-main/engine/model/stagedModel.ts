import * as tf from '@tensorflow/tfjs';
import { perExampleLoss, type LossKind } from './losses';
import type { SpatialShape } from './convGeometry';
import type {
  GradientPass,
  GradientPassExtras,
  GroupPart,
  Model,
  PerExampleReducer,
  ReducedGradients,
  TrainableLayer,
} from './modelTypes';
import { probedPreActivation, type ProbedStage } from './probedStage';

/**
 * How a network computes its logits from its probed stages. It calls `node(i, a)` exactly once
 * for every stage i with that stage's input a and continues from the returned pre-activation z;
 * everything between stages (activations, pooling, normalization, residual sums, reshapes) is
 * ordinary tfjs ops, differentiated by autodiff. Stage 0 must be the only stage that reads the
 * data x (its input gradient is never needed). A node whose output feeds several consumers
 * (a residual block's input: its branch and its shortcut) needs nothing special: its probe
 * sits on that output, so autodiff sums the consumers' gradients into its δ.
 */
export type ProbedForward = (
  x: tf.Tensor2D,
  node: (stage: number, a: tf.Tensor) => tf.Tensor,
) => tf.Tensor2D;

/** A chain: each stage reshapes the previous output, then z, then activation and pooling. */
export function chainForward(stages: readonly ProbedStage[]): ProbedForward {
  return (x, node) => {
    let a: tf.Tensor = x;
    stages.forEach((stage, i) => {
      a = stage.postActivation(node(i, stage.input(a)));
    });
    return a as tf.Tensor2D;
  };
}

/**
 * A feed-forward model of probed stages: a chain (MLP, CNN) or a graph (residual network,
 * given as its ProbedForward). gradientPass makes one forward and one backward pass of Σ_i ℓ_i,
 * differentiating only with respect to zero probes added to every pre-activation
 * (probedPreActivation: one node, no addition computed): that yields δ_i = ∂ℓ_i/∂z_i for every
 * example and layer, from which each stage forms its summed gradient and per-example norms
 * from its own input a and δ. The autodiff never differentiates with respect to the weights,
 * so no gradient is computed twice.
 */
export class StagedModel implements Model {
  readonly layers: readonly TrainableLayer[];
  readonly variables: readonly tf.Variable[];
  readonly paramCount: number;
  private readonly forward: ProbedForward;

  /** Rows of x are flattened NHWC images of `input`'s shape. */
  readonly inputSize: number;

  constructor(
    private readonly stages: readonly ProbedStage[],
    input: SpatialShape,
    readonly numClasses: number,
    forward?: ProbedForward,
    readonly loss: LossKind = 'crossEntropy',
  ) {
    this.inputSize = input.height * input.width * input.channels;
    this.layers = stages.map((s) => s.layer);
    this.variables = this.layers.flatMap((l) => [l.kernel, l.bias]);
    // Counted as parameterCount(config) counts them: an untrained zero bias is not a parameter.
    this.paramCount = stages.reduce(
      (sum, s) => sum + s.layer.kernel.size + (s.trainsBias === false ? 0 : s.layer.bias.size),
      0,
    );
    this.forward = forward ?? chainForward(stages);
  }

  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.forward(x, (i, a) => this.stages[i].preActivation(a)));
  }

  gradientPass(x: tf.Tensor2D, labels: tf.Tensor1D, extras: GradientPassExtras = {}): GradientPass {
    const batch = x.shape[0];
    // Tensors created inside tf.grads' forward are disposed when it returns; the layer inputs,
    // logits and losses are needed afterwards, so they are kept and disposed here by hand.
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      if (t === x) return t;
      kept.push(t);
      return tf.keep(t);
    };
    const reducer = extras.perExampleReducer;
    let pass: GradientPass;
    try {
      pass = tf.tidy(() => {
        const probes = this.stages.map((s) => tf.zeros([batch, ...s.zShape]));
        const inputs: tf.Tensor[] = new Array<tf.Tensor>(this.stages.length);
        let logits: tf.Tensor2D | null = null;
        let losses: tf.Tensor1D | null = null;
        const lossSum = (...p: tf.Tensor[]): tf.Scalar => {
          logits = keep(
            this.forward(x, (i, a) => {
              if (inputs[i] !== undefined) throw new Error(`stage ${i} was applied twice`);
              inputs[i] = keep(a);
              return probedPreActivation(this.stages[i], a, p[i], i > 0);
            }),
          );
          losses = keep(perExampleLoss(this.loss, logits, labels, this.numClasses));
          return tf.sum(losses);
        };
        const deltas = tf.grads(lossSum)(probes);
        const missing = this.stages.findIndex((_, i) => inputs[i] === undefined);
        if (missing >= 0) throw new Error(`stage ${missing} was never applied`);
        const summedGradients: tf.Tensor[] = [];
        const perExampleSqNorms: tf.Tensor1D[] = [];
        this.stages.forEach((stage, i) => {
          const g = stage.gradients(inputs[i], deltas[i]);
          summedGradients.push(g.kernel, g.bias);
          perExampleSqNorms.push(g.sqNorms);
        });
        if (logits === null || losses === null) throw new Error('forward pass did not run');
        const groupRows = extras.groupRows;
        // Clones are ordinary (un-kept) tensors, so a caller's own tf.tidy can still collect them.
        return {
          summedGradients,
          perExampleSqNorms,
          perExampleLoss: tf.clone(losses as tf.Tensor1D),
          logits: tf.clone(logits as tf.Tensor2D),
          ...(groupRows
            ? { groupSummedGradients: this.groupGradients(inputs, deltas, groupRows) }
            : {}),
          // The per-example reduction needs a and δ after this pass has returned.
          ...(reducer ? { retained: [...inputs, ...deltas].map((t) => tf.clone(t)) } : {}),
        };
      });
    } finally {
      tf.dispose(kept);
    }
    if (!reducer || !pass.retained) return pass;
    const layers = this.stages.length;
    const inputs = pass.retained.slice(0, layers);
    const deltas = pass.retained.slice(layers);
    const groupMask = extras.groupRows ? rowMask(batch, extras.groupRows) : null;
    return {
      ...pass,
      reduceGradients: () => this.reduceGradients(inputs, deltas, reducer, groupMask),
    };
  }

  /** Σ over the given rows only: the same stage reduction applied to the gathered a and δ. */
  private groupGradients(
    inputs: readonly tf.Tensor[],
    deltas: readonly tf.Tensor[],
    rows: Int32Array,
  ): tf.Tensor[] {
    if (rows.length === 0) return this.variables.map((v) => tf.zerosLike(v));
    const index = tf.tensor1d(rows, 'int32');
    return this.stages.flatMap((stage, i) => {
      const g = stage.gradients(tf.gather(inputs[i], index), tf.gather(deltas[i], index));
      g.sqNorms.dispose();
      return [g.kernel, g.bias];
    });
  }

  /**
   * Per-example contributions, chunk by chunk, through a host-side per-coordinate reducer.
   * Reads are awaited (GPU backends have no synchronous read), so this runs after the pass,
   * on the layer inputs and δ the pass retained.
   */
  private async reduceGradients(
    inputs: readonly tf.Tensor[],
    deltas: readonly tf.Tensor[],
    reducer: PerExampleReducer,
    groupMask: Uint8Array | null,
  ): Promise<ReducedGradients> {
    const sums: tf.Tensor[] = [];
    const groupSums: tf.Tensor[] = [];
    try {
      await this.reduceInto(sums, groupSums, inputs, deltas, reducer, groupMask);
    } catch (error) {
      tf.dispose([...sums, ...groupSums]);
      throw error;
    }
    return { sums, groupSums: groupMask ? groupSums : null };
  }

  private async reduceInto(
    sums: tf.Tensor[],
    groupSums: tf.Tensor[],
    inputs: readonly tf.Tensor[],
    deltas: readonly tf.Tensor[],
    reducer: PerExampleReducer,
    groupMask: Uint8Array | null,
  ): Promise<void> {
    for (const [i, stage] of this.stages.entries()) {
      const kernel = new Float32Array(stage.layer.kernel.size);
      const bias = new Float32Array(stage.layer.bias.size);
      const groupKernel = new Float32Array(groupMask ? kernel.length : 0);
      const groupBias = new Float32Array(groupMask ? bias.length : 0);
      const part = (out: Float32Array, offset: number, coords: number): GroupPart | undefined =>
        groupMask ? { mask: groupMask, out: out.subarray(offset, offset + coords) } : undefined;
      if (stage.layer.kind === 'dense' && reducer.reduceOuter) {
        // Rank-one layer: hand the reducer the factors a and δ instead of B × in × out values.
        const [batch, fanIn] = inputs[i].shape;
        const units = deltas[i].shape[1] ?? 0;
        const delta = (await deltas[i].data()) as Float32Array;
        kernel.set(
          reducer.reduceOuter(
            (await inputs[i].data()) as Float32Array,
            delta,
            batch,
            fanIn ?? 0,
            units,
            part(groupKernel, 0, kernel.length),
          ),
        );
        const deltaT = new Float32Array(units * batch);
        for (let e = 0; e < batch; e++) {
          for (let j = 0; j < units; j++) deltaT[j * batch + e] = delta[e * units + j];
        }
        bias.set(reducer.reduce(deltaT, units, batch, part(groupBias, 0, units)));
      } else {
        for (const chunk of stage.perExampleChunks(
          inputs[i],
          deltas[i],
          reducer.maxChunkElements,
        )) {
          const [coords, batch] = chunk.values.shape;
          const values = (await chunk.values.data()) as Float32Array;
          chunk.values.dispose();
          const isKernel = chunk.param === 'kernel';
          (isKernel ? kernel : bias).set(
            reducer.reduce(
              values,
              coords,
              batch,
              part(isKernel ? groupKernel : groupBias, chunk.offset, coords),
            ),
            chunk.offset,
          );
        }
      }
      sums.push(
        tf.tensor(kernel, stage.layer.kernel.shape),
        tf.tensor(bias, stage.layer.bias.shape),
      );
      if (groupMask) {
        groupSums.push(
          tf.tensor(groupKernel, stage.layer.kernel.shape),
          tf.tensor(groupBias, stage.layer.bias.shape),
        );
      }
    }
  }

  dispose(): void {
    tf.dispose(this.variables as tf.Variable[]);
  }
}

/** 1 at the given batch rows, 0 elsewhere. */
function rowMask(batch: number, rows: Int32Array): Uint8Array {
  const mask = new Uint8Array(batch);
  for (const r of rows) mask[r] = 1;
  return mask;
}
