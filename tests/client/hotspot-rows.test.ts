import { describe, expect, it } from 'vitest';
import { createTranslator } from '@client/i18n/locale';
import { epdoClass } from '@client/layers/hotspots/hotspot-colors';
import { DEFAULT_PARAMS, hotspotSearch } from '@client/layers/hotspots/hotspot-params';
import { hotspotRows, toRow } from '@client/layers/hotspots/hotspot-rows';
import type { GridCollection, HotspotFeature, HotspotResult } from '@client/layers/hotspots/hotspot-types';
import { buildPlaceIndex } from '@client/layers/hotspots/place-index';

const all = { from: '2025-11-01', to: '2026-10-31', severities: ['fatal', 'injury', 'pdo'] as const };

describe('hotspot query string', () => {
  it('sends the window, the defaults and nothing for empty fields', () => {
    expect(hotspotSearch('clusters', DEFAULT_PARAMS, all)).toBe('from=2025-11-01&to=2026-10-31&eps=50&minPoints=5');
    expect(hotspotSearch('segments', DEFAULT_PARAMS, all)).toBe('from=2025-11-01&to=2026-10-31&rules=default');
    expect(hotspotSearch('grid', DEFAULT_PARAMS, all)).toBe('from=2025-11-01&to=2026-10-31&cell=500&fdr=true');
    expect(hotspotSearch('grid', { ...DEFAULT_PARAMS, grid: { cell: '800', fdr: false } }, all)).toBe(
      'from=2025-11-01&to=2026-10-31&cell=800&fdr=false',
    );
  });

  it('names severities in a fixed order, only when some are left out, and leaves dates to the API when unknown', () => {
    const q = hotspotSearch('clusters', DEFAULT_PARAMS, { from: null, to: null, severities: ['pdo', 'fatal'] });
    expect(q).toBe('severity=fatal%2Cpdo&eps=50&minPoints=5');
  });

  it('passes what the user typed, so that the API can say what is wrong with it', () => {
    expect(hotspotSearch('clusters', { ...DEFAULT_PARAMS, clusters: { eps: ' 2000 ', minPoints: '' } }, all)).toBe(
      'from=2025-11-01&to=2026-10-31&eps=2000',
    );
  });
});

const ctx = { t: createTranslator('zh'), locale: 'zh' as const, nearest: null, useFdr: false };

function cell(i: number, gi: number, bin: number, binFdr?: number): HotspotFeature {
  const x = 116 + i * 0.01;
  return {
    type: 'Feature',
    id: `${i}:0`,
    geometry: { type: 'Polygon', coordinates: [[[x, 36], [x + 0.01, 36], [x + 0.01, 36.01], [x, 36.01], [x, 36]]] },
    properties: { i, j: 0, count: 3, gi, p: 0.01, bin, binFdr, neighbours: 6 },
  };
}

describe('hotspot rows', () => {
  it('lists significant grid hot cells with accidents only, most crashes first (ties by z), by the FDR bin when asked', () => {
    const empty = cell(5, 4.5, 3, 3);
    empty.properties.count = 0; // hot by its neighbours, but no place to send anyone
    const busy = cell(6, 2.4, 2, 1);
    busy.properties.count = 12; // more crashes than the cell with the highest z
    const collection = { type: 'FeatureCollection', features: [cell(1, 1.8, 1, 0), cell(2, 3.1, 3, 2), cell(3, -2.2, -2, -1), cell(4, 0.2, 0, 0), empty, busy] };
    const result = { method: 'grid', collection: collection as GridCollection, search: '' } as HotspotResult;
    expect(hotspotRows(result, ctx).map((r) => [r.rank, r.key])).toEqual([
      [1, '6:0'],
      [2, '2:0'],
      [3, '1:0'],
    ]);
    expect(hotspotRows(result, { ...ctx, useFdr: true }).map((r) => [r.key, r.gi?.bin])).toEqual([
      ['6:0', 1],
      ['2:0', 2],
    ]);
  });

  it('names a segment by its road and stretch', () => {
    const feature = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[116, 36], [116.005, 36]] },
      properties: { rank: 2, road: { name: '东昌路', ref: null, class: 'urban_arterial' }, start: 1200, end: 1700, count: 5 },
    } as unknown as HotspotFeature;
    const row = toRow('segments', feature, ctx);
    expect(row).toMatchObject({ rank: 2, place: '东昌路', stretch: '1.2–1.7 km', centroid: [116.0025, 36] });
    const unnamed = { ...feature, properties: { ...feature.properties, road: { name: null, ref: null, class: 'county' } } } as HotspotFeature;
    expect(toRow('segments', unnamed, ctx).place).toBe('县道');
  });
});

describe('place names for hotspots', () => {
  const nearest = buildPlaceIndex([
    { lon: 116.019, lat: 36.0, label: '张庄村', nameEn: null, kind: 'village' },
    { lon: 116.03, lat: 36.0, label: '李庄村', nameEn: null, kind: 'village' },
    { lon: 116.2, lat: 36.2, label: '柳园街道', nameEn: 'Liuyuan', kind: 'township' },
  ]);

  it('takes the nearest village within 1.5 km, across bucket edges', () => {
    // 116.019 and 116.021 lie in neighbouring 0.02° buckets.
    expect(nearest(116.021, 36.0)?.place.label).toBe('张庄村');
    expect(nearest(116.028, 36.0)?.place.label).toBe('李庄村');
    expect(nearest(116.021, 36.0)!.metres).toBeCloseTo(180, -1);
  });

  it('falls back to the nearest township', () => {
    const far = nearest(116.1, 36.1);
    expect(far?.place.label).toBe('柳园街道');
    expect(far?.metres).toBeGreaterThan(10_000);
  });
});

describe('EPDO classes', () => {
  it('puts each bound in the class above it', () => {
    expect([0, 9.9, 10, 19, 20, 40, 79, 80, 500].map(epdoClass)).toEqual([0, 0, 1, 1, 2, 3, 3, 4, 4]);
  });
});
