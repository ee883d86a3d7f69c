import { bbox } from '@turf/turf';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useAccidentColumns, useRemoteStyle } from '@client/api/queries';
import type { AppConfig, Bounds } from '@client/api/types';
import { useI18n } from '@client/i18n/i18n-provider';
import { useAuth } from '@client/auth/auth-provider';
import { AccidentDetails } from '@client/layers/accidents/accident-details';
import { DEFAULT_FILTER, dayToIso, resolveTimeRange, type AccidentFilter } from '@client/layers/accidents/accident-filter';
import { countShown, toRenderData } from '@client/layers/accidents/accident-render-data';
import type { Hazard } from '@client/layers/hazards/hazard-types';
import { LedgerOverlay } from '@client/layers/hazards/ledger-overlay';
import { useHazardLayer } from '@client/layers/hazards/use-hazard-layer';
import { useLedger } from '@client/layers/hazards/use-ledger';
import { HotspotDetails } from '@client/layers/hotspots/hotspot-details';
import type { HotspotLayerInput } from '@client/layers/hotspots/hotspot-layer-input';
import type { SharedFilters } from '@client/layers/hotspots/hotspot-params';
import { hotspotRows, rowStats, toRow, type HotspotRow } from '@client/layers/hotspots/hotspot-rows';
import { HotspotSection } from '@client/layers/hotspots/hotspot-section';
import { HotspotTooltip, type HotspotTooltipHandle } from '@client/layers/hotspots/hotspot-tooltip';
import { HOTSPOT_METHODS, type HotspotFeature } from '@client/layers/hotspots/hotspot-types';
import { useHotspotAnalysis } from '@client/layers/hotspots/use-hotspot-analysis';
import { usePlaceIndex } from '@client/layers/hotspots/use-place-index';
import { defaultVisibility, type LayerVisibility } from '@client/layers/layer-registry';
import { DrawBanner } from '@client/layers/sight-lines/draw-banner';
import { SightDetails } from '@client/layers/sight-lines/sight-details';
import { useObstacleDraw } from '@client/layers/sight-lines/use-obstacle-draw';
import { hazardDraft } from '@client/layers/sight-lines/sight-labels';
import { SightSection } from '@client/layers/sight-lines/sight-section';
import type { IntersectionDetail, IntersectionFeature } from '@client/layers/sight-lines/sight-types';
import { intersectionBounds, useSightLines } from '@client/layers/sight-lines/use-sight-lines';
import { MapView, type MapFocus } from '@client/map/map-view';
import { NO_SELECTION, type Selection } from '@client/map/selection';
import { useMapLayers } from '@client/map/use-map-layers';
import { AccidentFilters } from '@client/panel/accident-filters';
import { BasemapPicker } from '@client/panel/basemap-picker';
import { LayerList } from '@client/panel/layer-list';
import { Panel } from '@client/panel/panel';
import { DemoNotice } from './demo-notice';
import { useBasemapChoice } from './use-basemap-choice';

const isPhone = () => globalThis.matchMedia?.('(max-width: 720px)').matches ?? false;

/** On a desk the panel floats over the map's left side; on a phone it is a closed drawer. */
function initialFitPadding() {
  return isPhone() ? { top: 110, bottom: 40, left: 12, right: 12 } : { top: 24, bottom: 48, left: 336, right: 64 };
}

/** Room to keep clear when flying to a hotspot: the panel (desk, left) and the details card (right, or a bottom sheet on a phone). */
function hotspotPadding() {
  return isPhone()
    ? { top: 110, bottom: Math.round(window.innerHeight * 0.6) + 16, left: 24, right: 24 }
    : { top: 48, bottom: 64, left: 348, right: 392 };
}

/** Room to keep clear when flying to a hazard: the ledger (desk, left, wide) and its drawer (right). */
function hazardPadding() {
  return isPhone()
    ? { top: 110, bottom: Math.round(window.innerHeight * 0.6) + 16, left: 24, right: 24 }
    : { top: 48, bottom: 64, left: 620, right: 420 };
}

