import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import { AccidentDetails } from './accident-details';
import { AccidentImport } from './accident-import';
import { DEFAULT_FILTER, dayToIso, filterFromQuery, filterQuery, resolveTimeRange, type AccidentFilter, type AccidentWindow } from './accident-filter';
import { AccidentFilters } from './accident-filters';
import { useAccidentColumns, useAccidentsInArea } from './accident-queries';
import { areaMask, countShown, toRenderData } from './accident-render-data';
import { accidentsLayer, fatalOnTopLayer, type AccidentLayerInput } from './accidents-layer';

declare module '../feature-types' {
  interface FeatureServices {
    /**
     * The panel's window (local dates) and severities once the accidents are read; both dates null
     * when they could not be (the API's default window then); null while they load.
     */
    accidentWindow: AccidentWindow | null;
  }
}

const OWNER = 'accidents';

/** Every crash on the map, filtered on the GPU by the panel's time window and severities; one opens in a card. */
function useAccidents(host: FeatureHost): FeatureView<AccidentLayerInput> {
  const { select, clearSelection } = host;
  const [filter, setFilter] = useState<AccidentFilter>(DEFAULT_FILTER);
  const columns = useAccidentColumns();
  const data = useMemo(() => (columns.data ? toRenderData(columns.data) : null), [columns.data]);
  const range = useMemo(() => (data ? resolveTimeRange(filter.time, data) : { fromDay: 0, toDay: 0 }), [data, filter.time]);
  // The map's URL names a window (a dashboard number clicked, a link): applied once the data's day zero is known; every change goes back into the URL.
  const { query, setQuery } = host;
  const fromUrl = useRef(false);
  useEffect(() => {
    if (!data) return;
    if (!fromUrl.current) {
      fromUrl.current = true;
      if (['from', 'to', 'time', 'sev'].some((k) => query.has(k))) setFilter(filterFromQuery(query, data.dayZero));
      return;
    }
    setQuery(filterQuery(filter, data.dayZero));
  }, [data, filter, query, setQuery]);
  // The area a map link names (the base map's): only its accidents are drawn and counted.
  const inAreaIds = useAccidentsInArea(host.services.mapArea ?? null);
  const inArea = useMemo(() => (data && inAreaIds.data && host.services.mapArea ? areaMask(data, inAreaIds.data) : null), [data, inAreaIds.data, host.services.mapArea]);
  const shown = data ? countShown(data, range.fromDay, range.toDay, filter.severities, inArea) : 0;
  const selectedId = selectedBy<number>(host, OWNER);

  const accidentWindow = useMemo((): AccidentWindow | null => {
    if (data) return { from: dayToIso(data.dayZero, range.fromDay), to: dayToIso(data.dayZero, range.toDay), severities: filter.severities };
    return columns.isError ? { from: null, to: null, severities: filter.severities } : null;
  }, [data, range, filter.severities, columns.isError]);

  const onClick = useCallback((id: number) => select(OWNER, id), [select]);
  const layerFilter = useMemo(() => ({ ...range, severities: filter.severities }), [range, filter.severities]);
  const shownOnMap = host.visibility[accidentsLayer.id];
  const layerInput = useMemo(
    (): AccidentLayerInput | null => data && { data, filter: layerFilter, inArea, selectedId, onClick, shown: shownOnMap },
    [data, layerFilter, inArea, selectedId, onClick, shownOnMap],
  );

  return {
    layerInput,
    provides: { accidentWindow },
    // The fatal crashes drawn again on top follow the accidents' own switch.
    unlisted: [fatalOnTopLayer.id],
    panel: (
      <AccidentFilters
        status={columns.isError ? { kind: 'error', message: columns.error.message } : data ? { kind: 'ready', data } : { kind: 'loading' }}
        filter={filter}
        range={range}
        shown={shown}
        onChange={setFilter}
        actions={<AccidentImport role={host.user?.role} />}
      />
    ),
    overlay: selectedId !== null && <AccidentDetails id={selectedId} onClose={clearSelection} />,
  };
}

export const accidentsFeature = defineFeature({ id: OWNER, layers: [accidentsLayer, fatalOnTopLayer], use: useAccidents });
