import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The body grew past its method's limit; the request was not read to its end. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body too large (the limit for this call is ${limit} bytes)`);
    this.name = 'BodyTooLargeError';
  }
}

/** A declared Content-Length above the limit: refuse before reading a byte. */
export function declaredLengthExceeds(request: IncomingMessage, limit: number): boolean {
  const declared = request.headers['content-length'];
  return declared !== undefined && Number(declared) > limit;
}

/** Read a body into memory, stopping as soon as it passes `limit` bytes. */
export async function readBodyLimited(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Passes bytes through until more than `limit` have gone by, then fails the pipeline. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(new BodyTooLargeError(this.limit));
    else done(null, chunk);
  }
}

/**
 * Write a body to `path` (a new file, owner-only), failing once it passes `limit` bytes. The
 * caller removes the file whatever happens; an aborted upload rejects here.
 */
export async function spoolBodyToFile(
  request: IncomingMessage,
  limit: number,
  path: string,
): Promise<void> {
  await pipeline(
    request,
    new ByteLimit(limit),
    createWriteStream(path, { flags: 'wx', mode: 0o600 }),
  );
}
