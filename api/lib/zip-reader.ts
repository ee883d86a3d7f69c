import { Inflate, strFromU8 } from 'fflate';

/** A zip whose wanted entries unpack to more than the limit (a zip bomb, or simply too much). */
export class InflateLimitError extends Error {}

/** Compressed bytes inflated per step: a step can grow them at most ~1032-fold (DEFLATE's limit). */
const STEP = 16 * 1024;

/**
 * The entries of a zip archive that `wanted` names, unpacked, never more than `maxBytes` in all.
 * fflate's unzipSync trusts the sizes an archive declares (it allocates them, and inflates any lie
 * in full), so entries are found through the central directory here and inflated step by step,
 * stopping as soon as the output passes the limit: a bomb costs at most the limit and one step.
 * Throws an Error saying what is wrong with a damaged archive, InflateLimitError past the limit.
 */
export function unzipLimited(bytes: Uint8Array, wanted: (name: string) => boolean, maxBytes: number): Record<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive (no central directory)');
  const count = u16(end + 10);
  let at = u32(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new InflateLimitError('a ZIP64 archive (larger than 4 GB unpacked)');
  const out: Record<string, Uint8Array> = {};
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (u32(at) !== 0x02014b50) throw new Error('a damaged zip archive (central directory)');
    const method = u16(at + 10);
    const [packed, declared] = [u32(at + 20), u32(at + 24)];
    const [nameLength, extraLength, commentLength] = [u16(at + 28), u16(at + 30), u16(at + 32)];
    const local = u32(at + 42);
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (!wanted(name)) continue;
    if (u32(local) !== 0x04034b50) throw new Error(`a damaged zip archive (${name})`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + packed > bytes.length) throw new Error(`a damaged zip archive (${name} is cut short)`);
    const data = bytes.subarray(start, start + packed);
    if (declared > maxBytes - total) throw new InflateLimitError(`${name} unpacks to ${declared} bytes`);
    if (method === 0) out[name] = data.slice();
    // An honest entry unpacks to what it declares; one that goes on is refused there.
    else if (method === 8) out[name] = inflateAtMost(data, declared, name);
    else throw new Error(`${name} is compressed in a way this reader does not know (method ${method})`);
    total += out[name].length;
  }
  return out;
}

function inflateAtMost(data: Uint8Array, limit: number, name: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let length = 0;
  const inflate = new Inflate((chunk) => {
    length += chunk.length;
    if (length > limit) throw new InflateLimitError(`${name} unpacks to more than the ${limit} bytes it declares`);
    parts.push(chunk);
  });
  try {
    if (!data.length) inflate.push(data, true);
    for (let i = 0; i < data.length; i += STEP) inflate.push(data.subarray(i, i + STEP), i + STEP >= data.length);
  } catch (e) {
    if (e instanceof InflateLimitError) throw e;
    throw new Error(`a damaged zip archive (${name} cannot be inflated)`);
  }
  const whole = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    whole.set(p, at);
    at += p.length;
  }
  return whole;
}
