import { defineFeature } from '../feature-types';
import { countiesLayer } from './counties-layer';
import { labelsLayer } from './labels-layer';
import { NetworkSection } from './network-section';
import { roadsLayer } from './roads-layer';
import { townshipsLayer } from './townships-layer';

/**
 * The base map drawn from our own data: township and county lines, roads, and place names on top
 * of everything; for admins, the road network's section (what it is made of, 导入路网).
 */
export const baseFeature = defineFeature({
  id: 'base',
  layers: [townshipsLayer, countiesLayer, roadsLayer, labelsLayer],
  use: (host) => (host.user?.role === 'admin' ? { panel: <NetworkSection key="network" /> } : {}),
});
