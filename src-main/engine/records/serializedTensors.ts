/**
 * Tensors as plain named arrays: how weights, optimizer slots and aggregator buffers leave the
 * engine (checkpoints, final weights) and come back on resume. Structured-clone safe, so they
 * cross to the parent process without copying through JSON.
 */
export type SerializedTensors = Record<string, { shape: number[]; values: Float32Array }>;
