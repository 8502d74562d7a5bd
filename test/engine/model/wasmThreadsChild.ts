/**
 * Child process of wasmThreads.test.ts: starts the wasm backend as configured by the
 * environment (COHERENCE_LAB_WASM_THREADS), runs one gradient pass of a small CNN and prints
 * the backend and the results as JSON. It must exit on its own (no process.exit).
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src-main/engine/backend';
import { wasmThreadsRunning } from '../../../src-main/engine/wasmThreads';
import { gradientPassSummary } from './wasmThreadsCase';

const backend = await selectBackend('wasm');
const summary = gradientPassSummary();
process.stdout.write(
  `${JSON.stringify({ backend, threads: wasmThreadsRunning(), tfBackend: tf.getBackend(), ...summary })}\n`,
);
