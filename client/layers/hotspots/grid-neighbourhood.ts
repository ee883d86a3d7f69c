import { bbox, circle, distance as distanceKm } from '@turf/turf';
import type { Bounds } from '@client/api/types';
import type { Feature, Polygon } from 'geojson';
import type { GridCellProperties, GridCollection, HotspotFeature } from './hotspot-types';

/**
 * What Gi* weighed for one cell: the cells whose centres lie within the distance band of its centre
 * (the cell itself among them) and the crashes in them. Cells missing from the answer had no crash,
 * so the sum over the cells present is the neighbourhood's whole count.
 */
export interface GridNeighbourhood {
  centre: [number, number];
  /** The band, in metres. */
  distance: number;
  cells: HotspotFeature[];
  crashes: number;
  /** The band drawn as a circle, and the view that holds it with a cell's margin. */
  band: Feature<Polygon>;
  bounds: Bounds;
}

const centreOf = (f: HotspotFeature): [number, number] => {
  const [w, s, e, n] = bbox(f);
  return [(w + e) / 2, (s + n) / 2];
};

export function gridNeighbourhood(collection: GridCollection, cell: HotspotFeature): GridNeighbourhood | null {
  const size = collection.meta?.cell;
  const band = collection.meta?.distance;
  if (!size || !band || !cell.geometry) return null;
  const centre = centreOf(cell);
  // Neighbour centres sit at whole multiples of √3·cell and 3·cell; the 0.5 % spares the sphere's
  // rounding against the projected grid, far smaller than the gap between two rings.
  const reach = (band * 1.005) / 1000;
  const cells = (collection.features as HotspotFeature[]).filter(
    (f) => f.geometry && distanceKm(centre, centreOf(f), { units: 'kilometers' }) <= reach,
  );
  const crashes = cells.reduce((sum, f) => sum + (f.properties as GridCellProperties).count, 0);
  const ring = circle(centre, band / 1000, { steps: 64, units: 'kilometers' });
  const view = circle(centre, (band + size) / 1000, { steps: 16, units: 'kilometers' });
  return { centre, distance: band, cells, crashes, band: ring, bounds: bbox(view) as Bounds };
}
