import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Context } from 'hono';
import { ApiError } from './api-error';

/** An upload sent as the request's body, on disk: its path, size and first bytes (to tell its format). */
export interface RawUpload {
  file: string;
  size: number;
  head: Uint8Array;
}

/**
 * The request's body, streamed to a file of its own (never held in memory: an OSM extract is
 * hundreds of MB), refused past `maxBytes` as it comes (413 naming `file`), and its first 64
 * bytes. `noun` names the upload in the messages ("a road network"). The caller removes the file.
 */
export async function receiveBody(c: Context, maxBytes: number, noun: string, formats: string): Promise<RawUpload> {
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  const tooLarge = () => new ApiError('payload_too_large', `${Noun} may be at most ${maxBytes / 1048576} MB.`, [{ field: 'file', reason: 'too large', rule: 'too_large' }]);
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) throw new ApiError('bad_request', `Send ${noun} as the request body (${formats}).`, [{ field: 'file', reason: 'missing', rule: 'missing' }]);
  const file = path.join(os.tmpdir(), `changan-upload-${randomUUID()}`);
  const out = fs.createWriteStream(file);
  let size = 0;
  const head = new Uint8Array(64);
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      if (size < head.length) head.set(chunk.subarray(0, head.length - size), size);
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  } catch (e) {
    out.destroy();
    fs.rmSync(file, { force: true });
    throw e;
  }
  if (!size) {
    fs.rmSync(file, { force: true });
    throw new ApiError('bad_request', `The ${noun.replace(/^an? /, '')} file is empty.`, [{ field: 'file', reason: 'empty', rule: 'empty' }]);
  }
  return { file, size, head: head.subarray(0, Math.min(size, head.length)) };
}
