import type { SeededRandom } from '../rng';
import type { ModelConfig } from '../config/configSchemas';

export type InitializerName = ModelConfig['init'];

/**
 * Initial weights drawn on the host from SeededRandom, so a seed gives bit-identical weights on
 * every tfjs backend. Biases start at zero for all schemes.
 */
export function initialKernel(
  scheme: InitializerName,
  size: number,
  fanIn: number,
  fanOut: number,
  rng: SeededRandom,
): Float32Array {
  const out = new Float32Array(size);
  switch (scheme) {
    case 'glorot': {
      // Glorot/Xavier uniform: U(−l, l), l = √(6/(fan_in+fan_out)).
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * limit;
      break;
    }
    case 'he': {
      // He normal: N(0, 2/fan_in). Untruncated (Keras truncates at 2σ); the difference is
      // immaterial here and the plain normal is what the papers describe.
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
      break;
    }
    case 'zeros':
      // Gradient descent from the origin (the paper's linear example): the array is all 0 already.
      break;
    case 'paper2020': {
      // Coherent Gradients (ICLR 2020) setup: N(0,1)·2/√(fan_in+fan_out).
      const scale = 2 / Math.sqrt(fanIn + fanOut);
      for (let i = 0; i < size; i++) out[i] = rng.normal() * scale;
      break;
    }
  }
  return out;
}
