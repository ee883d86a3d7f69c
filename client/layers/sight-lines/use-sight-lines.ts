import { useEffect, useMemo, useRef, useState } from 'react';
import { ALL_SIGHT, inPlace, scopeFilter, withSeverity, type SightFilter } from './sight-filter';
import type { SightLayerInput } from './sight-layer-input';
import { sightShapes } from './sight-lines-layer';
import { useDeficientIntersections, useIntersection } from './sight-queries';
import type { IntersectionFeature } from './sight-types';

const NO_DRAFT: readonly [number, number][] = [];

/**
 * The sight-line analysis on screen: its section (open or not), the filter shared by the list and
 * the map, the deficient intersections (read once the layer is on or the section open) and the one
 * open in the details card. An officer's filter starts on their brigade or township (`scopeCode`,
 * once per sign-in); they may widen it.
 */
export function useSightLines(
  layerVisible: boolean,
  selectedId: number | null,
  onPick: (feature: IntersectionFeature) => void,
  draft: readonly [number, number][] = NO_DRAFT,
  scopeCode: string | null = null,
) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<SightFilter>(ALL_SIGHT);
  const startedOn = useRef<string | null>(null);
  useEffect(() => {
    const start = scopeFilter(scopeCode);
    if (startedOn.current === scopeCode) return;
    startedOn.current = scopeCode;
    if (start) setFilter((f) => ({ ...f, ...start }));
  }, [scopeCode]);
  const list = useDeficientIntersections(open || layerVisible);
  const all = list.data?.features;
  const placed = useMemo(() => (all ? inPlace(all, filter) : []), [all, filter]);
  const rows = useMemo(() => withSeverity(placed, filter.severities), [placed, filter.severities]);
  const drawOrder = useMemo(() => [...rows].reverse(), [rows]);

  const detail = useIntersection(selectedId);
  const shown = detail.data?.id === selectedId ? detail.data : undefined;
  const shapes = useMemo(() => (shown ? sightShapes(shown) : null), [shown]);
  const selected = useMemo((): [number, number] | null => (shown ? [shown.lon, shown.lat] : null), [shown]);

  const layer = useMemo(
    (): SightLayerInput | null => (all ? { features: drawOrder, selected, shapes, draft, onPick } : null),
    [all, drawOrder, selected, shapes, draft, onPick],
  );
  return { open, setOpen, filter, setFilter, list, placed, rows, detail, layer };
}

export type SightLines = ReturnType<typeof useSightLines>;

const METRES_PER_DEGREE = 111_320;

/** A box around an intersection that holds its sight triangles: its longest required leg each way (at least 40 m). */
export function intersectionBounds(f: IntersectionFeature): [number, number, number, number] {
  const [lon, lat] = f.geometry.coordinates;
  const reach = Math.max(40, f.properties.required ?? 0);
  const dLat = reach / METRES_PER_DEGREE;
  const dLon = reach / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
