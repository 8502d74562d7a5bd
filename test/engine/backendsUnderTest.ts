import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'vitest';
import { selectBackend } from '../../src-main/engine/backend';

const ALL_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
export type BackendUnderTest = (typeof ALL_BACKENDS)[number];

/**
 * The backends the engine's reference tests run on in this process. WebGPU runs on SwiftShader,
 * the CPU Vulkan driver that Debian's chromium package ships (`.ci/run` installs it, with the
 * Vulkan loader): slow, but it executes the real WebGPU code path, so tests keep to tiny models
 * and few passes. vitest.config.ts runs the cpu/wasm cases and the webgpu cases as two projects
 * (CLAB_TEST_BACKENDS) so the webgpu ones can share one process; unset, all three run.
 */
export const BACKENDS_UNDER_TEST: readonly BackendUnderTest[] = (() => {
  const listed = process.env.CLAB_TEST_BACKENDS?.split(',').map((b) => b.trim());
  if (listed === undefined) return ALL_BACKENDS;
  const unknown = listed.filter((b) => !ALL_BACKENDS.some((known) => known === b));
  if (unknown.length > 0)
    throw new Error(
      `CLAB_TEST_BACKENDS: unknown backend ${unknown.join(', ')}; expected ${ALL_BACKENDS.join(', ')}`,
    );
  return ALL_BACKENDS.filter((b) => listed.includes(b));
})();

/** Whether this process runs the cases of `backend` (the other project runs the rest). */
export const testsBackend = (backend: BackendUnderTest): boolean =>
  BACKENDS_UNDER_TEST.includes(backend);

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** The environment a user sets to run WebGPU on SwiftShader (README, "GPU"). */
export function swiftShaderEnv(): Record<string, string> {
  return {
    VK_ICD_FILENAMES: SWIFTSHADER_ICD,
    XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? mkdtempSync(join(tmpdir(), 'clab-xdg-')),
  };
}

export const swiftShaderInstalled = existsSync(SWIFTSHADER_ICD);

// Dawn reads these when it first looks for an adapter, which is after this module is imported.
// A VK_ICD_FILENAMES the developer set already (a real GPU's driver) is kept.
if (swiftShaderInstalled) {
  const env = swiftShaderEnv();
  process.env.VK_ICD_FILENAMES ??= env.VK_ICD_FILENAMES;
  process.env.XDG_RUNTIME_DIR ??= env.XDG_RUNTIME_DIR;
}

/**
 * Set by `.ci/run`, which installs chromium: there a missing SwiftShader fails the webgpu cases
 * instead of skipping them, so CI never passes without having run them.
 */
const webGpuRequired = process.env.COHERENCE_LAB_REQUIRE_WEBGPU === '1';

/** Whole WebGPU suites skip only where SwiftShader is missing and not required. */
export const skipWebGpuSuites = !swiftShaderInstalled && !webGpuRequired;

/**
 * Select `backend` for this test. A webgpu case is skipped, visibly and with the reason, only
 * where SwiftShader is not installed and not required; where it is, a missing adapter fails the
 * test.
 */
export async function useBackend(backend: BackendUnderTest, context: TestContext): Promise<void> {
  if (backend === 'webgpu' && !swiftShaderInstalled) {
    const reason = `WebGPU needs ${SWIFTSHADER_ICD} (Debian chromium), not installed here`;
    if (webGpuRequired) throw new Error(`${reason} (COHERENCE_LAB_REQUIRE_WEBGPU=1)`);
    context.skip(reason);
  }
  await selectBackend(backend);
}
