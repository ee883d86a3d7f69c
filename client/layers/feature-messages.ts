import { dashboardMessages } from '@client/dashboard/dashboard-messages';
import { accidentMessages } from './accidents/accident-messages';
import { networkMessages } from './base/network-messages';
import { evaluationMessages } from './evaluation/evaluation-messages';
import { hazardMessages } from './hazards/hazard-messages';
import { hotspotMessages } from './hotspots/hotspot-messages';
import { lightMessages } from './lights/light-messages';
import { marketMessages } from './markets/market-messages';
import { schoolMessages } from './schools/school-messages';
import { searchMessages } from './search/search-messages';
import { sightMessages } from './sight-lines/sight-messages';

/**
 * Every feature's words, one line each. A leaf module (it imports only word lists), so the
 * translator can read it without importing the features themselves.
 */
export const FEATURE_MESSAGES = [
  networkMessages,
  accidentMessages,
  hotspotMessages,
  hazardMessages,
  sightMessages,
  marketMessages,
  schoolMessages,
  lightMessages,
  evaluationMessages,
  searchMessages,
  dashboardMessages,
] as const;
