import { CompositeLayer, ScatterplotLayer, TextLayer, type Layer, type UpdateParameters } from 'deck.gl';
import Supercluster, { type ClusterFeature } from 'supercluster';
import type { Bounds } from '@client/api/types';
import { OVERDUE_COLOR, hazardMarker } from './hazard-colors';
import type { Hazard, HazardFeature } from './hazard-types';

/** Markers nearer than this (px) merge into one at a zoom; from MAX_CLUSTER_ZOOM + 1 on, every hazard is its own. */
const CLUSTER_RADIUS = 36;
const MAX_CLUSTER_ZOOM = 13;
const CLUSTER_FILL: [number, number, number, number] = [29, 53, 87, 235];
/** White bold text over a marker (a cluster's count, a hazard's type mark); the marker under it takes the click. */
const LABEL = {
  getColor: [255, 255, 255, 255] as [number, number, number, number],
  fontFamily: "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
  fontWeight: 700,
  characterSet: 'auto' as const,
  pickable: false,
};

interface ClusterAggregate {
  overdue: number;
}
type Cluster = ClusterFeature<ClusterAggregate>;
type Marker = HazardFeature | Cluster;
interface MarkersState {
  index: Supercluster<HazardFeature['properties'], ClusterAggregate>;
  zoom: number;
  markers: Marker[];
}
const isCluster = (m: Marker): m is Cluster => (m.properties as { cluster?: boolean }).cluster === true;

export interface HazardMarkersProps {
  data: readonly HazardFeature[];
  /** The short mark of a type drawn in its dot. */
  glyph(type: Hazard['type']): string;
  onPick(id: number): void;
  /** A cluster was clicked: the box of the hazards it holds, to zoom to. */
  onPickCluster(bounds: Bounds): void;
}

/**
 * The ledger's markers, merged at city zoom into circles that count the hazards they hold (ringed
 * red when any is overdue), so a county's 60 hazards read as a few numbers and not a pile; a click
 * on one zooms to what it holds. Clustering is for drawing only (supercluster, on the screen's
 * grid), redone when the data or the whole zoom level changes.
 */
export class HazardMarkersLayer extends CompositeLayer<HazardMarkersProps> {
  static override layerName = 'HazardMarkersLayer';

  /** The layer's state, typed (deck.gl keeps it as a loose record). */
  private get markersState(): Partial<MarkersState> {
    return (this.state ?? {}) as Partial<MarkersState>;
  }

  override shouldUpdateState({ changeFlags }: UpdateParameters<this>) {
    return changeFlags.somethingChanged;
  }

  override updateState({ props, oldProps, changeFlags }: UpdateParameters<this>) {
    const rebuild = !this.markersState.index || changeFlags.dataChanged || props.data !== oldProps.data;
    let index = this.markersState.index;
    if (rebuild) {
      index = new Supercluster<HazardFeature['properties'], ClusterAggregate>({
        radius: CLUSTER_RADIUS,
        maxZoom: MAX_CLUSTER_ZOOM,
        map: (p) => ({ overdue: p.overdue ? 1 : 0 }),
        reduce: (sum, p) => {
          sum.overdue += p.overdue;
        },
      });
      index.load(props.data as HazardFeature[]);
    }
    const zoom = Math.floor(this.context.viewport.zoom);
    if (rebuild || zoom !== this.markersState.zoom) {
      this.setState({ index, zoom, markers: index!.getClusters([-180, -85, 180, 85], zoom) as Marker[] });
    }
  }

  /** The box of the hazards a cluster holds. */
  clusterBounds(cluster: Cluster): Bounds {
    const leaves = this.markersState.index!.getLeaves(cluster.properties.cluster_id, Infinity);
    const xs = leaves.map((l) => l.geometry.coordinates[0]);
    const ys = leaves.map((l) => l.geometry.coordinates[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }

  override renderLayers(): Layer[] {
    const { glyph } = this.props;
    const markers = this.markersState.markers ?? [];
    const singles = markers.filter((m): m is HazardFeature => !isCluster(m));
    const clusters = markers.filter(isCluster);
    const position = (m: Marker) => m.geometry.coordinates as [number, number];
    const radius = (c: Cluster) => 11 + 4 * Math.log2(c.properties.point_count);
    return [
      new ScatterplotLayer<Cluster>(
        this.getSubLayerProps({
          id: 'clusters',
          data: clusters,
          getPosition: position,
          radiusUnits: 'pixels',
          getRadius: radius,
          getFillColor: CLUSTER_FILL,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: (c: Cluster) => (c.properties.overdue > 0 ? 3 : 1.5),
          getLineColor: (c: Cluster) => (c.properties.overdue > 0 ? OVERDUE_COLOR : [255, 255, 255, 255]),
          pickable: true,
        }),
      ),
      new TextLayer<Cluster>(
        this.getSubLayerProps({
          id: 'cluster-counts',
          data: clusters,
          getPosition: position,
          getText: (c: Cluster) => String(c.properties.point_count_abbreviated),
          getSize: 12,
          ...LABEL,
        }),
      ),
      new ScatterplotLayer<HazardFeature>(
        this.getSubLayerProps({
          id: 'points',
          data: singles,
          getPosition: position,
          radiusUnits: 'pixels',
          getRadius: (f: HazardFeature) => hazardMarker(f.properties).radius,
          getFillColor: (f: HazardFeature) => hazardMarker(f.properties).fill,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: (f: HazardFeature) => hazardMarker(f.properties).ringWidth,
          getLineColor: (f: HazardFeature) => hazardMarker(f.properties).ring,
          pickable: true,
          autoHighlight: true,
          highlightColor: [255, 255, 255, 90],
        }),
      ),
      new TextLayer<HazardFeature>(
        this.getSubLayerProps({
          id: 'glyphs',
          data: singles,
          getPosition: position,
          getText: (f: HazardFeature) => glyph(f.properties.type),
          getSize: 11,
          ...LABEL,
          updateTriggers: { getText: glyph },
        }),
      ),
    ];
  }
}

/** What a click on the markers layer means: a hazard to open, or a cluster to zoom into. */
export function onMarkerClick(layer: HazardMarkersLayer, object: unknown) {
  const m = object as Marker | null;
  if (!m) return;
  if (isCluster(m)) layer.props.onPickCluster(layer.clusterBounds(m));
  else layer.props.onPick(m.properties.id);
}
