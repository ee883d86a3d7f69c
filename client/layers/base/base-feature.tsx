import { defineFeature } from '../feature-types';
import { areaLayer, useAreaFocus } from './area-focus';
import { countiesLayer } from './counties-layer';
import { labelsLayer } from './labels-layer';
import { NetworkSection } from './network-section';
import { roadsLayer } from './roads-layer';
import { townshipsLayer } from './townships-layer';
import { scopeLayer, useUserScope } from './user-scope';

/**
 * The base map drawn from our own data: township and county lines, the user's jurisdiction (flown
 * to after sign-in), the area a link names (`area=`), roads, and place names on top of everything; for admins, the road network's section
 * (what it is made of, 导入路网).
 */
export const baseFeature = defineFeature({
  id: 'base',
  layers: [townshipsLayer, countiesLayer, scopeLayer, areaLayer, roadsLayer, labelsLayer],
  use: (host) => {
    const focus = useAreaFocus(host);
    const own = useUserScope(host);
    return {
      layerInput: { ...focus.layerInput, scope: own.layerInput },
      overlay: (
        <>
          {focus.overlay}
          {own.marker}
        </>
      ),
      unlisted: [...(focus.layerInput.area ? [] : [areaLayer.id]), ...(own.layerInput ? [] : [scopeLayer.id])],
      provides: { mapArea: focus.mapArea, userScope: own.userScope },
      ...(host.user?.role === 'admin' && { panel: <NetworkSection key="network" /> }),
    };
  },
});
