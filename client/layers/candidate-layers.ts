import { GeoJsonLayer, ScatterplotLayer, TextLayer, type Layer, type PickingInfo } from 'deck.gl';

type Rgba = [number, number, number, number];

const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** A place an analysis suggests (an unregistered market, a dark spot for a light): its area and where its marker goes. */
export interface Suggested {
  id: number;
  geometry: GeoJSON.Geometry;
  point: [number, number];
}

/**
 * The suggestions of an analysis on the map: each area tinted and outlined in `color`, and a white
 * marker with a "?" at its point, larger and bolder when selected; clicking a marker picks it.
 * Layer ids start with `id` (markets-candidate…, lights-candidate…).
 */
export function suggestionLayers<C extends Suggested>(id: string, o: { data: readonly C[]; visible: boolean; color: Rgba; selectedId: number | null; onPick(c: C): void }): Layer[] {
  const [r, g, b] = o.color;
  return [
    new GeoJsonLayer({
      id: `${id}-areas`,
      data: o.data.map((c) => ({ type: 'Feature', geometry: c.geometry, properties: { id: c.id } })) as never,
      visible: o.visible,
      filled: true,
      stroked: true,
      getFillColor: [r, g, b, 45],
      getLineColor: o.color,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new ScatterplotLayer<C>({
      id: `${id}s`,
      data: o.data as C[],
      visible: o.visible,
      getPosition: (c) => c.point,
      radiusUnits: 'pixels',
      getRadius: (c) => (c.id === o.selectedId ? 11 : 8),
      getFillColor: [255, 255, 255, 230],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (c) => (c.id === o.selectedId ? 4 : 2.5),
      getLineColor: o.color,
      updateTriggers: { getRadius: o.selectedId, getLineWidth: o.selectedId },
      pickable: true,
      onClick: (info: PickingInfo<C>) => {
        if (info.object) o.onPick(info.object);
        return true;
      },
    }),
    new TextLayer<C>({
      id: `${id}-glyphs`,
      data: o.data as C[],
      visible: o.visible,
      getPosition: (c) => c.point,
      getText: () => '?',
      getSize: 12,
      getColor: o.color,
      fontFamily: FONT,
      fontWeight: 700,
      characterSet: ['?'],
    }),
  ];
}
