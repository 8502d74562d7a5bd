import { describe, expect, it } from 'vitest';
import { skipWebGpuSuites, swiftShaderEnv } from '../engine/backendsUnderTest';
import { runCli, tempLab, writeConfig } from './cliHarness';

/** The smallest real run: a 784-10 softmax layer on 20 MNIST images, 2 steps, probe m = 5. */
const WEBGPU_CONFIG = {
  dataset: { name: 'mnist', trainSize: 20, testSize: 10 },
  model: { kind: 'mlp', hidden: [] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  batchSize: 10,
  steps: 2,
  seed: 3,
  coherence: { m: 5, chunkSize: 5 },
  schedule: { every: 100 },
  checkpointEvery: 100,
  backend: 'webgpu',
};

describe.skipIf(skipWebGpuSuites)('coherence-lab on WebGPU (SwiftShader)', () => {
  it('the trainer process finds the adapter the user configured, and `show` names it', () => {
    const lab = tempLab();
    // What README "GPU" tells a user without a GPU to set to try the WebGPU path.
    const env = { ...lab.env, ...swiftShaderEnv() };
    const config = writeConfig(lab.dir, WEBGPU_CONFIG);
    const result = runCli(['run', '--config', config, '--db', lab.db, '--json'], env);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string; backend: string };
    expect(summary.status).toBe('completed');
    expect(summary.backend).toMatch(
      /^tfjs-backend-webgpu 4\.22\.0 on google swiftshader — SwiftShader driver .* \(software\)$/,
    );
    const show = runCli(['show', '1', '--db', lab.db], env);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toMatch(
      /^backend webgpu tfjs-backend-webgpu 4\.22\.0 on google swiftshader — SwiftShader driver .*\(software\), 7850 parameters, 2 steps$/m,
    );
  });
});
