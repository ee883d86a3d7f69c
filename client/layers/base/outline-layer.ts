import { GeoJsonLayer } from 'deck.gl';
import type { Feature } from 'geojson';
import type { MessageKey } from '@client/i18n/zh';
import type { DeckLayerDefinition } from '../layer-types';

/**
 * An area's outline drawn by deck.gl over the county and township lines (the style's lines have no
 * inputs): the area a link names, the user's jurisdiction. `key` names the area in the feature's
 * layer input; nothing is drawn without one.
 */
export function outlineLayer<K extends string>(def: {
  id: string;
  key: K;
  labelKey: MessageKey;
  legendKey: MessageKey;
  order: number;
  color: [number, number, number];
  width: number;
}): DeckLayerDefinition<{ [P in K]: Feature | null }> {
  const [r, g, b] = def.color;
  const hex = `#${def.color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return {
    id: def.id,
    engine: 'deck',
    labelKey: def.labelKey,
    order: def.order,
    defaultVisible: true,
    legend: [{ labelKey: def.legendKey, symbol: { kind: 'line', color: hex, width: def.width } }],
    build: (ctx) => {
      const area = ctx.input?.[def.key];
      if (!area) return [];
      return [
        new GeoJsonLayer({
          id: `${def.id}-line`,
          data: [area],
          visible: ctx.visible,
          filled: false,
          stroked: true,
          getLineColor: [r, g, b, 230],
          lineWidthUnits: 'pixels',
          getLineWidth: def.width,
          pickable: false,
        }),
      ];
    },
  };
}
