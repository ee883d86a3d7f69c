import type { MessageKey } from '@client/i18n/zh';

import type { RoadClass } from '@shared/roads/road-classes';

export type { RoadClass };

export interface RoadStyle {
  class: RoadClass;
  labelKey: MessageKey;
  color: string;
  casing: string;
  /** Zoom at which the class appears: minor roads come in as the map zooms in. */
  minzoom: number;
  /**
   * Drawn from the second roads source (`roads-minor`), fetched only once the map nears the zoom
   * where they appear: 4.4 of the demo network's 5.6 MB, which the city view does not draw.
   */
  minor?: true;
  /** [zoom, width in px] stops of the fill line; the casing is drawn wider. */
  widths: [number, number][];
}

/**
 * Bottom to top: minor roads first, so that at a junction the higher class is drawn over.
 * Colours follow the habit of Chinese road maps (expressways orange, national roads yellow).
 */
export const ROAD_STYLES: readonly RoadStyle[] = [
  { class: 'village', labelKey: 'roadClass.village', color: '#ffffff', casing: '#d3cdc1', minzoom: 11, minor: true, widths: [[11, 0.5], [13, 1.4], [16, 4]] },
  { class: 'urban_street', labelKey: 'roadClass.urban_street', color: '#ffffff', casing: '#cfc8bb', minzoom: 11.5, minor: true, widths: [[11.5, 0.5], [14, 2.5], [17, 8]] },
  { class: 'township', labelKey: 'roadClass.township', color: '#ffffff', casing: '#c9c2b4', minzoom: 9.5, minor: true, widths: [[9.5, 0.5], [12, 1.6], [15, 5]] },
  { class: 'county', labelKey: 'roadClass.county', color: '#fffbe8', casing: '#c4b9a2', minzoom: 8.5, widths: [[8.5, 0.6], [11, 1.8], [14, 5.5]] },
  { class: 'urban_arterial', labelKey: 'roadClass.urban_arterial', color: '#ffffff', casing: '#bdb5a6', minzoom: 9.5, widths: [[9.5, 0.8], [12, 2.6], [15, 8]] },
  { class: 'provincial', labelKey: 'roadClass.provincial', color: '#fbe39b', casing: '#caa85a', minzoom: 0, widths: [[7, 0.8], [10, 2], [13, 5], [16, 10]] },
  { class: 'national', labelKey: 'roadClass.national', color: '#f9cf5c', casing: '#c28f2c', minzoom: 0, widths: [[7, 1], [10, 2.4], [13, 6], [16, 12]] },
  { class: 'expressway', labelKey: 'roadClass.expressway', color: '#f4a259', casing: '#c0692b', minzoom: 0, widths: [[7, 1.3], [10, 2.8], [13, 7], [16, 14]] },
];

/** The source a class is drawn from. */
export const roadSource = (style: Pick<RoadStyle, 'minor'>): 'roads' | 'roads-minor' => (style.minor ? 'roads-minor' : 'roads');

const classesOf = (minor: boolean) => ROAD_STYLES.filter((s) => !!s.minor === minor).map((s) => s.class);

/** The classes of each roads source, as the API's `class=` list. */
export const ROAD_SOURCE_CLASSES = { roads: classesOf(false), 'roads-minor': classesOf(true) } as const;

/** The zoom from which the minor roads are fetched: a step before the first of them is drawn. */
export const MINOR_ROADS_FROM_ZOOM = Math.min(...ROAD_STYLES.filter((s) => s.minor).map((s) => s.minzoom)) - 1;
