import type { Layer } from 'deck.gl';
import { DataFilterExtension } from '@deck.gl/extensions';
import { ScatterplotLayer } from 'deck.gl';
import { DotLayer } from '../../map/dot-layer';
import type { DeckLayerDefinition, LayerBuildContext } from '../layer-types';
import { ACCIDENT_DOTS } from './accident-dots';
import type { AccidentRenderData } from './accident-render-data';
import { SEVERITIES, SEVERITY_CODE, SEVERITY_COLOR, cssColor, type Severity } from './severity';

/** Created once: a new extension instance per render would recompile the layer's shaders. */
const filterExtension = new DataFilterExtension({ filterSize: 2, categorySize: 1 });
const extensions = [filterExtension];

export const ACCIDENTS_LAYER_ID = 'accidents';

const allCache = new WeakMap<object, object>();
const fatalCache = new WeakMap<object, object>();

/**
 * deck.gl's binary data for some of the rows (all, or the fatal ones alone), the same object for the
 * same data (and area), so deck.gl never re-uploads the attributes. The filter value is each row's
 * day and whether it lies in the area a link names (1 without one); the category is its severity.
 *
 * The layer that draws the fatal crashes again on top gets their rows alone: with every row and a
 * category filter, the GPU ran each crash through that layer's shaders to keep a few (measured in
 * Chromium's software WebGL with 20 000 crashes: ~230 ms of a ~600 ms frame).
 */
function rowsData(data: AccidentRenderData, inArea: Uint8Array | null, which: 'all' | 'fatal') {
  const cache = which === 'all' ? allCache : fatalCache;
  const key = inArea ?? data;
  let binary = cache.get(key);
  if (binary) return binary;
  const rows: number[] = [];
  for (let i = 0; i < data.length; i++) if (which === 'all' || data.severity[i] === SEVERITY_CODE.fatal) rows.push(i);
  const all = which === 'all';
  const positions = all ? data.positions : new Float64Array(2 * rows.length);
  const colors = all ? data.colors : new Uint8Array(4 * rows.length);
  const values = new Float32Array(2 * rows.length);
  rows.forEach((i, k) => {
    if (!all) {
      positions.set(data.positions.subarray(2 * i, 2 * i + 2), 2 * k);
      colors.set(data.colors.subarray(4 * i, 4 * i + 4), 4 * k);
    }
    values[2 * k] = data.days[i];
    values[2 * k + 1] = inArea ? inArea[i] : 1;
  });
  binary = {
    length: rows.length,
    attributes: {
      getPosition: { value: positions, size: 2 },
      getFillColor: { value: colors, size: 4, normalized: true },
      getFilterValue: { value: values, size: 2 },
      // The fatal rows' category is fatal throughout: the same filter as the layer of all rows, so
      // both run one program (another set of filters is another program to compile, in SwiftShader
      // a few hundred milliseconds of the first frame with accidents).
      getFilterCategory: { value: all ? data.severity : new Uint8Array(rows.length).fill(SEVERITY_CODE.fatal), size: 1 },
    },
  };
  cache.set(key, binary);
  return binary;
}

/** What the accidents layer draws: every crash (filtered on the GPU) and the one open in its card. */
export interface AccidentLayerInput {
  data: AccidentRenderData;
  filter: { fromDay: number; toDay: number; severities: readonly Severity[] };
  /** Per drawn row, 1 if the accident lies in the area a map link names (null: no area). */
  inArea: Uint8Array | null;
  selectedId: number | null;
  onClick(id: number): void;
  /** The accidents layer is on (the fatal ones drawn again on top follow it). */
  shown: boolean;
}

function selectedIndex(data: AccidentRenderData, id: number | null): number {
  return id === null ? -1 : data.ids.indexOf(id);
}

export function buildAccidentLayers(ctx: LayerBuildContext<AccidentLayerInput>): Layer[] {
  if (!ctx.input) return [];
  const { data, filter, inArea, selectedId, onClick } = ctx.input;
  const { fromDay, toDay, severities } = filter;
  const layers: Layer[] = [
    new DotLayer({
      id: ACCIDENTS_LAYER_ID,
      data: rowsData(data, inArea, 'all') as never,
      visible: ctx.visible,
      // Faded behind a hotspot result on the map, so that the hotspots read first.
      opacity: ctx.dimmed ? 0.35 : 1,
      ...ACCIDENT_DOTS,
      pickable: true,
      autoHighlight: true,
      highlightColor: [30, 60, 140, 255],
      extensions,
      filterRange: [
        [fromDay, toDay],
        [1, 1],
      ],
      filterCategories: severities.map((s) => SEVERITY_CODE[s]),
      onClick: (info) => {
        if (info.index >= 0) onClick(data.ids[info.index]);
        return true;
      },
    }),
  ];
  const selected = selectedIndex(data, selectedId);
  if (selected >= 0) {
    layers.push(
      new ScatterplotLayer({
        id: `${ACCIDENTS_LAYER_ID}-selected`,
        data: [[data.positions[2 * selected], data.positions[2 * selected + 1]]],
        visible: ctx.visible,
        getPosition: (d: number[]) => d as [number, number],
        radiusUnits: 'pixels',
        getRadius: 9,
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        getLineColor: [20, 40, 90, 255],
      }),
    );
  }
  return layers;
}

export const accidentsLayer: DeckLayerDefinition<AccidentLayerInput> = {
  id: 'accidents',
  engine: 'deck',
  labelKey: 'layer.accidents',
  order: 40,
  defaultVisible: true,
  legend: SEVERITIES.map((s) => ({
    labelKey: `severity.${s}` as const,
    symbol: { kind: 'dot', color: cssColor(SEVERITY_COLOR[s]), size: 10, outline: '#ffffff' },
  })),
  build: buildAccidentLayers,
};

/**
 * The fatal crashes drawn again above the sight-line corners (and what else lies between), so that a
 * dot never hides a death: no bigger than 4 px (zoomed in, a dot on the crash's own wider disc),
 * not pickable (a click reaches what is under it, the crash itself included). Not in the layer
 * list: it follows the accidents layer's switch and filters.
 */
export const FATAL_ON_TOP_LAYER_ID = 'accidents-fatal';

export function buildFatalOnTop(ctx: LayerBuildContext<AccidentLayerInput>): Layer[] {
  if (!ctx.input) return [];
  const { data, filter, inArea, shown } = ctx.input;
  const fatal = filter.severities.includes('fatal');
  return [
    new DotLayer({
      id: FATAL_ON_TOP_LAYER_ID,
      data: rowsData(data, inArea, 'fatal') as never,
      visible: ctx.visible && shown && fatal,
      opacity: ctx.dimmed ? 0.35 : 1,
      ...ACCIDENT_DOTS,
      radiusMaxPixels: 4,
      extensions,
      filterRange: [
        [filter.fromDay, filter.toDay],
        [1, 1],
      ],
      filterCategories: [SEVERITY_CODE.fatal],
    }),
  ];
}

export const fatalOnTopLayer: DeckLayerDefinition<AccidentLayerInput> = {
  id: FATAL_ON_TOP_LAYER_ID,
  engine: 'deck',
  labelKey: 'layer.accidents',
  // Just above the sight-line corners (47), under the markets, schools, lights and hazards.
  order: 47.2,
  defaultVisible: true,
  legend: [{ labelKey: 'severity.fatal', symbol: { kind: 'dot', color: cssColor(SEVERITY_COLOR.fatal), size: 8, outline: '#ffffff' } }],
  build: buildFatalOnTop,
};
