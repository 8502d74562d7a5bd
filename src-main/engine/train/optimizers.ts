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
  /**
   * Applies w ← w − lr·u with u the optimizer's step for `gradients` (the aggregated direction).
   * Given the direction's corrupt part, also returns u, the part of u the corrupt examples
   * contributed and the part weight decay contributed — each carried through the momentum /
   * Adam first-moment recursions, which are linear in the directions (Adam's denominator scales
   * all alike) — so f_p/f_c describe the update actually applied, and the decay term λ·w is
   * counted as neither pristine nor corrupt. The caller disposes the returned tensors.
   */
  apply(
    variables: readonly tf.Variable[],
    gradients: readonly tf.Tensor[],
    lr: number,
    corruptPart: readonly tf.Tensor[] | null,
  ): AppliedStep | null;
  exportState(): Promise<SerializedTensors>;
  importState(state: SerializedTensors): void;
  dispose(): void;
}

/** An applied step u (before the learning rate), its corrupt examples' part and its decay part. */
export interface AppliedStep {
  readonly step: tf.Tensor[];
  readonly corruptPart: tf.Tensor[];
  /** The weight-decay term's part of u; empty without weight decay. */
  readonly decayPart: tf.Tensor[];
}

/** The slot named `key`, created as zeros shaped like the variable on first use. */
function slotIn(slots: Map<string, tf.Variable>, key: string, like: tf.Variable): tf.Variable {
  let slot = slots.get(key);
  if (!slot) {
    slot = tf.variable(tf.zerosLike(like), false);
    slots.set(key, slot);
  }
  return slot;
}

/** True when the state holds `slots` but not their corrupt parts (an older checkpoint). */
function splitMissing(state: SerializedTensors, slots: string, corrupt: string): boolean {
  const names = Object.keys(state);
  return names.some((n) => n.startsWith(slots)) && !names.some((n) => n.startsWith(corrupt));
}

