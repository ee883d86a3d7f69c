import { Hono } from 'hono';
import type { AppDeps } from '../lib/app-deps';
import { clustersRoute } from './clusters';
import { gridRoute } from './grid';
import { segmentsRoute } from './segments';

/** Accident hotspot analyses (事故多发点段); each lives in its own module. */
export function hotspotsRoutes(deps: AppDeps) {
  return new Hono().route('/', clustersRoute(deps)).route('/', segmentsRoute(deps)).route('/', gridRoute(deps));
}
