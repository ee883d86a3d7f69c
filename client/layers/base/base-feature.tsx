import { defineFeature } from '../feature-types';
import { areaLayer, useAreaFocus } from './area-focus';
import { countiesLayer } from './counties-layer';
import { labelsLayer } from './labels-layer';
import { NetworkSection } from './network-section';
import { roadsLayer } from './roads-layer';
import { townshipsLayer } from './townships-layer';

/**
 * The base map drawn from our own data: township and county lines, the area a link names
 * (`area=`), roads, and place names on top of everything; for admins, the road network's section
 * (what it is made of, 导入路网).
 */
export const baseFeature = defineFeature({
  id: 'base',
  layers: [townshipsLayer, countiesLayer, areaLayer, roadsLayer, labelsLayer],
  use: (host) => {
    const focus = useAreaFocus(host);
    return {
      layerInput: focus.layerInput,
      overlay: focus.overlay,
      unlisted: focus.layerInput.area ? [] : [areaLayer.id],
      provides: { mapArea: focus.mapArea },
      ...(host.user?.role === 'admin' && { panel: <NetworkSection key="network" /> }),
    };
  },
});
