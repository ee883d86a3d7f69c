import { useEffect, useMemo, useState } from 'react';
import { ledgerFromQuery, ledgerQuery, type HazardFilter } from './hazard-filter';
import { useHazards } from './hazard-queries';
import type { RegisterInitial } from './register-form';

/**
 * Registering a hazard: first a place is picked on the map (or by location), then the form is
 * filled in; or straight to the form at a known place with fields filled in (a sight-line finding).
 */
export type RegisterStep = { kind: 'none' } | { kind: 'picking' } | { kind: 'form'; lonLat: [number, number]; initial?: RegisterInitial };

const SEARCH_SETTLE_MS = 300;

/**
 * The ledger's UI state and its one download, shared by the map layer and the list. It opens as the
 * map's URL says (a dashboard number clicked: `ledger=1&overdue=1`), and keeps its state there.
 * With an area on the map (`area=`, the base map's), it holds that area's hazards only.
 */
export function useLedger(signedIn: boolean, url: { query: URLSearchParams; setQuery(entries: Record<string, string | null>): void }, area: string | null) {
  const [initial] = useState(() => ledgerFromQuery(url.query));
  const [open, setOpen] = useState(initial.open);
  const [filter, setFilter] = useState<HazardFilter>(initial.filter);
  const { setQuery } = url;
  useEffect(() => {
    setQuery(ledgerQuery(open, filter));
  }, [open, filter, setQuery]);
  const [register, setRegister] = useState<RegisterStep>({ kind: 'none' });
  // Typing in the search box settles before it asks the API.
  const [q, setQ] = useState(filter.q);
  useEffect(() => {
    const timer = setTimeout(() => setQ(filter.q), SEARCH_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [filter.q]);
  const asked = useMemo(() => ({ ...filter, q }), [filter, q]);
  const hazards = useHazards(asked, area, signedIn);

  useEffect(() => {
    if (signedIn) return;
    setOpen(false);
    setRegister({ kind: 'none' });
  }, [signedIn]);

  return { open, setOpen, filter, setFilter, area, register, setRegister, hazards };
}

export type Ledger = ReturnType<typeof useLedger>;
