import { describe, expect, it } from 'vitest';
import { AccidentDecodeError, decodeAccidents, latOf, lightCodeOf, lonOf, severityCodeOf } from '@client/layers/accidents/decode-accidents';
import { buildAccidentsBuffer } from './accidents-binary';

const rows = [
  // fatal, dark-unlit (3 << 2), two-wheeler (bit 4)
  { id: 7, x: 0, y: 65535, day: 0, hour: 22, flags: 0 | (3 << 2) | (1 << 4) },
  // injury, day, pedestrian (bit 5)
  { id: 42, x: 32768, y: 0, day: 365, hour: 8, flags: 1 | (1 << 5) },
  // property only, dusk, truck (bit 6)
  { id: 4_000_000_000, x: 65535, y: 16384, day: 1826, hour: 17, flags: 2 | (1 << 2) | (1 << 6) },
];

describe('decodeAccidents', () => {
  it('reads every column of a hand-built buffer', () => {
    const decoded = decodeAccidents(buildAccidentsBuffer(rows, { box: [115, 35.5, 117, 37], dayZero: 19_358 }));
    expect(decoded.count).toBe(3);
    expect(decoded.dayZero).toBe(19_358);
    expect(decoded.box).toEqual({ minLon: 115, minLat: 35.5, maxLon: 117, maxLat: 37 });
    expect([...decoded.ids]).toEqual([7, 42, 4_000_000_000]);
    expect([...decoded.day]).toEqual([0, 365, 1826]);
    expect([...decoded.hour]).toEqual([22, 8, 17]);
    expect([...decoded.flags].map(severityCodeOf)).toEqual([0, 1, 2]);
    expect([...decoded.flags].map(lightCodeOf)).toEqual([3, 0, 1]);
  });

  it('dequantises positions within the quantisation box', () => {
    const decoded = decodeAccidents(buildAccidentsBuffer(rows, { box: [115, 35.5, 117, 37] }));
    expect(lonOf(decoded, 0)).toBe(115);
    expect(latOf(decoded, 0)).toBe(37);
    expect(lonOf(decoded, 1)).toBeCloseTo(115 + (32768 / 65535) * 2, 12);
    expect(lonOf(decoded, 2)).toBe(117);
    expect(latOf(decoded, 2)).toBeCloseTo(35.5 + (16384 / 65535) * 1.5, 12);
  });

  it('views the response buffer rather than copying it', () => {
    const buffer = buildAccidentsBuffer(rows);
    const decoded = decodeAccidents(buffer);
    expect(decoded.ids.buffer).toBe(buffer);
    expect(decoded.flags.buffer).toBe(buffer);
  });

  it('decodes an empty result', () => {
    const decoded = decodeAccidents(buildAccidentsBuffer([]));
    expect(decoded.count).toBe(0);
    expect(decoded.ids).toHaveLength(0);
  });

  it('rejects a buffer shorter than the header', () => {
    expect(() => decodeAccidents(new ArrayBuffer(10))).toThrow(/shorter than the 64-byte header/);
  });

  it('rejects wrong magic', () => {
    expect(() => decodeAccidents(buildAccidentsBuffer(rows, { magic: 'JSON' }))).toThrow(AccidentDecodeError);
    expect(() => decodeAccidents(buildAccidentsBuffer(rows, { magic: 'JSON' }))).toThrow(/magic is "JSON"/);
  });

  it('rejects an unknown format version', () => {
    expect(() => decodeAccidents(buildAccidentsBuffer(rows, { version: 2 }))).toThrow(/version 2 is not supported/);
  });

  it('rejects a body whose length disagrees with the count (truncated download)', () => {
    const full = buildAccidentsBuffer(rows);
    expect(() => decodeAccidents(full.slice(0, full.byteLength - 5))).toThrow(/header says 3 accidents \(100 bytes\) but the body has 95 bytes/);
  });

  it('rejects an inverted quantisation box', () => {
    expect(() => decodeAccidents(buildAccidentsBuffer(rows, { box: [117, 35.5, 115, 37] }))).toThrow(/invalid quantisation box/);
  });
});
