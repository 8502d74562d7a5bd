import { describe, expect, it } from 'vitest';
import { benchStore } from '../../bench/storeBench';

describe('store benchmark', () => {
  it('runs end to end on a small size (the full size is `npx tsx bench/storeBench.ts`)', async () => {
    const result = await benchStore({
      insertPoints: 6_000,
      batchSize: 1_000,
      readRuns: 2,
      pointsPerRun: 3_000,
    });
    expect(result.insertPointsPerSec).toBeGreaterThan(0);
    expect(result.read1MPointsMs).toBeGreaterThanOrEqual(0);
  });
});
