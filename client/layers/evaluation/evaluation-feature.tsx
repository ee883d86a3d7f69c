import { useMemo, type ReactNode } from 'react';
import { defineFeature, type FeatureHost, type FeatureView } from '../feature-types';
import './evaluation.css';
import { HazardEffect } from './hazard-effect';

declare module '../feature-types' {
  interface FeatureServices {
    /** What other features add to a hazard's card (its before/after once closed as rectified). */
    hazardSections(h: { id: number; number: string; status: string; resolution: string | null }): ReactNode;
  }
}

/** Did it work: a closed hazard's card shows its own before/after. The programmes' evaluation is in the sections that own them (lights). */
function useEvaluationFeature(_host: FeatureHost): FeatureView {
  const provides = useMemo(
    () => ({
      hazardSections: (h: { id: number; number: string; status: string; resolution: string | null }) =>
        h.status === 'closed' && h.resolution === 'rectified' ? <HazardEffect key={h.id} id={h.id} number={h.number} /> : null,
    }),
    [],
  );
  return { provides };
}

export const evaluationFeature = defineFeature({ id: 'evaluation', layers: [], use: useEvaluationFeature });
