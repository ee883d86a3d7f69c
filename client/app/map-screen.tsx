import { Fragment, useMemo, useState } from 'react';
import type * as maplibregl from 'maplibre-gl';
import { useRemoteStyle } from '@client/api/queries';
import type { AppConfig } from '@client/api/types';
import { mapUiStrings } from '@client/map/map-ui-strings';
import { MapView } from '@client/map/map-view';
import { SaveMapButton } from '@client/map/save-map-button';
import { isPhone } from '@client/map/screen-room';
import { useMapLayers } from '@client/map/use-map-layers';
import { BasemapPicker } from '@client/panel/basemap-picker';
import { LayerList } from '@client/panel/layer-list';
import { Panel } from '@client/panel/panel';
import { useI18n } from '@client/i18n/i18n-provider';
import { DemoNotice } from './demo-notice';
import { cameraParam, readCamera, readMapQuery, writeMapQuery, type Camera } from './map-query';
import { useBasemapChoice } from './use-basemap-choice';
import { useFeatures } from './use-features';

/** On a desk the panel floats over the map's left side; on a phone it is a closed drawer. */
const keepCamera = (c: Camera) => writeMapQuery({ at: cameraParam(c) });

function initialFitPadding() {
  return isPhone() ? { top: 110, bottom: 40, left: 12, right: 12 } : { top: 24, bottom: 48, left: 336, right: 64 };
}

/**
 * The map, the panel and whatever the features put over them. It knows no feature by name: each
 * one (client/layers/feature-registry.ts) brings its layers, panel section, cards and picking.
 */
export function MapScreen({ config }: { config: AppConfig }) {
  const { t, locale } = useI18n();
  const [fitPadding] = useState(initialFitPadding);
  const [camera] = useState(() => readCamera(readMapQuery(), config.bounds));
  const { kinds, basemap, choose } = useBasemapChoice(config.basemap);
  const remoteStyle = useRemoteStyle(basemap === 'style' ? config.basemap.styleUrl : null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const screen = useFeatures(() => setPanelOpen(false));

  const unlisted = useMemo(() => screen.views.flatMap((v) => v.unlisted ?? []), [screen.views]);
  const uiStrings = useMemo(() => mapUiStrings(t), [t]);
  const { style, deckLayers } = useMapLayers({
    visibility: screen.visibility,
    basemap,
    basemapConfig: config.basemap,
    remoteStyle: remoteStyle.data ?? null,
    locale,
    t,
    inputs: screen.inputs,
    dimmed: screen.dimmed,
  });

  return (
    <div className="map-screen" data-panel-open={panelOpen}>
      <MapView
        bounds={config.bounds}
        fitPadding={fitPadding}
        camera={camera}
        onCameraChange={keepCamera}
        onMap={setMap}
        style={style}
        layers={deckLayers}
        label={t('map.label')}
        uiStrings={uiStrings}
        onEmptyClick={screen.clearSelection}
        focus={screen.focus}
        pickPoint={screen.pickPoint}
      />
      <Panel open={panelOpen} onOpenChange={setPanelOpen}>
        {screen.views.map((v, i) => v.panel && <Fragment key={screen.ids[i]}>{v.panel}</Fragment>)}
        <LayerList visibility={screen.visibility} onChange={screen.setVisibility} omit={unlisted}/>
        {kinds.length > 1 && <BasemapPicker kinds={kinds} value={basemap} onChange={choose} />}
      </Panel>
      {screen.views.map((v, i) => v.overlay && <Fragment key={screen.ids[i]}>{v.overlay}</Fragment>)}
      <SaveMapButton map={map} visibility={screen.visibility} omit={unlisted} />
      <DemoNotice />
    </div>
  );
}
