/**
 * The columnar binary form of an accident set (docs/API.md): 64-byte header, then ids u32,
 * x u16, y u16, day u16, hour u8, flags u8 — 12 bytes per accident.
 */
export const MAGIC = 'CAAC';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 64;
export const BYTES_PER_ACCIDENT = 12;
/** Day zero of the `day` column: 2000-01-01, as days since 1970-01-01. */
export const DAY_ZERO = 10_957;

export interface AccidentColumns {
  box: [number, number, number, number];
  ids: ArrayLike<number>;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  days: ArrayLike<number>;
  hours: ArrayLike<number>;
  flags: ArrayLike<number>;
}

export function encodeAccidents(cols: AccidentColumns): Uint8Array {
  const n = cols.ids.length;
  const buf = new ArrayBuffer(HEADER_BYTES + BYTES_PER_ACCIDENT * n);
  const view = new DataView(buf);
  for (let i = 0; i < 4; i++) view.setUint8(i, MAGIC.charCodeAt(i));
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint32(8, n, true);
  cols.box.forEach((v, i) => view.setFloat64(16 + 8 * i, v, true));
  view.setInt32(48, DAY_ZERO, true);
  new Uint32Array(buf, HEADER_BYTES, n).set(cols.ids);
  new Uint16Array(buf, HEADER_BYTES + 4 * n, n).set(cols.xs);
  new Uint16Array(buf, HEADER_BYTES + 6 * n, n).set(cols.ys);
  new Uint16Array(buf, HEADER_BYTES + 8 * n, n).set(cols.days);
  new Uint8Array(buf, HEADER_BYTES + 10 * n, n).set(cols.hours);
  new Uint8Array(buf, HEADER_BYTES + 11 * n, n).set(cols.flags);
  return new Uint8Array(buf);
}

/** Parses the comma-joined integer column PostgreSQL's string_agg produced. */
export function parseIntColumn(text: string | null, n: number): Int32Array {
  const out = new Int32Array(n);
  if (!text) return out;
  let v = 0;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 44) {
      out[k++] = v;
      v = 0;
    } else {
      v = v * 10 + (ch - 48);
    }
  }
  out[k] = v;
  return out;
}
