import * as tf from '@tensorflow/tfjs';
import { perExampleCrossEntropy } from './crossEntropy';
import type { GradientPass, Model, TrainableLayer } from './modelTypes';
import type { ProbedStage } from './probedStage';

/**
 * A feed-forward model as a chain of probed stages. gradientPass makes one forward and one
 * backward pass of Σ_i ℓ_i, differentiating only with respect to zero probes added to every
 * pre-activation: that yields δ_i = ∂ℓ_i/∂z_i for every example and layer, from which each
 * stage forms its summed gradient and per-example norms. The autodiff never differentiates
 * with respect to the weights, so no gradient is computed twice.
 */
export class StagedModel implements Model {
  readonly layers: readonly TrainableLayer[];
  readonly variables: readonly tf.Variable[];
  readonly paramCount: number;

  constructor(
    private readonly stages: readonly ProbedStage[],
    readonly inputSize: number,
    readonly numClasses: number,
  ) {
    this.layers = stages.map((s) => s.layer);
    this.variables = this.layers.flatMap((l) => [l.kernel, l.bias]);
    this.paramCount = this.variables.reduce((sum, v) => sum + v.size, 0);
  }

  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let a: tf.Tensor = x;
      for (const stage of this.stages)
        a = stage.postActivation(stage.preActivation(stage.input(a)));
      return a as tf.Tensor2D;
    });
  }

  gradientPass(x: tf.Tensor2D, labels: tf.Tensor1D): GradientPass {
    const batch = x.shape[0];
    // Tensors created inside tf.grads' forward are disposed when it returns; the layer inputs,
    // logits and losses are needed afterwards, so they are kept and disposed here by hand.
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      if (t === x) return t;
      kept.push(t);
      return tf.keep(t);
    };
    try {
      return tf.tidy(() => {
        const probes = this.stages.map((s) => tf.zeros([batch, ...s.zShape]));
        const inputs: tf.Tensor[] = [];
        let logits: tf.Tensor2D | null = null;
        let losses: tf.Tensor1D | null = null;
        const lossSum = (...p: tf.Tensor[]): tf.Scalar => {
          let a: tf.Tensor = x;
          this.stages.forEach((stage, i) => {
            a = stage.input(a);
            inputs.push(keep(a));
            a = stage.postActivation(tf.add(stage.preActivation(a), p[i]));
          });
          logits = keep(a as tf.Tensor2D);
          losses = keep(perExampleCrossEntropy(logits, labels, this.numClasses));
          return tf.sum(losses);
        };
        const deltas = tf.grads(lossSum)(probes);
        const summedGradients: tf.Tensor[] = [];
        const perExampleSqNorms: tf.Tensor1D[] = [];
        this.stages.forEach((stage, i) => {
          const g = stage.gradients(inputs[i], deltas[i]);
          summedGradients.push(g.kernel, g.bias);
          perExampleSqNorms.push(g.sqNorms);
        });
        if (logits === null || losses === null) throw new Error('forward pass did not run');
        // Clones are ordinary (un-kept) tensors, so a caller's own tf.tidy can still collect them.
        return {
          summedGradients,
          perExampleSqNorms,
          perExampleLoss: tf.clone(losses as tf.Tensor1D),
          logits: tf.clone(logits as tf.Tensor2D),
        };
      });
    } finally {
      tf.dispose(kept);
    }
  }

  dispose(): void {
    tf.dispose(this.variables as tf.Variable[]);
  }
}