export function MapScreen({ config }: { config: AppConfig }) {
  const { t, locale } = useI18n();
  const [fitPadding] = useState(initialFitPadding);
  const { kinds, basemap, choose } = useBasemapChoice(config.basemap);
  const remoteStyle = useRemoteStyle(basemap === 'style' ? config.basemap.styleUrl : null);
  const [visibility, setVisibility] = useState<LayerVisibility>(defaultVisibility);
  const [filter, setFilter] = useState<AccidentFilter>(DEFAULT_FILTER);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [panelOpen, setPanelOpen] = useState(false);
  const [focus, setFocus] = useState<MapFocus | null>(null);
  const tooltip = useRef<HotspotTooltipHandle>(null);
  const lastPick = useRef<{ feature: HotspotFeature; at: number } | null>(null);
  const lastIntersection = useRef<{ id: number; at: number } | null>(null);

  const columns = useAccidentColumns();
  const accidents = useMemo(() => (columns.data ? toRenderData(columns.data) : null), [columns.data]);
  const range = useMemo(
    () => (accidents ? resolveTimeRange(filter.time, accidents) : { fromDay: 0, toDay: 0 }),
    [accidents, filter.time],
  );
  const shown = accidents ? countShown(accidents, range.fromDay, range.toDay, filter.severities) : 0;

  // Hotspots are computed for the panel's time window and severities. Until the accidents (and so
  // the window's dates) are known nothing runs; if they fail, the API's default window is used.
  const hotspotFilters = useMemo((): SharedFilters | null => {
    if (accidents) {
      return { from: dayToIso(accidents.dayZero, range.fromDay), to: dayToIso(accidents.dayZero, range.toDay), severities: filter.severities };
    }
    return columns.isError ? { from: null, to: null, severities: filter.severities } : null;
  }, [accidents, range, filter.severities, columns.isError]);
  const analysis = useHotspotAnalysis(hotspotFilters);
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
  const selectedRow = selection.kind === 'hotspot' ? rowOf(selection.feature) : null;
  const selectedFeature = selectedRow?.feature ?? null;

  const selectAccident = useCallback((id: number) => setSelection({ kind: 'accident', id }), []);
  const clearSelection = useCallback(() => setSelection(NO_SELECTION), []);
  const selectHotspot = useCallback((feature: HotspotFeature) => {
    // One map click reaches the layer twice (MapView's pick and deck.gl's own): fly once.
    const now = performance.now();
    if (lastPick.current?.feature === feature && now - lastPick.current.at < 400) return;
    lastPick.current = { feature, at: now };
    setSelection((current) => (current.kind === 'hotspot' && current.feature === feature ? current : { kind: 'hotspot', feature }));
    setFocus({ bounds: bbox(feature) as Bounds, padding: hotspotPadding() });
    // On a phone the drawer would hide the map the user asked to see.
    if (isPhone()) setPanelOpen(false);
  }, []);
  const showHover = useCallback<HotspotLayerInput['onHover']>((hover) => tooltip.current?.show(hover), []);
  const describeHotspot = useCallback(
    (feature: HotspotFeature) => {
      const row = rowOf(feature);
      return row && { title: row.rank ? `#${row.rank} ${row.place}` : row.place, text: rowStats(row, t) };
    },
    [rowOf, t],
  );

  const hotspots = useMemo(
    (): HotspotLayerInput | null =>
      result && { result, useFdr, selected: selectedFeature, stale: analysis.stale, onPick: selectHotspot, onHover: showHover },
    [result, useFdr, selectedFeature, analysis.stale, selectHotspot, showHover],
  );
  const unusedHotspotLayers = HOTSPOT_METHODS.filter((m) => m !== result?.method).map((m) => `hotspot-${m}` as const);

  const { user } = useAuth();
  const ledger = useLedger(!!user);
  const selectedHazardId = user && selection.kind === 'hazard' ? selection.id : null;
  const pickHazard = useCallback((id: number) => setSelection({ kind: 'hazard', id }), []);
  const openHazard = useCallback((hazard: Hazard) => {
    setSelection({ kind: 'hazard', id: hazard.id });
    const { lon, lat } = hazard;
    setFocus({ bounds: [lon, lat, lon, lat], padding: hazardPadding() });
    if (isPhone()) ledger.setOpen(false);
  }, [ledger.setOpen]);
  const hazardLayer = useHazardLayer(ledger, selectedHazardId, pickHazard);
  const picking = ledger.register.kind === 'picking';
  const pickPoint = useCallback((lonLat: [number, number]) => ledger.setRegister({ kind: 'form', lonLat }), [ledger.setRegister]);

  const selectIntersection = useCallback((feature: IntersectionFeature) => {
    // As with hotspots: one map click reaches the layer twice; fly once.
    const now = performance.now();
    if (lastIntersection.current?.id === feature.id && now - lastIntersection.current.at < 400) return;
    lastIntersection.current = { id: feature.id, at: now };
    setSelection({ kind: 'intersection', id: feature.id });
    setFocus({ bounds: intersectionBounds(feature), padding: hotspotPadding(), maxZoom: 18 });
    if (isPhone()) setPanelOpen(false);
  }, []);
  const draw = useObstacleDraw();
  const sight = useSightLines(visibility['sight-lines'], selection.kind === 'intersection' ? selection.id : null, selectIntersection, draw.draft);
  const openSightSection = useCallback(
    (open: boolean) => {
      sight.setOpen(open);
      // The list and the map show the same intersections: opening the list turns the layer on.
      if (open) setVisibility((v) => ({ ...v, 'sight-lines': true }));
    },
    [sight.setOpen],
  );
  // An obstacle import's result on the map: the obstacles' box, or one intersection they cut, opened.
  const showImported = useCallback(
    (bounds: Bounds, id: number | null) => {
      const feature = id === null ? undefined : sight.list.data?.features.find((f) => f.id === id);
      if (feature) return selectIntersection(feature);
      if (id !== null) setSelection({ kind: 'intersection', id });
      setFocus({ bounds, padding: hotspotPadding(), maxZoom: 18 });
      if (isPhone()) setPanelOpen(false);
    },
    [sight.list.data, selectIntersection],
  );
  // 登记为隐患: the ledger's form at the intersection, its type and description filled in from the analysis.
  const registerSight = useCallback(
    (d: IntersectionDetail) => ledger.setRegister({ kind: 'form', lonLat: [d.lon, d.lat], initial: hazardDraft(d, t) }),
    [ledger.setRegister, t],
  );

  const accidentFilter = useMemo(() => ({ ...range, severities: filter.severities }), [range, filter.severities]);
  const { style, deckLayers } = useMapLayers({
    visibility,
    basemap,
    basemapConfig: config.basemap,
    remoteStyle: remoteStyle.data ?? null,
    locale,
    t,
    accidents,
    accidentFilter,
    selectedAccidentId: selection.kind === 'accident' ? selection.id : null,
    onAccidentClick: selectAccident,
    hotspots,
    hazards: user ? hazardLayer : null,
    sightLines: sight.layer,
  });

  return (
    <div className="map-screen" data-panel-open={panelOpen}>
      <MapView
        bounds={config.bounds}
        fitPadding={fitPadding}
        style={style}
        layers={deckLayers}
        label={t('map.label')}
        onEmptyClick={clearSelection}
        focus={focus}
        pickPoint={draw.step.kind === 'drawing' ? draw.addVertex : picking ? pickPoint : null}
      />
      <Panel open={panelOpen} onOpenChange={setPanelOpen}>
        <AccidentFilters
          status={
            columns.isError
              ? { kind: 'error', message: columns.error.message }
              : accidents
                ? { kind: 'ready', data: accidents }
                : { kind: 'loading' }
          }
          filter={filter}
          range={range}
          shown={shown}
          onChange={setFilter}
        />
        <HotspotSection
          analysis={analysis}
          rows={rows}
          selectedKey={selectedRow?.key ?? null}
          onSelect={(row) => selectHotspot(row.feature)}
        />
        <SightSection
          sight={sight}
          selectedId={selection.kind === 'intersection' ? selection.id : null}
          onOpenChange={openSightSection}
          onSelect={selectIntersection}
          mayEdit={user?.role === 'officer' || user?.role === 'admin'}
          mayAnalyse={user?.role === 'admin'}
          onShowImported={showImported}
        />
        <LayerList visibility={visibility} onChange={setVisibility} omit={user ? unusedHotspotLayers : [...unusedHotspotLayers, 'hazards']} />
        {kinds.length > 1 && <BasemapPicker kinds={kinds} value={basemap} onChange={choose} />}
      </Panel>
      <HotspotTooltip ref={tooltip} describe={describeHotspot} />
      {selection.kind === 'accident' && <AccidentDetails id={selection.id} onClose={clearSelection} />}
      {selectedRow && result && <HotspotDetails method={result.method} row={selectedRow} onClose={clearSelection} />}
      {/* While the ledger's form is open in its place, the card waits behind it (cancel comes back to it). */}
      {selection.kind === 'intersection' && draw.step.kind === 'drawing' && <DrawBanner draw={draw} />}
      {selection.kind === 'intersection' && ledger.register.kind !== 'form' && (
        <SightDetails id={selection.id} detail={sight.detail} user={user} onClose={clearSelection} onRegister={registerSight} draw={draw} />
      )}
      {user && (
        <LedgerOverlay
          ledger={ledger}
          user={user}
          selectedId={selectedHazardId}
          onOpen={openHazard}
          onCloseDetails={clearSelection}
        />
      )}
      <DemoNotice />
    </div>
  );
}
