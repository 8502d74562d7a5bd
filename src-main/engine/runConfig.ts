import { aggregatorIssues } from './aggregators/aggregatorValidation';
import { describeRunConfigIssues } from './config/configFieldCatalog';
import { ConfigError } from './config/configIssues';
import { runConfigFieldsSchema, type RunConfig } from './config/configSchemas';

/**
 * The run config as a whole: every field (config/configSchemas.ts) plus the checks across
 * fields — steps or epochs, batch and probe sizes against the dataset, and what the aggregator
 * needs from the optimizer and (through the parameter count) the model. These sit above the
 * leaf because they use the model and aggregator modules, which themselves take their types
 * from the leaf. The single source of truth for validation (CLI --set, API inputs, bundles).
 */
export const runConfigSchema = runConfigFieldsSchema.superRefine((config, ctx) => {
  for (const issue of aggregatorIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
  if (config.steps === undefined && config.epochs === undefined) {
    ctx.addIssue({ code: 'custom', path: ['steps'], message: 'give steps or epochs' });
  }
  if (config.batchSize > config.dataset.trainSize) {
    ctx.addIssue({
      code: 'custom',
      path: ['batchSize'],
      message: `must be at most dataset.trainSize (${config.dataset.trainSize})`,
    });
  }
  if (config.coherence.m > config.dataset.trainSize) {
    ctx.addIssue({
      code: 'custom',
      path: ['coherence', 'm'],
      message: `must be at most dataset.trainSize (${config.dataset.trainSize}), the probe pool`,
    });
  }
  config.coherence.nested.forEach((size, i) => {
    if (size > config.dataset.trainSize) {
      ctx.addIssue({
        code: 'custom',
        path: ['coherence', 'nested', i],
        message: `must be at most dataset.trainSize (${config.dataset.trainSize}), the probe pool`,
      });
    }
    if (config.coherence.nested.indexOf(size) !== i) {
      ctx.addIssue({
        code: 'custom',
        path: ['coherence', 'nested', i],
        message: `${size} is listed twice; each nested probe size once`,
      });
    }
  });
  const learned = config.dataset.learnedSubset;
  if (learned && learned.referenceRun === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['dataset', 'learnedSubset', 'referenceRun'],
      message: 'give the id of the reference run whose easy/hard examples this run trains on',
    });
  }
  // Without testSize the whole test split is the pool; its size is checked against the dataset.
  const { testSize } = config.dataset;
  if (config.coherence.testProbe && testSize !== undefined && config.coherence.m > testSize) {
    ctx.addIssue({
      code: 'custom',
      path: ['coherence', 'm'],
      message: `with coherence.testProbe, must be at most dataset.testSize (${testSize})`,
    });
  }
  // One signed output is a regression on ±1 targets: it has no cross-entropy (the class count
  // is checked when the model is built, against the dataset).
  if (config.model.kind === 'linear' && config.model.output === 'signed' && config.loss !== 'mse') {
    ctx.addIssue({
      code: 'custom',
      path: ['loss'],
      message: 'model.output "signed" needs loss "mse" (a regression on targets −1/+1)',
    });
  }
});

/** Validate and fill defaults, or throw a ConfigError naming every offending key. */
export function parseRunConfig(input: unknown): RunConfig {
  const result = runConfigSchema.safeParse(input);
  if (!result.success)
    throw new ConfigError(`invalid run config: ${describeRunConfigIssues(result.error)}`);
  return result.data;
}
