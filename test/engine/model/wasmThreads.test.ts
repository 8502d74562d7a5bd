import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { relativeError } from './referenceGradients';
import { gradientPassSummary } from './wasmThreadsCase';

interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run wasmThreadsChild.ts in a fresh Node process (tsx loader) with the given environment. */
function runChild(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildResult> {
  const script = path.join(import.meta.dirname, 'wasmThreadsChild.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// The multi-threaded wasm build in Node (wasmThreads.ts): it starts with the requested pool,
// computes the same gradients as the single-threaded build, and the process still exits by
// itself. Bad values of the variable are refused with its name.
describe('wasm backend with threads', () => {
  it('runs 2 threads, matches the single-threaded pass, and exits on its own', async () => {
    const child = await runChild({ COHERENCE_LAB_WASM_THREADS: '2' }, 240_000);
    expect(child.code, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as {
      backend: { name: string; version: string };
      threads: number;
      summed: number[][];
      sqNorms: number[][];
    };
    expect(result.backend).toEqual({
      name: 'wasm',
      version: 'tfjs-backend-wasm 4.22.0 (2 threads)',
    });
    expect(result.threads).toBe(2);
    await selectBackend('wasm');
    const single = gradientPassSummary();
    single.summed.forEach((g, v) => expect(relativeError(result.summed[v], g)).toBeLessThan(1e-5));
    single.sqNorms.forEach((n, l) =>
      expect(relativeError(result.sqNorms[l], n)).toBeLessThan(1e-5),
    );
  }, 300_000);

  it('refuses a malformed thread count, naming the variable', async () => {
    const child = await runChild({ COHERENCE_LAB_WASM_THREADS: 'two' }, 120_000);
    expect(child.code).not.toBe(0);
    expect(child.stderr).toContain(
      'COHERENCE_LAB_WASM_THREADS must be a positive integer, got "two"',
    );
  }, 150_000);
});
