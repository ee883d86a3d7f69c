import { CompositeLayer, ScatterplotLayer, type CompositeLayerProps, type Layer, type UpdateParameters } from 'deck.gl';
import { SIGHT_SEVERITY_COLOR } from './sight-colors';
import { severityOf } from './sight-filter';
import type { IntersectionFeature, SightSeverity } from './sight-types';

/** Below this zoom (a whole county or the city in view) only the severe corners are drawn, so they do not bury the crashes. */
export const CITY_ZOOM = 11;

export const SIGHT_DOT_RADIUS: Record<SightSeverity, number> = { severe: 7, moderate: 6, minor: 5 };

const severity = (f: IntersectionFeature) => severityOf(f.properties) ?? 'minor';

interface SightDotsProps {
  /** In drawing order: the worst last. */
  data: readonly IntersectionFeature[];
}

/**
 * The deficient intersections as dots coloured by severity, worst drawn last; zoomed out to a
 * county or the city, the severe ones only. A layer of its own because the choice follows the
 * zoom, which only deck.gl's viewport knows; it redraws when the zoom crosses CITY_ZOOM, not on every move.
 */
export class SightDotsLayer extends CompositeLayer<SightDotsProps & CompositeLayerProps> {
  static override layerName = 'SightDotsLayer';
  declare state: { zoomedOut: boolean; severe: readonly IntersectionFeature[] };

  override shouldUpdateState({ changeFlags }: UpdateParameters<this>) {
    return changeFlags.propsOrDataChanged || changeFlags.viewportChanged;
  }

  override updateState({ props, oldProps, changeFlags }: UpdateParameters<this>) {
    const zoomedOut = this.context.viewport.zoom < CITY_ZOOM;
    const severe = changeFlags.dataChanged || props.data !== oldProps.data || !this.state?.severe ? props.data.filter((f) => severity(f) === 'severe') : this.state.severe;
    if (!this.state || zoomedOut !== this.state.zoomedOut || severe !== this.state.severe) this.setState({ zoomedOut, severe });
  }

  renderLayers(): Layer {
    const { zoomedOut, severe } = this.state;
    return new ScatterplotLayer<IntersectionFeature>(
      this.getSubLayerProps({
        id: 'dots',
        data: zoomedOut ? severe : this.props.data,
        getPosition: (f: IntersectionFeature) => f.geometry.coordinates,
        radiusUnits: 'pixels',
        getRadius: (f: IntersectionFeature) => SIGHT_DOT_RADIUS[severity(f)],
        getFillColor: (f: IntersectionFeature) => SIGHT_SEVERITY_COLOR[severity(f)],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        getLineColor: [255, 255, 255, 255],
      }),
    );
  }
}
