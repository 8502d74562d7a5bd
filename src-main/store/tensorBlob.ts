/**
 * Named float32 tensors (weights, optimizer slots) in one BLOB: a 4-byte little-endian header
 * length, a JSON header [{name, shape, offset, length}], then the raw float32 values (platform
 * order; every platform Electron ships on is little-endian). Byte-exact roundtrip, NaN payloads
 * included, and no per-value text encoding.
 */
export type NamedTensors = Record<string, { shape: number[]; values: Float32Array }>;

interface HeaderEntry {
  readonly name: string;
  readonly shape: number[];
  /** In float32 elements from the start of the body. */
  readonly offset: number;
  readonly length: number;
}

export function encodeTensors(tensors: Readonly<NamedTensors>): Buffer {
  const entries: HeaderEntry[] = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    const size = tensor.shape.reduce((a, b) => a * b, 1);
    if (size !== tensor.values.length) {
      throw new Error(
        `tensor ${name}: shape [${tensor.shape.join(', ')}] holds ${size} values, got ${tensor.values.length}`,
      );
    }
    entries.push({ name, shape: [...tensor.shape], offset, length: tensor.values.length });
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

export function decodeTensors(blob: Uint8Array): NamedTensors {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const headerLength = bytes.length >= 4 ? bytes.readUInt32LE(0) : -1;
  if (headerLength < 0 || 4 + headerLength > bytes.length) {
    throw new Error(`tensor blob is damaged (${bytes.length} bytes, header of ${headerLength})`);
  }
  const entries = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as HeaderEntry[];
  const body = 4 + headerLength;
  const out: NamedTensors = {};
  for (const entry of entries) {
    const start = body + entry.offset * 4;
    const end = start + entry.length * 4;
    if (end > bytes.length) throw new Error(`tensor blob is damaged (${entry.name} is cut short)`);
    // Copy into a fresh, aligned buffer: the BLOB's byte offset need not be a multiple of 4.
    const values = new Float32Array(entry.length);
    new Uint8Array(values.buffer).set(bytes.subarray(start, end));
    out[entry.name] = { shape: entry.shape, values };
  }
  return out;
}
