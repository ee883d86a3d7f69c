import { bbox } from '@turf/turf';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Bounds } from '@client/api/types';
import { cardPadding, isPhone } from '@client/map/screen-room';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import { gridNeighbourhood } from './grid-neighbourhood';
import { HotspotDetails } from './hotspot-details';
import type { HotspotLayerInput } from './hotspot-layer-input';
import { hotspotClustersLayer, hotspotGridLayer, hotspotSegmentsLayer } from './hotspot-layers';
import { hotspotRows, rowStats, toRow, type HotspotRow } from './hotspot-rows';
import { HotspotSection } from './hotspot-section';
import { HotspotTooltip, type HotspotTooltipHandle } from './hotspot-tooltip';
import { HOTSPOT_METHODS, type HotspotFeature, type HotspotMethod } from './hotspot-types';
import { useHotspotAnalysis } from './use-hotspot-analysis';
import { usePlaceIndex } from './use-place-index';

const OWNER = 'hotspots';
const layerOf = (method: HotspotMethod) => `hotspot-${method}`;

/**
 * 事故多发点段: clusters, segments or the Gi* grid, computed for the accidents panel's window and
 * severities once the section is first opened; the result ranks in the panel, draws over the
 * crashes (which step back while it shows) and opens one hotspot in a card.
 */
function useHotspots(host: FeatureHost): FeatureView<HotspotLayerInput> {
  const { t, locale, select, clearSelection, flyTo, closePanel } = host;
  const analysis = useHotspotAnalysis(host.services.accidentWindow ?? null);
  // The section open is the result on the map: closing it takes the layer (and its card) away.
  const [open, setOpen] = useState(false);
  const nearest = usePlaceIndex(analysis.started);
  const { result, useFdr } = analysis;
  const rowContext = useMemo(() => ({ t, locale, nearest, useFdr }), [t, locale, nearest, useFdr]);
  const rows = useMemo(() => (result ? hotspotRows(result, rowContext) : []), [result, rowContext]);
  const rowOf = useCallback(
    (feature: HotspotFeature): HotspotRow | null => {
      if (!result || !result.collection.features.includes(feature as never)) return null;
      return rows.find((r) => r.feature === feature) ?? toRow(result.method, feature, rowContext);
    },
    [result, rows, rowContext],
  );
  // A new result has new feature objects: a selection from an older run no longer matches any row.
  const selected = selectedBy<HotspotFeature>(host, OWNER);
  const selectedRow = selected ? rowOf(selected) : null;
  const selectedFeature = selectedRow?.feature ?? null;
  const neighbourhood = useMemo(
    () => (result?.method === 'grid' && selectedFeature ? gridNeighbourhood(result.collection, selectedFeature) : null),
    [result, selectedFeature],
  );

  const onPick = useCallback(
    (feature: HotspotFeature) => {
      select(OWNER, feature);
      // A Gi* cell is read with its neighbours: the view holds the band it was weighed over.
      const around = result?.method === 'grid' ? gridNeighbourhood(result.collection, feature) : null;
      flyTo({ bounds: around?.bounds ?? (bbox(feature) as Bounds), padding: cardPadding() });
      // On a phone the drawer would hide the map the user asked to see.
      if (isPhone()) closePanel();
    },
    [select, flyTo, closePanel, result],
  );
  const tooltip = useRef<HotspotTooltipHandle>(null);
  const onHover = useCallback<HotspotLayerInput['onHover']>((hover) => tooltip.current?.show(hover), []);
  const describe = useCallback(
    (feature: HotspotFeature) => {
      const row = rowOf(feature);
      return row && { title: row.rank ? `#${row.rank} ${row.place}` : row.place, text: rowStats(row, t) };
    },
    [rowOf, t],
  );

  const onToggle = useCallback(() => {
    if (!open) analysis.start();
    else if (selected) clearSelection();
    setOpen(!open);
  }, [open, analysis, selected, clearSelection]);

  const layerInput = useMemo(
    (): HotspotLayerInput | null => (!open || !result ? null : { result, useFdr, selected: selectedFeature, neighbourhood, stale: analysis.stale, onPick, onHover }),
    [open, result, useFdr, selectedFeature, neighbourhood, analysis.stale, onPick, onHover],
  );
  const shownLayer = open && result ? layerOf(result.method) : null;
  return {
    layerInput,
    // Methods not run have nothing to list; the crashes step back while a result is drawn over them.
    unlisted: HOTSPOT_METHODS.map(layerOf).filter((id) => id !== shownLayer),
    // A chosen Gi* cell gives its crashes back their colour: they are what the cell is about.
    dims: shownLayer && host.visibility[shownLayer] && !neighbourhood ? ['accidents', 'accidents-fatal'] : [],
    panel: (
      <HotspotSection
        analysis={analysis}
        rows={rows}
        selectedKey={selectedRow?.key ?? null}
        onSelect={(row) => onPick(row.feature)}
        open={open}
        onToggle={onToggle}
      />
    ),
    overlay: (
      <>
        <HotspotTooltip ref={tooltip} describe={describe} />
        {selectedRow && result && <HotspotDetails method={result.method} row={selectedRow} neighbourhood={neighbourhood} onClose={clearSelection} />}
      </>
    ),
  };
}

export const hotspotsFeature = defineFeature({
  id: OWNER,
  layers: [hotspotGridLayer, hotspotSegmentsLayer, hotspotClustersLayer],
  use: useHotspots,
});
