import { sightLineIndicator } from '../intersections/dashboard-indicator';
import { firstLightEffectIndicator, firstLightIndicator } from '../lights/dashboard-indicator';
import { marketIndicator } from '../markets/dashboard-indicator';
import { guardPostIndicator } from '../schools/dashboard-indicator';
import type { DashboardIndicator } from './indicator';

/** The features' numbers on the dashboard, in the order shown. A new feature adds its own here. */
export const DASHBOARD_INDICATORS: readonly DashboardIndicator[] = [sightLineIndicator, marketIndicator, guardPostIndicator, firstLightIndicator, firstLightEffectIndicator];
