import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../config/configSchemas';
import type { SerializedTensors } from '../records/serializedTensors';

/**
 * Slots are keyed by variable position, not tfjs variable name, because tfjs makes names unique
 * per process and a checkpoint must restore into a freshly built model.
 *
 * Optimizers applied to an already-aggregated gradient (the mean, or a robust aggregate). They
 * are written out rather than taken from tf.train so that their state is plain named tensors we
 * can checkpoint and restore exactly, whichever aggregator produced the gradient.
 */
export interface GradientOptimizer {
  apply(variables: readonly tf.Variable[], gradients: readonly tf.Tensor[], lr: number): void;
  exportState(): Promise<SerializedTensors>;
  importState(state: SerializedTensors): void;
  dispose(): void;
}

function exportSlots(slots: Map<string, tf.Variable>): Promise<SerializedTensors> {
  return (async () => {
    const out: SerializedTensors = {};
    for (const [name, slot] of slots) {
      out[name] = { shape: slot.shape.slice(), values: (await slot.data()) as Float32Array };
    }
    return out;
  })();
}

function importSlots(
  slots: Map<string, tf.Variable>,
  state: SerializedTensors,
  prefix: string,
): void {
  for (const [name, entry] of Object.entries(state)) {
    if (!name.startsWith(prefix)) continue;
    slots.get(name)?.dispose();
    slots.set(name, tf.variable(tf.tensor(entry.values, entry.shape), false));
  }
}

/**
 * d + λ·w: L2 weight decay added to the update direction (never to the per-example loss, whose
 * gradients are measured).
 */
function withWeightDecay(direction: tf.Tensor, variable: tf.Variable, decay: number): tf.Tensor {
  return decay > 0 ? tf.add(direction, tf.mul(variable, decay)) : direction;
}

class SgdOptimizer implements GradientOptimizer {
  private readonly velocity = new Map<string, tf.Variable>();

  constructor(
    private readonly momentum: number,
    private readonly weightDecay: number,
  ) {}

  apply(variables: readonly tf.Variable[], gradients: readonly tf.Tensor[], lr: number): void {
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        let direction = withWeightDecay(gradients[i], variable, this.weightDecay);
        if (this.momentum > 0) {
          const key = `velocity/${i}`;
          let v = this.velocity.get(key);
          if (!v) {
            v = tf.variable(tf.zerosLike(variable), false);
            this.velocity.set(key, v);
          }
          v.assign(v.mul(this.momentum).add(direction));
          direction = v;
        }
        variable.assign(variable.sub(direction.mul(lr)));
      });
    });
  }

  exportState(): Promise<SerializedTensors> {
    return exportSlots(this.velocity);
  }

  importState(state: SerializedTensors): void {
    importSlots(this.velocity, state, 'velocity/');
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}

class AdamOptimizer implements GradientOptimizer {
  private readonly slots = new Map<string, tf.Variable>();
  private updates = 0;

  constructor(
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
    private readonly weightDecay: number,
  ) {}

  private slot(key: string, like: tf.Variable): tf.Variable {
    let s = this.slots.get(key);
    if (!s) {
      s = tf.variable(tf.zerosLike(like), false);
      this.slots.set(key, s);
    }
    return s;
  }

  apply(variables: readonly tf.Variable[], gradients: readonly tf.Tensor[], lr: number): void {
    this.updates += 1;
    const correction1 = 1 - Math.pow(this.beta1, this.updates);
    const correction2 = 1 - Math.pow(this.beta2, this.updates);
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        const g = withWeightDecay(gradients[i], variable, this.weightDecay);
        const m = this.slot(`adam-m/${i}`, variable);
        const v = this.slot(`adam-v/${i}`, variable);
        m.assign(m.mul(this.beta1).add(g.mul(1 - this.beta1)));
        v.assign(v.mul(this.beta2).add(g.square().mul(1 - this.beta2)));
        const step = m.div(correction1).div(v.div(correction2).sqrt().add(this.epsilon));
        variable.assign(variable.sub(step.mul(lr)));
      });
    });
  }

  async exportState(): Promise<SerializedTensors> {
    const out = await exportSlots(this.slots);
    out['adam-updates'] = { shape: [], values: new Float32Array([this.updates]) };
    return out;
  }

  importState(state: SerializedTensors): void {
    importSlots(this.slots, state, 'adam-m/');
    importSlots(this.slots, state, 'adam-v/');
    this.updates = state['adam-updates']?.values[0] ?? 0;
  }

  dispose(): void {
    for (const s of this.slots.values()) s.dispose();
    this.slots.clear();
  }
}

export function createOptimizer(config: OptimizerConfig): GradientOptimizer {
  return config.kind === 'adam'
    ? new AdamOptimizer(config.beta1, config.beta2, config.epsilon, config.weightDecay)
    : new SgdOptimizer(config.momentum, config.weightDecay);
}
