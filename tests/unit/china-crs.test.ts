import { describe, expect, it } from 'vitest';
import { bd09ToGcj02, gcj02ToBd09, gcj02ToWgs84, toWgs84, wgs84ToGcj02 } from '../../api/lib/china-crs';

const metres = (a: [number, number], b: [number, number]) => {
  const dx = (a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
  const dy = (a[1] - b[1]) * 110_574;
  return Math.hypot(dx, dy);
};

describe('GCJ-02 and BD-09', () => {
  const liaocheng: [number, number] = [115.985, 36.457];

  it('shifts a Liaocheng point by the few hundred metres web maps are off by', () => {
    const g = wgs84ToGcj02(...liaocheng);
    expect(metres(g, liaocheng)).toBeGreaterThan(200);
    expect(metres(g, liaocheng)).toBeLessThan(700);
    expect(g[0]).toBeGreaterThan(liaocheng[0]); // east and north, as everywhere in China
    expect(g[1]).toBeGreaterThan(liaocheng[1]);
  });

  // Test vectors of the widely used implementations (eviltransform's Beijing case; coordtransform's README).
  it('agrees with published conversions to a millimetre', () => {
    expect(metres(wgs84ToGcj02(116.377817, 39.911954), [116.38404722455657, 39.91334545536069])).toBeLessThan(0.001);
    expect(metres(wgs84ToGcj02(116.404, 39.915), [116.41024449916938, 39.91640428150164])).toBeLessThan(0.001);
    expect(metres(bd09ToGcj02(116.404, 39.915), [116.39762729119315, 39.90865673957631])).toBeLessThan(0.001);
    expect(metres(gcj02ToBd09(116.404, 39.915), [116.41036949371029, 39.92133699351021])).toBeLessThan(0.001);
  });

  it('inverts GCJ-02 to within a centimetre and BD-09 to within a metre', () => {
    for (const p of [liaocheng, [115.42, 35.9] as [number, number], [116.62, 36.98] as [number, number]]) {
      expect(metres(gcj02ToWgs84(...wgs84ToGcj02(...p)), p)).toBeLessThan(0.01);
      // Baidu's published inverse is itself approximate (~0.1 m).
      const bd = gcj02ToBd09(...wgs84ToGcj02(...p));
      expect(metres(toWgs84(bd[0], bd[1], 'bd09'), p)).toBeLessThan(1);
    }
  });

  it('leaves WGS84 alone', () => {
    expect(toWgs84(...liaocheng, 'wgs84')).toEqual(liaocheng);
  });
});
