/**
 * Named float32 tensors (weights, optimizer slots) in one BLOB: a 4-byte header length, a JSON
 * header [{name, shape, offset}], then the raw little-endian float32 values. Exact roundtrip,
 * no per-value text encoding.
 */
export type NamedTensors = Record<string, { shape: number[]; values: Float32Array }>;

export function encodeTensors(tensors: NamedTensors): Buffer {
  const entries: Array<{ name: string; shape: number[]; offset: number; length: number }> = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    entries.push({ name, shape: tensor.shape, offset, length: tensor.values.length });
    offset += tensor.values.length;
  }
  const header = Buffer.from(JSON.stringify(entries), 'utf8');
  const out = Buffer.alloc(4 + header.length + offset * 4);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  const body = 4 + header.length;
  for (const entry of entries) {
    const values = tensors[entry.name].values;
    Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(
      out,
      body + entry.offset * 4,
    );
  }
  return out;
}

export function decodeTensors(blob: Buffer): NamedTensors {
  const headerLength = blob.readUInt32LE(0);
  const entries = JSON.parse(blob.subarray(4, 4 + headerLength).toString('utf8')) as Array<{
    name: string;
    shape: number[];
    offset: number;
    length: number;
  }>;
  const body = 4 + headerLength;
  const out: NamedTensors = {};
  for (const entry of entries) {
    // Copy into a fresh, aligned buffer: the BLOB's byte offset need not be a multiple of 4.
    const bytes = blob.subarray(body + entry.offset * 4, body + (entry.offset + entry.length) * 4);
    const values = new Float32Array(entry.length);
    new Uint8Array(values.buffer).set(bytes);
    out[entry.name] = { shape: entry.shape, values };
  }
  return out;
}
