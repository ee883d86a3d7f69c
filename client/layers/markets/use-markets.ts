import { pointOnFeature } from '@turf/turf';
import { useMemo, useState } from 'react';
import { marketColor, marketRisk, stillMeetingFirst } from './market-colors';
import type { MarketLayerInput } from './markets-layer';
import { useMarket, useMarketAnalysis, useMarketCandidates, useMarkets, useMarketSchedule } from './market-queries';
import type { MarketAnalysisRow, MarketCandidate, MarketFeature } from './market-types';

/**
 * The markets on screen: the section (open or not), the county shown, the day chosen in the week
 * (0 = today), the analysis' buffer, and the one market open in its card.
 */
export function useMarketsState(
  layerVisible: boolean,
  selectedId: number | null,
  selectedCandidate: number | null,
  onPick: (feature: MarketFeature) => void,
  onPickCandidate: (candidate: MarketCandidate) => void,
) {
  const [open, setOpen] = useState(false);
  const [county, setCountyOnly] = useState<string | null>(null);
  // A township of the chosen county (null: the whole county); choosing another county clears it.
  const [township, setTownship] = useState<string | null>(null);
  const setCounty = (code: string | null) => {
    setCountyOnly(code);
    setTownship(null);
  };
  const [dayIndex, setDayIndex] = useState(0);
  const [buffer, setBuffer] = useState<number | null>(null);
  const wanted = open || layerVisible;
  const list = useMarkets(wanted);
  const schedule = useMarketSchedule(wanted);
  const analysis = useMarketAnalysis(wanted, buffer);
  const detail = useMarket(selectedId);
  const candidates = useMarketCandidates(open);

  const all = list.data?.features;
  const inArea = (p: { county: { code: string }; township: { code: string } | null }) =>
    (!county || p.county.code === county) && (!township || p.township?.code === township);
  const shown = useMemo(() => (all ? all.filter((f) => inArea(f.properties)) : []), [all, county, township]);
  const rowById = useMemo(() => new Map((analysis.data?.markets ?? []).map((r) => [r.id, r])), [analysis.data]);
  // Markets that still meet first (the analysis' order within each part): a closed or moved
  // market's market days are history, listed after them with its status.
  const statusOf = useMemo(() => new Map((all ?? []).map((f) => [f.id, f.properties.status])), [all]);
  const ranked = useMemo((): MarketAnalysisRow[] => {
    const rows = (analysis.data?.markets ?? []).filter(inArea);
    return stillMeetingFirst(rows, (r) => statusOf.get(r.id));
  }, [analysis.data, county, township, statusOf]);
  const day = schedule.data?.days[dayIndex] ?? null;
  const meets = useMemo(() => new Set(day?.marketIds ?? []), [day]);

  const anchor = useMemo(
    () => new Map((all ?? []).map((f) => [f.id, pointOnFeature(f as GeoJSON.Feature).geometry.coordinates as [number, number]])),
    [all],
  );
  const color = useMemo(
    () => new Map((all ?? []).map((f) => [f.id, marketColor(f.properties.status, marketRisk(rowById.get(f.id)))])),
    [all, rowById],
  );
  const found = useMemo(
    () => (candidates.data?.candidates ?? []).filter((c) => !county || c.county.code === county),
    [candidates.data, county],
  );
  const layer = useMemo(
    (): MarketLayerInput | null =>
      all ? { features: shown, anchor, color, meets, selectedId, onPick, candidates: found, selectedCandidate, onPickCandidate } : null,
    [all, shown, anchor, color, meets, selectedId, onPick, found, selectedCandidate, onPickCandidate],
  );
  return {
    open, setOpen, county, setCounty, township, setTownship, dayIndex, setDayIndex, buffer, setBuffer,
    list, schedule, analysis, detail, candidates, found, shown, ranked, statusOf, rowById, day, anchor, layer,
  };
}

export type MarketsState = ReturnType<typeof useMarketsState>;

