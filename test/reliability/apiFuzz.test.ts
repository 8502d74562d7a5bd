import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApiFuzz } from './apiFuzz';
import { useLabHome } from './reliabilityHarness';

const CI_CASES = 2000;
const home = mkdtempSync(join(tmpdir(), 'clab-fuzz-home-'));
useLabHome(home);

describe('property-based fuzzing of every API method through the real LabApi', () => {
  it(`answers ${CI_CASES} random and mutated payloads with results or structured ApiErrors only`, async () => {
    const result = await runApiFuzz({ cases: CI_CASES, seed: 20240611 });
    expect(result.failures).toEqual([]);
    expect(result.cases).toBe(CI_CASES);
    // The fuzz must mostly hit validation, but also reach handlers (ok, not-found, conflict).
    expect(result.outcomes['invalid-input'] ?? 0).toBeGreaterThan(CI_CASES / 2);
    expect(result.outcomes.ok ?? 0).toBeGreaterThan(20);
    expect((result.outcomes['not-found'] ?? 0) + (result.outcomes.conflict ?? 0)).toBeGreaterThan(
      5,
    );
    for (const [file, integrity] of Object.entries(result.integrity)) {
      expect({ file, integrity }).toEqual({ file, integrity: 'ok' });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 240_000);
});
