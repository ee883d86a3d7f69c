import { defineFeature } from '../feature-types';
import { countiesLayer } from './counties-layer';
import { labelsLayer } from './labels-layer';
import { roadsLayer } from './roads-layer';
import { townshipsLayer } from './townships-layer';

/** The base map drawn from our own data: township and county lines, roads, and place names on top of everything. */
export const baseFeature = defineFeature({
  id: 'base',
  layers: [townshipsLayer, countiesLayer, roadsLayer, labelsLayer],
  use: () => ({}),
});
