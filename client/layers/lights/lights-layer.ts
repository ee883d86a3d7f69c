import { ScatterplotLayer, type Layer, type PickingInfo } from 'deck.gl';
import { suggestionLayers } from '../candidate-layers';
import type { LightStatus } from '@shared/lights/light-terms';
import { cssColor } from '../accidents/severity';
import type { DeckLayerDefinition, LayerBuildContext } from '../layer-types';
import type { LightCandidate, LightFeature } from './light-types';

type Rgba = [number, number, number, number];

export const STATUS_COLOR: Record<LightStatus, Rgba> = {
  working: [245, 180, 0, 255],
  faulty: [214, 96, 20, 255],
  planned: [120, 120, 120, 255],
  removed: [160, 160, 160, 255],
};
export const CANDIDATE_COLOR: Rgba = [76, 45, 140, 255];
const SELECTED_RING: Rgba = [20, 40, 90, 255];

/** What the lights layer draws: the lights in view (removed ones left out), the candidates while their list is open. */
export interface LightLayerInput {
  features: readonly LightFeature[];
  /** Metres a light lights (the ring drawn around a working one). */
  radius: number;
  selectedId: number | null;
  onPick(feature: LightFeature): void;
  candidates: readonly LightCandidate[];
  selectedCandidate: number | null;
  onPickCandidate(candidate: LightCandidate): void;
}

/**
 * Each light a dot in its status's colour (a planned one hollow) with the road it lights as a soft
 * ring of the radius in metres; the dark places suggested for a light as purple areas with a 灯? marker.
 */
export function buildLightLayers(ctx: LayerBuildContext<LightLayerInput>): Layer[] {
  const input = ctx.input;
  if (!input) return [];
  const shown = input.features.filter((f) => f.properties.status !== 'removed');
  const lit = shown.filter((f) => f.properties.lighting);
  const selected = input.features.filter((f) => f.id === input.selectedId);
  return [
    new ScatterplotLayer<LightFeature>({
      id: 'lights-reach',
      data: lit,
      visible: ctx.visible,
      getPosition: (f) => f.geometry.coordinates,
      radiusUnits: 'meters',
      getRadius: input.radius,
      getFillColor: [255, 214, 80, 50],
      stroked: false,
    }),
    ...suggestionLayers('lights-candidate', { data: input.candidates, visible: ctx.visible, color: CANDIDATE_COLOR, selectedId: input.selectedCandidate, onPick: input.onPickCandidate }),
    new ScatterplotLayer<LightFeature>({
      id: 'lights',
      data: shown as LightFeature[],
      visible: ctx.visible,
      getPosition: (f) => f.geometry.coordinates,
      radiusUnits: 'pixels',
      getRadius: 6,
      radiusMinPixels: 4,
      getFillColor: (f) => (f.properties.status === 'planned' ? [255, 255, 255, 230] : STATUS_COLOR[f.properties.status]),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (f.properties.status === 'planned' ? 2.5 : 1.5),
      getLineColor: (f) => (f.properties.status === 'planned' ? STATUS_COLOR.planned : [60, 40, 0, 255]),
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 110],
      onClick: (info: PickingInfo<LightFeature>) => {
        if (info.object) input.onPick(info.object);
        return true;
      },
    }),
    new ScatterplotLayer<LightFeature>({
      id: 'lights-selected',
      data: selected,
      visible: ctx.visible,
      getPosition: (f) => f.geometry.coordinates,
      radiusUnits: 'pixels',
      getRadius: 12,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getLineColor: SELECTED_RING,
    }),
  ];
}

// Over the markets (47.5) and schools (47.7), under the hazards (48).
export const lightsLayer: DeckLayerDefinition<LightLayerInput> = {
  id: 'lights',
  engine: 'deck',
  labelKey: 'layer.lights',
  order: 47.8,
  // Off at first: opening the section (or ticking the layer) reads the lights.
  defaultVisible: false,
  legend: [
    { labelKey: 'lights.legend.working', symbol: { kind: 'dot', color: cssColor(STATUS_COLOR.working), size: 10, outline: '#3c2800' } },
    { labelKey: 'lights.legend.faulty', symbol: { kind: 'dot', color: cssColor(STATUS_COLOR.faulty), size: 10, outline: '#3c2800' } },
    { labelKey: 'lights.legend.planned', symbol: { kind: 'dot', color: '#ffffff', size: 10, outline: cssColor(STATUS_COLOR.planned) } },
    { labelKey: 'lights.legend.candidate', symbol: { kind: 'dot', color: '#ffffff', size: 12, outline: cssColor(CANDIDATE_COLOR) } },
  ],
  build: buildLightLayers,
};
