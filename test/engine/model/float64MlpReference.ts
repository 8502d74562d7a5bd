/**
 * A float64 reference for an MLP's per-example gradients in plain JS arrays: forward pass,
 * cross-entropy with the exact logit gradient δ = p − onehot(y) formed in float64 (where
 * p_y − 1 does not round to 0), and backpropagation by hand. Used to check the tfjs float32
 * engine in the saturated-softmax regime, where only the formulation decides the result.
 */
export interface Float64Layer {
  /** [fanIn][units] */
  readonly kernel: Float64Array[];
  readonly bias: Float64Array;
}

export interface Float64PerExample {
  /** Gradient of every variable, flattened (kernel, bias of layer 0, …). */
  readonly gradients: Float64Array[];
  readonly sqNormPerLayer: number[];
  readonly loss: number;
  readonly logits: Float64Array;
}

export function float64Layer(kernel: ArrayLike<number>, bias: ArrayLike<number>): Float64Layer {
  const units = bias.length;
  const fanIn = kernel.length / units;
  return {
    kernel: Array.from({ length: fanIn }, (_, r) =>
      Float64Array.from({ length: units }, (_, c) => kernel[r * units + c]),
    ),
    bias: Float64Array.from(bias),
  };
}

function affine(layer: Float64Layer, a: Float64Array): Float64Array {
  const z = Float64Array.from(layer.bias);
  layer.kernel.forEach((row, r) => row.forEach((w, c) => (z[c] += a[r] * w)));
  return z;
}

/** log Σ exp(z) − z_y and δ = softmax(z) − onehot(y), both in float64. */
export function float64CrossEntropy(
  z: Float64Array,
  y: number,
): { loss: number; delta: Float64Array } {
  const max = Math.max(...z);
  const top = z.indexOf(max);
  const exps = z.map((v) => Math.exp(v - max));
  const total = exps.reduce((s, v) => s + v, 0);
  const delta = exps.map((v, k) => v / total - (k === y ? 1 : 0));
  // δ_y from the others keeps its precision when p_y ≈ 1 (float64 would lose it past margins ~36).
  delta[y] = -delta.reduce((s, v, k) => (k === y ? s : s + v), 0);
  // log(1 + tiny) loses tiny's precision even in float64: log1p of the terms below the top.
  const belowTop = exps.reduce((s, v, k) => (k === top ? s : s + v), 0);
  return { loss: max - z[y] + Math.log1p(belowTop), delta };
}

export function float64PerExample(
  layers: readonly Float64Layer[],
  activation: 'relu' | 'tanh',
  x: ArrayLike<number>,
  y: number,
): Float64PerExample {
  const act = (v: number): number => (activation === 'relu' ? Math.max(0, v) : Math.tanh(v));
  const actGrad = (pre: number): number =>
    activation === 'relu' ? (pre > 0 ? 1 : 0) : 1 - Math.tanh(pre) ** 2;
  const inputs: Float64Array[] = [];
  const pres: Float64Array[] = [];
  let a: Float64Array = Float64Array.from(x);
  layers.forEach((layer, l) => {
    inputs.push(a);
    const z = affine(layer, a);
    pres.push(z);
    a = l === layers.length - 1 ? z : z.map(act);
  });
  const logits = a;
  const { loss, delta: outDelta } = float64CrossEntropy(logits, y);
  const gradients: Float64Array[] = [];
  const sqNormPerLayer: number[] = [];
  let delta = outDelta;
  for (let l = layers.length - 1; l >= 0; l--) {
    const input = inputs[l];
    const kernelGrad = new Float64Array(input.length * delta.length);
    input.forEach((ai, r) => delta.forEach((d, c) => (kernelGrad[r * delta.length + c] = ai * d)));
    const biasGrad = Float64Array.from(delta);
    gradients.unshift(kernelGrad, biasGrad);
    sqNormPerLayer.unshift(sumSquares(kernelGrad) + sumSquares(biasGrad));
    if (l > 0) {
      const prevPre = pres[l - 1];
      const d = delta;
      delta = prevPre.map(
        (pre, r) => layers[l].kernel[r].reduce((s, w, c) => s + w * d[c], 0) * actGrad(pre),
      );
    }
  }
  return { gradients, sqNormPerLayer, loss, logits };
}

export function sumSquares(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return s;
}