function keepIfTracked(applied: AppliedStep, tracked: boolean): AppliedStep | null {
  if (tracked) return applied;
  tf.dispose([...applied.step, ...applied.corruptPart, ...applied.decayPart]);
  return null;
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
 * λ·w: the L2 weight-decay term added to the update direction (never to the per-example loss,
 * whose gradients are measured); null without decay.
 */
function decayTerm(variable: tf.Variable, decay: number): tf.Tensor | null {
  return decay > 0 ? tf.mul(variable, decay) : null;
}

/**
 * Whether a restored state lacks the corrupt or decay parts of its slots (a checkpoint written
 * before they were tracked): the split of the restored momentum is then unknown.
 */
function restoredSplitMissing(
  state: SerializedTensors,
  slots: string,
  parts: readonly string[],
): boolean {
  return parts.some((part) => splitMissing(state, slots, part));
}

class SgdOptimizer implements GradientOptimizer {
  private readonly velocity = new Map<string, tf.Variable>();
  /**
   * Restored from a checkpoint whose velocity has no corrupt part (written before f_p/f_c
   * followed the applied update): the velocity's split is unknown for the rest of the run.
   */
  private splitUnknown = false;

  constructor(
    private readonly momentum: number,
    private readonly weightDecay: number,
  ) {}

  /** The slot families that split the velocity: corrupt, and decay when there is decay. */
  private splitSlots(): string[] {
    return this.weightDecay > 0 ? ['velocity-corrupt/', 'velocity-decay/'] : ['velocity-corrupt/'];
  }

  apply(
    variables: readonly tf.Variable[],
    gradients: readonly tf.Tensor[],
    lr: number,
    corruptPart: readonly tf.Tensor[] | null,
  ): AppliedStep | null {
    const tracked = corruptPart !== null && !this.splitUnknown;
    const applied = tf.tidy(() => {
      const steps: tf.Tensor[] = [];
      const parts: tf.Tensor[] = [];
      const decayParts: tf.Tensor[] = [];
      variables.forEach((variable, i) => {
        let decay = decayTerm(variable, this.weightDecay);
        let direction = decay ? tf.add(gradients[i], decay) : gradients[i];
        let part = corruptPart?.[i] ?? null;
        if (this.momentum > 0) {
          const v = this.slot(`velocity/${i}`, variable);
          v.assign(v.mul(this.momentum).add(direction));
          direction = v;
          if (part) {
            const vc = this.slot(`velocity-corrupt/${i}`, variable);
            vc.assign(vc.mul(this.momentum).add(part));
            part = vc;
            if (decay) {
              const vd = this.slot(`velocity-decay/${i}`, variable);
              vd.assign(vd.mul(this.momentum).add(decay));
              decay = vd;
            }
          }
        }
        variable.assign(variable.sub(direction.mul(lr)));
        if (part) {
          steps.push(tf.clone(direction));
          parts.push(tf.clone(part));
          if (decay) decayParts.push(tf.clone(decay));
        }
      });
      return { step: steps, corruptPart: parts, decayPart: decayParts };
    });
    return keepIfTracked(applied, tracked);
  }

  private slot(key: string, like: tf.Variable): tf.Variable {
    return slotIn(this.velocity, key, like);
  }

  exportState(): Promise<SerializedTensors> {
    return exportSlots(this.velocity);
  }

  importState(state: SerializedTensors): void {
    importSlots(this.velocity, state, 'velocity/');
    for (const part of this.splitSlots()) importSlots(this.velocity, state, part);
    this.splitUnknown = restoredSplitMissing(state, 'velocity/', this.splitSlots());
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}

class AdamOptimizer implements GradientOptimizer {
  private readonly slots = new Map<string, tf.Variable>();
  private updates = 0;
  /** Restored from a checkpoint whose first moment has no corrupt part (see SgdOptimizer). */
  private splitUnknown = false;

  constructor(
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
    private readonly weightDecay: number,
  ) {}

  private slot(key: string, like: tf.Variable): tf.Variable {
    return slotIn(this.slots, key, like);
  }

  apply(
    variables: readonly tf.Variable[],
    gradients: readonly tf.Tensor[],
    lr: number,
    corruptPart: readonly tf.Tensor[] | null,
  ): AppliedStep | null {
    this.updates += 1;
    const correction1 = 1 - Math.pow(this.beta1, this.updates);
    const correction2 = 1 - Math.pow(this.beta2, this.updates);
    const tracked = corruptPart !== null && !this.splitUnknown;
    const applied = tf.tidy(() => {
      const steps: tf.Tensor[] = [];
      const parts: tf.Tensor[] = [];
      const decayParts: tf.Tensor[] = [];
      variables.forEach((variable, i) => {
        const decay = decayTerm(variable, this.weightDecay);
        const g = decay ? tf.add(gradients[i], decay) : gradients[i];
        const m = this.slot(`adam-m/${i}`, variable);
        const v = this.slot(`adam-v/${i}`, variable);
        m.assign(m.mul(this.beta1).add(g.mul(1 - this.beta1)));
        v.assign(v.mul(this.beta2).add(g.square().mul(1 - this.beta2)));
        const denominator = v.div(correction2).sqrt().add(this.epsilon);
        const step = m.div(correction1).div(denominator);
        variable.assign(variable.sub(step.mul(lr)));
        const part = corruptPart?.[i];
        if (part) {
          const mc = this.slot(`adam-m-corrupt/${i}`, variable);
          mc.assign(mc.mul(this.beta1).add(part.mul(1 - this.beta1)));
          steps.push(step);
          parts.push(mc.div(correction1).div(denominator));
          if (decay) {
            const md = this.slot(`adam-m-decay/${i}`, variable);
            md.assign(md.mul(this.beta1).add(decay.mul(1 - this.beta1)));
            decayParts.push(md.div(correction1).div(denominator));
          }
        }
      });
      return { step: steps, corruptPart: parts, decayPart: decayParts };
    });
    return keepIfTracked(applied, tracked);
  }

  async exportState(): Promise<SerializedTensors> {
    const out = await exportSlots(this.slots);
    out['adam-updates'] = { shape: [], values: new Float32Array([this.updates]) };
    return out;
  }

  importState(state: SerializedTensors): void {
    importSlots(this.slots, state, 'adam-m/');
    importSlots(this.slots, state, 'adam-v/');
    const splitSlots =
      this.weightDecay > 0 ? ['adam-m-corrupt/', 'adam-m-decay/'] : ['adam-m-corrupt/'];
    for (const part of splitSlots) importSlots(this.slots, state, part);
    this.updates = state['adam-updates']?.values[0] ?? 0;
    // A first moment restored without its corrupt or decay part cannot be split (see SgdOptimizer).
    this.splitUnknown = restoredSplitMissing(state, 'adam-m/', splitSlots);
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
