import { useMemo, useState } from 'react';
import { schoolState, type SchoolState } from './school-colors';
import { useSchool, useSchools } from './school-queries';
import type { SchoolFeature } from './school-types';
import type { SchoolLayerInput } from './schools-layer';

export interface SchoolFilter {
  county: string | null;
  /** Only the schools whose state is this (e.g. without a guard post); null for all. */
  state: SchoolState | null;
}

const NO_GATES: SchoolLayerInput['gates'] = [];

/** The schools on screen: the section (open or not), the filter shared by the list and the map, and the open school. */
export function useSchoolsState(layerVisible: boolean, selectedId: number | null, onPick: (feature: SchoolFeature) => void) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<SchoolFilter>({ county: null, state: null });
  const list = useSchools(open || layerVisible);
  const detail = useSchool(selectedId);
  const all = list.data?.features;
  const inCounty = useMemo(() => (all ?? []).filter((f) => !filter.county || f.properties.countyCode === filter.county), [all, filter.county]);
  const rows = useMemo(() => inCounty.filter((f) => !filter.state || schoolState(f.properties) === filter.state), [inCounty, filter.state]);
  const shown = detail.data?.id === selectedId ? detail.data : undefined;
  const layer = useMemo(
    (): SchoolLayerInput | null =>
      all ? { features: rows, selectedId, zone: shown?.zone.geometry ?? null, gates: shown?.gates ?? NO_GATES, onPick } : null,
    [all, rows, selectedId, shown, onPick],
  );
  return { open, setOpen, filter, setFilter, list, inCounty, rows, detail, layer };
}

export type SchoolsState = ReturnType<typeof useSchoolsState>;

/** Schools, without a guard post and with failed audit items, per county (or per township of one county). */
export function schoolTally(features: readonly SchoolFeature[], byTownship: boolean) {
  const groups = new Map<string, { code: string; name: string; schools: number; noGuardPost: number; failedItems: number }>();
  for (const { properties: p } of features) {
    const code = byTownship ? (p.townshipCode ?? '') : p.countyCode;
    const name = byTownship ? (p.township ?? '—') : p.county;
    const g = groups.get(code) ?? { code, name, schools: 0, noGuardPost: 0, failedItems: 0 };
    g.schools++;
    if (p.guardPosts === 0) g.noGuardPost++;
    if ((p.lastAudit?.failed ?? 0) > 0) g.failedItems++;
    groups.set(code, g);
  }
  return [...groups.values()].sort((a, b) => b.noGuardPost - a.noGuardPost || a.code.localeCompare(b.code));
}
