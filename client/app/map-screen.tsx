import { useCallback, useMemo, useState } from 'react';
import { useAccidentColumns, useRemoteStyle } from '@client/api/queries';
import type { AppConfig } from '@client/api/types';
import { useI18n } from '@client/i18n/i18n-provider';
import { AccidentDetails } from '@client/layers/accidents/accident-details';
import { DEFAULT_FILTER, resolveTimeRange, type AccidentFilter } from '@client/layers/accidents/accident-filter';
import { countShown, toRenderData } from '@client/layers/accidents/accident-render-data';
import { defaultVisibility, type LayerVisibility } from '@client/layers/layer-registry';
import { MapView } from '@client/map/map-view';
import { NO_SELECTION, type Selection } from '@client/map/selection';
import { useMapLayers } from '@client/map/use-map-layers';
import { AccidentFilters } from '@client/panel/accident-filters';
import { BasemapPicker } from '@client/panel/basemap-picker';
import { LayerList } from '@client/panel/layer-list';
import { Panel } from '@client/panel/panel';
import { DemoNotice } from './demo-notice';
import { useBasemapChoice } from './use-basemap-choice';

/** On a desk the panel floats over the map's left side; on a phone it is a closed drawer. */
function initialFitPadding() {
  const phone = globalThis.matchMedia?.('(max-width: 720px)').matches ?? false;
  return phone ? { top: 110, bottom: 40, left: 12, right: 12 } : { top: 24, bottom: 48, left: 336, right: 64 };
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

  const columns = useAccidentColumns();
  const accidents = useMemo(() => (columns.data ? toRenderData(columns.data) : null), [columns.data]);
  const range = useMemo(
    () => (accidents ? resolveTimeRange(filter.time, accidents) : { fromDay: 0, toDay: 0 }),
    [accidents, filter.time],
  );
  const shown = accidents ? countShown(accidents, range.fromDay, range.toDay, filter.severities) : 0;

  const selectAccident = useCallback((id: number) => setSelection({ kind: 'accident', id }), []);
  const clearSelection = useCallback(() => setSelection(NO_SELECTION), []);

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
        <LayerList visibility={visibility} onChange={setVisibility} />
        {kinds.length > 1 && <BasemapPicker kinds={kinds} value={basemap} onChange={choose} />}
      </Panel>
      {selection.kind === 'accident' && <AccidentDetails id={selection.id} onClose={clearSelection} />}
      <DemoNotice />
    </div>
  );
}
