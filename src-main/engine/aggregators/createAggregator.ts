import type { AggregatorConfig } from '../config/configSchemas';
import type { GradientAggregator } from './gradientAggregator';
import { meanAggregator } from './meanAggregator';
import { a3Aggregator, m3Aggregator, ra3Aggregator, rm3Aggregator } from './threeBatchAggregator';
import { winsorizedAggregator } from './winsorizedAggregator';

export function createAggregator(config: AggregatorConfig): GradientAggregator {
  switch (config.kind) {
    case 'mean':
      return meanAggregator();
    case 'winsorized':
      return winsorizedAggregator(config.c, config.memoryBudgetBytes);
    case 'm3':
      return m3Aggregator();
    case 'a3':
      return a3Aggregator();
    case 'rm3':
      return rm3Aggregator();
    case 'ra3':
      return ra3Aggregator();
  }
}
