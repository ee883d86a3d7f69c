/**
 * Decoder for `GET /api/accidents?format=binary` (docs/API.md, "Binary accidents").
 * Columns are typed-array views on the response buffer: no copy, no per-row objects.
 */

export const ACCIDENTS_MAGIC = 'CAAC';
export const ACCIDENTS_VERSION = 1;
export const HEADER_BYTES = 64;
export const BYTES_PER_ACCIDENT = 12;

export interface AccidentColumns {
  count: number;
  /** Quantisation box: lon = minLon + x / 65535 · (maxLon − minLon). */
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  /** Days since 1970-01-01 (local date, UTC+8) of day 0. */
  dayZero: number;
  ids: Uint32Array;
  x: Uint16Array;
  y: Uint16Array;
  /** Local date as days after `dayZero`. */
  day: Uint16Array;
  hour: Uint8Array;
  /** Bits 0–1 severity, 2–3 light, 4 two/three-wheeler, 5 pedestrian, 6 truck. */
  flags: Uint8Array;
}

export class AccidentDecodeError extends Error {
  constructor(message: string) {
    super(`Malformed accident data: ${message}`);
    this.name = 'AccidentDecodeError';
  }
}

export function decodeAccidents(buffer: ArrayBuffer): AccidentColumns {
  if (buffer.byteLength < HEADER_BYTES) {
    throw new AccidentDecodeError(`${buffer.byteLength} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  }
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== ACCIDENTS_MAGIC) {
    throw new AccidentDecodeError(`magic is "${magic}", expected "${ACCIDENTS_MAGIC}"`);
  }
  const version = view.getUint16(4, true);
  if (version !== ACCIDENTS_VERSION) {
    throw new AccidentDecodeError(`format version ${version} is not supported (expected ${ACCIDENTS_VERSION})`);
  }
  const count = view.getUint32(8, true);
  const expected = HEADER_BYTES + BYTES_PER_ACCIDENT * count;
  if (buffer.byteLength !== expected) {
    throw new AccidentDecodeError(
      `header says ${count} accidents (${expected} bytes) but the body has ${buffer.byteLength} bytes`,
    );
  }
  const box = {
    minLon: view.getFloat64(16, true),
    minLat: view.getFloat64(24, true),
    maxLon: view.getFloat64(32, true),
    maxLat: view.getFloat64(40, true),
  };
  const { minLon, minLat, maxLon, maxLat } = box;
  if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite) || minLon > maxLon || minLat > maxLat) {
    throw new AccidentDecodeError(`invalid quantisation box [${minLon}, ${minLat}, ${maxLon}, ${maxLat}]`);
  }
  const n = count;
  return {
    count,
    box,
    dayZero: view.getInt32(48, true),
    ids: new Uint32Array(buffer, HEADER_BYTES, n),
    x: new Uint16Array(buffer, HEADER_BYTES + 4 * n, n),
    y: new Uint16Array(buffer, HEADER_BYTES + 6 * n, n),
    day: new Uint16Array(buffer, HEADER_BYTES + 8 * n, n),
    hour: new Uint8Array(buffer, HEADER_BYTES + 10 * n, n),
    flags: new Uint8Array(buffer, HEADER_BYTES + 11 * n, n),
  };
}

export const severityCodeOf = (flag: number): number => flag & 0b11;
export const lightCodeOf = (flag: number): number => (flag >> 2) & 0b11;

export function lonOf(columns: AccidentColumns, i: number): number {
  const { minLon, maxLon } = columns.box;
  return minLon + (columns.x[i] / 65535) * (maxLon - minLon);
}

export function latOf(columns: AccidentColumns, i: number): number {
  const { minLat, maxLat } = columns.box;
  return minLat + (columns.y[i] / 65535) * (maxLat - minLat);
}
