/** Builds a `format=binary` accidents buffer by hand, following docs/API.md byte by byte. */
export interface HandRow {
  id: number;
  x: number;
  y: number;
  day: number;
  hour: number;
  flags: number;
}

export function buildAccidentsBuffer(
  rows: HandRow[],
  opts: { box?: [number, number, number, number]; dayZero?: number; magic?: string; version?: number } = {},
): ArrayBuffer {
  const n = rows.length;
  const buffer = new ArrayBuffer(64 + 12 * n);
  const view = new DataView(buffer);
  const magic = opts.magic ?? 'CAAC';
  for (let i = 0; i < 4; i++) view.setUint8(i, magic.charCodeAt(i));
  view.setUint16(4, opts.version ?? 1, true);
  view.setUint32(8, n, true);
  const [minLon, minLat, maxLon, maxLat] = opts.box ?? [115.0, 35.5, 117.0, 37.0];
  view.setFloat64(16, minLon, true);
  view.setFloat64(24, minLat, true);
  view.setFloat64(32, maxLon, true);
  view.setFloat64(40, maxLat, true);
  view.setInt32(48, opts.dayZero ?? 19_000, true);
  rows.forEach((r, i) => {
    view.setUint32(64 + 4 * i, r.id, true);
    view.setUint16(64 + 4 * n + 2 * i, r.x, true);
    view.setUint16(64 + 6 * n + 2 * i, r.y, true);
    view.setUint16(64 + 8 * n + 2 * i, r.day, true);
    view.setUint8(64 + 10 * n + i, r.hour);
    view.setUint8(64 + 11 * n + i, r.flags);
  });
  return buffer;
}
