import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { PickBanner } from '@client/app/pick-banner';
import { cardPadding, isPhone } from '@client/map/screen-room';
import { defineFeature, type FeatureHost, type FeatureView } from '../feature-types';
import { evaluationLayer, type EvaluationLayerInput } from './evaluation-layer';
import { useCounties, useEvaluation } from './evaluation-queries';
import { EvaluationSection, type EvaluationMode, type HandSite, type HazardProgramme } from './evaluation-section';
import type { EvaluationQuery } from './evaluation-types';
import './evaluation.css';
import { HazardEffect } from './hazard-effect';

declare module '../feature-types' {
  interface FeatureServices {
    /** What other features add to a hazard's card (its before/after once closed as rectified). */
    hazardSections(h: { id: number; number: string; status: string; resolution: string | null }): ReactNode;
  }
}

/**
 * Did it work: a closed hazard's card shows its own before/after; the 效果评估 section evaluates the
 * hazards closed as rectified (by type, year and county) or a place and day given by hand, with
 * the sites on the map. The lights' programmes are evaluated in their own section.
 */
function useEvaluationFeature(host: FeatureHost): FeatureView<EvaluationLayerInput> {
  const { user, closePanel } = host;
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<EvaluationMode>('hazards');
  const [hazards, setHazards] = useState<HazardProgramme>({ type: null, closedYear: null, county: null });
  const [site, setSite] = useState<HandSite>({ point: null, date: '', radius: 100, target: 'all' });
  const [picking, setPicking] = useState(false);
  const query: EvaluationQuery | null = !open
    ? null
    : mode === 'hazards'
      ? user
        ? { kind: 'hazards', ...hazards }
        : null
      : site.point && site.date
        ? { kind: 'site', lon: site.point[0], lat: site.point[1], date: site.date, radius: site.radius, target: site.target }
        : null;
  const result = useEvaluation(query);
  const counties = useCounties(open && mode === 'hazards' && user !== null);
  const startPicking = useCallback(() => {
    setPicking(true);
    if (isPhone()) closePanel();
  }, [closePanel]);
  const picked = useCallback((point: [number, number]) => {
    setPicking(false);
    setSite((s) => ({ ...s, point }));
  }, []);
  // Closing the section ends a pick under way.
  useEffect(() => {
    if (!open) setPicking(false);
  }, [open]);
  const provides = useMemo(
    () => ({
      hazardSections: (h: { id: number; number: string; status: string; resolution: string | null }) =>
        h.status === 'closed' && h.resolution === 'rectified' ? <HazardEffect key={h.id} id={h.id} number={h.number} /> : null,
    }),
    [],
  );
  const data = query ? result.data : undefined;
  // A new result: its sites in view (one place given by hand, close up).
  const { flyTo } = host;
  useEffect(() => {
    if (!data?.sites.length) return;
    const xy = data.sites.flatMap((s) => (s.geometry.type === 'Point' ? [s.geometry.coordinates] : s.geometry.coordinates));
    const lons = xy.map((p) => p[0]);
    const lats = xy.map((p) => p[1]);
    const pad = 0.004;
    flyTo({ bounds: [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad], padding: cardPadding(), maxZoom: 15 });
  }, [data, flyTo]);
  const layerInput = useMemo(
    (): EvaluationLayerInput | null =>
      !open ? null : { sites: data?.sites ?? [], radius: data?.radius ?? site.radius, picked: mode === 'site' ? site.point : null },
    [open, data, site.radius, site.point, mode],
  );
  return {
    provides,
    layerInput,
    unlisted: open ? [] : [evaluationLayer.id],
    pickPoint: picking ? picked : null,
    panel: (
      <EvaluationSection
        open={open}
        onToggle={() => setOpen(!open)}
        mode={mode}
        onMode={setMode}
        signedIn={user !== null}
        hazards={hazards}
        onHazards={setHazards}
        counties={counties.data ?? []}
        site={site}
        onSite={setSite}
        onPick={startPicking}
        result={result}
        asked={query !== null}
      />
    ),
    overlay: picking ? <PickBanner prompt={host.t('eval.site.pickPrompt')} onPicked={picked} onCancel={() => setPicking(false)} /> : null,
  };
}

export const evaluationFeature = defineFeature({ id: 'evaluation', layers: [evaluationLayer], use: useEvaluationFeature });
