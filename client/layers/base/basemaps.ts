import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { AppConfig } from '@client/api/types';

/** What lies under our layers: our own offline ground, or a configured remote base. */
export type BasemapKind = 'local' | 'tianditu' | 'xyz' | 'style';

/** Only what the server configured is offered; nothing remote is requested otherwise. */
export function availableBasemaps(basemap: AppConfig['basemap']): BasemapKind[] {
  const kinds: BasemapKind[] = ['local'];
  if (basemap.tiandituKey) kinds.push('tianditu');
  if (basemap.xyzUrl) kinds.push('xyz');
  if (basemap.styleUrl) kinds.push('style');
  return kinds;
}

/** A configured remote base is what the operator asked for, so it is the default. */
export function defaultBasemap(kinds: readonly BasemapKind[]): BasemapKind {
  for (const preferred of ['style', 'tianditu', 'xyz'] as const) if (kinds.includes(preferred)) return preferred;
  return 'local';
}

function tiandituTiles(layer: 'vec' | 'cva', key: string): string[] {
  return Array.from(
    { length: 8 },
    (_, i) =>
      `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0` +
      `&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles` +
      `&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

export interface RasterBase {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
}

/** Raster tiles for a remote base, drawn right above the background and under everything of ours. */
export function rasterBase(kind: BasemapKind, basemap: AppConfig['basemap'], attribution: string): RasterBase {
  if (kind === 'tianditu' && basemap.tiandituKey) {
    const key = basemap.tiandituKey;
    return {
      sources: {
        'tianditu-vec': { type: 'raster', tiles: tiandituTiles('vec', key), tileSize: 256, maxzoom: 18, attribution },
        'tianditu-cva': { type: 'raster', tiles: tiandituTiles('cva', key), tileSize: 256, maxzoom: 18 },
      },
      layers: [
        { id: 'base-tianditu-vec', type: 'raster', source: 'tianditu-vec' },
        { id: 'base-tianditu-cva', type: 'raster', source: 'tianditu-cva' },
      ],
    };
  }
  if (kind === 'xyz' && basemap.xyzUrl) {
    return {
      sources: { 'base-xyz': { type: 'raster', tiles: [basemap.xyzUrl], tileSize: 256 } },
      layers: [{ id: 'base-xyz', type: 'raster', source: 'base-xyz' }],
    };
  }
  return { sources: {}, layers: [] };
}
