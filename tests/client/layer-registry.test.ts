import { describe, expect, it } from 'vitest';
import { FEATURES, LAYER_REGISTRY } from '@client/layers/feature-registry';
import type { LayerBuildContext } from '@client/layers/layer-types';
import { composeDeckLayers, composeStyle, type ComposeInput } from '@client/map/compose-map';

const ctx: LayerBuildContext = { visible: true, locale: 'zh', basemap: 'local', input: null, dimmed: false };

const input = (over: Partial<ComposeInput> = {}): ComposeInput => ({
  registry: LAYER_REGISTRY,
  contextFor: () => ctx,
  basemap: 'local',
  basemapConfig: { tiandituKey: null, xyzUrl: null, styleUrl: null },
  remoteStyle: null,
  apiUrl: (p) => `http://test/api${p}`,
  attribution: { own: 'own', tianditu: 'tdt' },
  ...over,
});

describe('layer registry', () => {
  it('draws, bottom to top: townships, counties, the signed-in user’s jurisdiction, the area a link names, roads, accidents, hotspots, sight lines, the fatal crashes again, markets, schools, lights, hazards, evaluated sites, what the search found, labels', () => {
    expect(LAYER_REGISTRY.map((l) => l.id)).toEqual([
      'townships',
      'counties',
      'scope',
      'area',
      'roads',
      'accidents',
      'hotspot-grid',
      'hotspot-segments',
      'hotspot-clusters',
      'sight-lines',
      'accidents-fatal',
      'markets',
      'schools',
      'lights',
      'hazards',
      'evaluation',
      'search-found',
      'labels',
    ]);
    const orders = LAYER_REGISTRY.map((l) => l.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('takes every layer from a feature, each id once, the layer knowing its feature', () => {
    const ids = FEATURES.flatMap((f) => f.layers.map((l) => l.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(LAYER_REGISTRY.map((l) => l.id).sort()).toEqual([...ids].sort());
    expect(LAYER_REGISTRY.find((l) => l.id === 'hotspot-grid')?.feature).toBe('hotspots');
    expect(new Set(FEATURES.map((f) => f.id)).size).toBe(FEATURES.length);
  });

  it('gives every layer a label and a legend', () => {
    for (const layer of LAYER_REGISTRY) {
      expect(layer.labelKey).toMatch(/^layer\./);
      expect(layer.legend.length).toBeGreaterThan(0);
    }
  });

  it('builds the MapLibre style in registry order, with no remote glyphs, sprites or tiles', () => {
    const style = composeStyle(input());
    const ids = style.layers.map((l) => l.id);
    const firstOf = (prefix: string) => ids.findIndex((id) => id.startsWith(prefix));
    expect(firstOf('background')).toBe(0);
    expect(firstOf('townships')).toBeLessThan(firstOf('counties'));
    expect(firstOf('counties')).toBeLessThan(firstOf('roads'));
    expect(firstOf('roads')).toBeLessThan(firstOf('labels'));
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const urls = JSON.stringify(style.sources).match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.every((u) => u.startsWith('http://test/api/'))).toBe(true);
  });

  it('adds Tianditu under our layers only when a key is configured', () => {
    const style = composeStyle(input({ basemap: 'tianditu', basemapConfig: { tiandituKey: 'KEY', xyzUrl: null, styleUrl: null } }));
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf('base-tianditu-vec')).toBeLessThan(ids.indexOf('townships-line'));
    expect(JSON.stringify(style.sources)).toContain('t7.tianditu.gov.cn/vec_w/wmts');
    expect(JSON.stringify(composeStyle(input()).sources)).not.toContain('tianditu');
  });

  it('slots deck.gl layers under the next MapLibre layer above them', () => {
    const deck = composeDeckLayers(
      input({
        contextFor: (def) => ({
          ...ctx,
          input: def.id !== 'accidents' ? null : {
            filter: { fromDay: 0, toDay: 0, severities: [] },
            selectedId: null,
            onClick: () => undefined,
            data: {
            length: 0,
            dayZero: 0,
            firstDay: 0,
            lastDay: 0,
            ids: new Uint32Array(),
            positions: new Float64Array(),
            days: new Float32Array(),
            severity: new Uint8Array(),
            colors: new Uint8Array(),
            cumulative: [new Uint32Array(2), new Uint32Array(2), new Uint32Array(2)],
            },
          },
        }),
      }),
    );
    expect(deck.map((l) => l.id)).toEqual(['accidents']);
    expect((deck[0].props as { beforeId?: string }).beforeId).toBe('labels-village');
  });
});
