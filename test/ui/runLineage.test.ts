import { describe, expect, it } from 'vitest';
import { unlinkedParentRunId } from '../../src-renderer/src/runData/runLineage';

describe('a run whose parent is not in this project', () => {
  it('names the config’s parent only when no parent run is linked', () => {
    const started = { config: { init: { fromRun: 7 } } };
    expect(unlinkedParentRunId({ ...started, parentRunId: null })).toBe(7);
    expect(unlinkedParentRunId({ ...started, parentRunId: 3 })).toBeNull();
    expect(unlinkedParentRunId({ config: {}, parentRunId: null })).toBeNull();
    expect(
      unlinkedParentRunId({ config: { init: { fromRun: '7' } }, parentRunId: null }),
    ).toBeNull();
  });
});
