import type { SpatialShape } from '../../engine/model/convGeometry';
import { expectedWeightShapes, type WeightDimension } from '../../engine/model/weightShapes';
import type { RunConfig } from '../../engine/config/configSchemas';
import type { ApiIssue } from '../contract';

/** Largest value a dataset-decided dimension may take (see DIMENSION_WORDS). */
const FREE_DIMENSION_LIMITS: Record<Exclude<WeightDimension, number>, number> = {
  classes: 256,
  channels: 64,
  input: 16_777_216,
};
const DIMENSION_WORDS: Record<Exclude<WeightDimension, number>, string> = {
  classes: 'the number of classes',
  channels: 'the number of image channels',
  input: 'the number of input features',
};

const showShape = (shape: readonly WeightDimension[]): string =>
  `[${shape.map((d) => (typeof d === 'number' ? String(d) : '*')).join(', ')}]`;

/**
 * Check a run's imported final weights against the model its config builds, before anything
 * is allocated or stored: exactly the model's tensors (or none, for a run that ended without
 * weights), each with the shape the model gives it. Dimensions only the dataset decides (the
 * dataset is not in this project) must be positive, bounded and agree across tensors.
 * `where` is the run's path in the bundle ("runs.0").
 */
export function importedWeightIssues(
  weights: Readonly<Record<string, { shape: readonly number[] }>>,
  config: RunConfig,
  data: { input: SpatialShape; numClasses: number } | null,
  where: string,
): ApiIssue[] {
  const names = Object.keys(weights);
  if (names.length === 0) return [];
  let expected;
  try {
    expected = expectedWeightShapes(config.model, data);
  } catch (error) {
    return [{ path: `${where}.config.model`, message: (error as Error).message }];
  }
  const issues: ApiIssue[] = [];
  const modelNames = Object.keys(expected);
  for (const name of names) {
    if (!Object.hasOwn(expected, name)) {
      issues.push({
        path: `${where}.weights.${name}`,
        message: `not a tensor of this run's model (it has ${modelNames.join(', ')})`,
      });
    }
  }
  const free = new Map<string, { value: number; tensor: string }>();
  for (const name of modelNames) {
    const tensor = weights[name];
    const path = `${where}.weights.${name}`;
    if (!tensor) {
      issues.push({ path, message: `missing (the model's tensors are ${modelNames.join(', ')})` });
      continue;
    }
    const want = expected[name];
    const found = tensor.shape;
    const mismatch =
      found.length !== want.length || want.some((d, k) => typeof d === 'number' && d !== found[k]);
    if (mismatch) {
      issues.push({
        path: `${path}.shape`,
        message: `expected ${showShape(want)}, found [${found.slice(0, 8).join(', ')}]`,
      });
      continue;
    }
    want.forEach((d, k) => {
      if (typeof d === 'number') return;
      const value = found[k];
      if (value < 1 || value > FREE_DIMENSION_LIMITS[d]) {
        issues.push({
          path: `${path}.shape`,
          message: `dimension ${k} is ${DIMENSION_WORDS[d]}: expected 1 to ${FREE_DIMENSION_LIMITS[d]}, found ${value}`,
        });
        return;
      }
      const seen = free.get(d);
      if (!seen) free.set(d, { value, tensor: name });
      else if (seen.value !== value) {
        issues.push({
          path: `${path}.shape`,
          message: `dimension ${k} is ${DIMENSION_WORDS[d]}, ${seen.value} in ${seen.tensor} but ${value} here`,
        });
      }
    });
  }
  return issues;
}
