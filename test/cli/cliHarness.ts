import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
const cliEntry = join(repoRoot, 'bin/coherence-lab.js');

/** A temp folder used as COHERENCE_LAB_HOME (cache, recent list) and for project files. */
export function tempLab(): { dir: string; db: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'clab-cli-'));
  return { dir, db: join(dir, 'project.clab'), env: { ...process.env, COHERENCE_LAB_HOME: dir } };
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the real CLI as a user would (node bin/coherence-lab.js …). */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 180_000,
): CliResult {
  const result = spawnSync(process.execPath, [cliEntry, ...args], {
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    cwd: repoRoot,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): ReturnType<typeof spawn> {
  return spawn(process.execPath, [cliEntry, ...args], {
    env,
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A tiny but real training config: 600 MNIST images, a 784-32-10 MLP, probes of 100. */
export const TINY_CONFIG = {
  dataset: { name: 'mnist', trainSize: 600, testSize: 200 },
  model: { kind: 'mlp', hidden: [32] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  batchSize: 50,
  steps: 60,
  seed: 3,
  coherence: { m: 100, chunkSize: 50 },
  schedule: { every: 20 },
  checkpointEvery: 20,
  backend: 'wasm',
};

export function writeConfig(
  dir: string,
  config: unknown = TINY_CONFIG,
  name = 'tiny.json',
): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}
