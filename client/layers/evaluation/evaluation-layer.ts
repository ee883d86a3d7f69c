import { ScatterplotLayer, type Layer } from 'deck.gl';
import { cssColor } from '../accidents/severity';
import type { DeckLayerDefinition, LayerBuildContext } from '../layer-types';
import type { SiteResult } from './evaluation-types';

type Rgba = [number, number, number, number];
export const SITE_COLOR: Rgba = [0, 121, 140, 255];
const NOT_COUNTED: Rgba = [130, 130, 130, 255];

/** What the evaluation layer draws: the sites of the evaluation on screen, and a place being chosen by hand. */
export interface EvaluationLayerInput {
  sites: readonly SiteResult[];
  /** Metres around each site whose crashes are its own. */
  radius: number;
  /** A place picked by hand, not yet evaluated (or being evaluated). */
  picked: [number, number] | null;
}

interface SitePoint {
  position: number[];
  counted: boolean;
}

/** Each site's points (a light stretch has several) with the circle whose crashes were counted; sites not counted in grey. */
export function buildEvaluationLayers(ctx: LayerBuildContext<EvaluationLayerInput>): Layer[] {
  const input = ctx.input;
  if (!input) return [];
  const points: SitePoint[] = input.sites.flatMap((s) =>
    (s.geometry.type === 'Point' ? [s.geometry.coordinates] : s.geometry.coordinates).map((position) => ({ position, counted: s.fits })),
  );
  if (input.picked && !points.length) points.push({ position: input.picked, counted: true });
  const color = (p: SitePoint) => (p.counted ? SITE_COLOR : NOT_COUNTED);
  return [
    new ScatterplotLayer<SitePoint>({
      id: 'evaluation-reach',
      data: points,
      visible: ctx.visible,
      getPosition: (p) => p.position as [number, number],
      radiusUnits: 'meters',
      getRadius: input.radius,
      getFillColor: (p) => [...color(p).slice(0, 3), 40] as Rgba,
      stroked: true,
      getLineColor: color,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    // A ring around each site, wide enough to circle the hazard's icon drawn there, seen at any zoom.
    new ScatterplotLayer<SitePoint>({
      id: 'evaluation-sites',
      data: points,
      visible: ctx.visible,
      getPosition: (p) => p.position as [number, number],
      radiusUnits: 'pixels',
      getRadius: 14,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getLineColor: color,
    }),
  ];
}

// Over the hazards (48), whose closed ones it circles; under the place names (50).
export const evaluationLayer: DeckLayerDefinition<EvaluationLayerInput> = {
  id: 'evaluation',
  engine: 'deck',
  labelKey: 'layer.evaluation',
  order: 49,
  defaultVisible: true,
  legend: [
    { labelKey: 'eval.legend.site', symbol: { kind: 'dot', color: 'rgba(255, 255, 255, 0)', size: 14, outline: cssColor(SITE_COLOR) } },
    { labelKey: 'eval.legend.notCounted', symbol: { kind: 'dot', color: 'rgba(255, 255, 255, 0)', size: 14, outline: cssColor(NOT_COUNTED) } },
  ],
  build: buildEvaluationLayers,
};
