import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { Locale, Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { SEARCH_MAX_LENGTH } from '@shared/search/search-types';
import { searchText, useSearchResults, type SearchResult } from './search-queries';

/** Waits until typing pauses before asking the server. */
const PAUSE_MS = 250;

function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/** The second line of a find: what kind of thing it is and where. */
function describe(r: SearchResult, t: Translate, locale: Locale): string {
  const kind = t(`search.kind.${r.kind}` as MessageKey);
  if (r.kind === 'point') return `${kind} · ${t(`search.crs.${r.key}` as MessageKey)}`;
  const parts = [kind];
  if (r.kind === 'road') {
    const ref = r.extra?.ref as string | null;
    if (ref && ref !== r.name) parts.push(ref);
    if (r.extra?.class) parts.push(t(`roadClass.${r.extra.class as string}` as MessageKey));
    if (typeof r.extra?.lengthM === 'number' || typeof r.extra?.lengthM === 'string') parts.push(t('search.road.length', { km: (Number(r.extra.lengthM) / 1000).toFixed(1) }));
  }
  if (r.kind === 'hazard' && r.extra?.status) parts.push(t(`hazard.status.${r.extra.status as string}` as MessageKey));
  const where = locale === 'en' ? (r.detailEn ?? r.detail) : r.detail;
  if (where) parts.push(where);
  if (r.kind === 'village' && r.extra?.synthetic) parts.push(t('search.village.synthetic'));
  return parts.join(' · ');
}

export const resultName = (r: SearchResult, locale: Locale) => (locale === 'en' && r.nameEn ? r.nameEn : r.name);

/**
 * The search box over the map: a place, a road, a crossing, a hazard's number or a coordinate.
 * Arrow keys move through the finds, Enter takes the marked one (the first when none is), Escape
 * closes the list and then empties the box.
 */
export function SearchBox({ t, locale, onChoose, onClear }: { t: Translate; locale: Locale; onChoose(r: SearchResult): void; onClear(): void }) {
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = searchText(useSettled(typed));
  const answer = useSearchResults(open ? q : '');
  const listId = useId();
  const current = answer.data && answer.data.q === q ? answer.data : null;
  const results = current?.results ?? [];
  useEffect(() => setActive(-1), [current]);

  const choose = (r: SearchResult) => {
    setTyped(resultName(r, locale));
    setOpen(false);
    onChoose(r);
  };
  const clear = () => {
    setTyped('');
    setOpen(false);
    onClear();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (results.length) setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % results.length : (i <= 0 ? results.length : i) - 1));
    } else if (e.key === 'Enter') {
      const r = results[Math.max(active, 0)];
      if (r && open) choose(r);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      if (open && typed) setOpen(false);
      else clear();
    }
  };

  const showList = open && q !== '';
  let status: string | null = null;
  if (showList && answer.isError) status = t('search.failed', { message: answer.error.message });
  else if (showList && !current) status = t('search.searching');
  else if (showList && current?.coordinate && !current.coordinate.inLiaocheng) status = t('search.outside', { lon: current.coordinate.lon, lat: current.coordinate.lat });
  else if (showList && current && !results.length) status = t('search.none', { q });

  return (
    <div className="search-box" data-testid="search-box" role="search">
      <input
        type="search"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={showList && results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={typed}
        maxLength={SEARCH_MAX_LENGTH}
        enterKeyHint="search"
        data-testid="search-input"
        onChange={(e) => {
          setTyped(e.target.value);
          setOpen(true);
          if (!e.target.value) onClear();
        }}
        onFocus={() => typed && setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {typed && (
        <button type="button" className="search-clear" aria-label={t('search.clear')} title={t('search.clear')} data-testid="search-clear" onClick={clear}>
          ×
        </button>
      )}
      {showList && (
        <div className="search-results">
          <ul id={listId} role="listbox" aria-label={t('search.label')} data-testid="search-results" data-q={current?.q ?? ''}>
            {results.map((r, i) => (
              <li
                key={`${r.kind}:${r.key}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                data-testid="search-result"
                data-kind={r.kind}
                data-key={r.key}
                // Chosen on pointer down: the list would close on the input's blur before a click.
                onPointerDown={(e) => {
                  e.preventDefault();
                  choose(r);
                }}
              >
                <span className="search-result-name">{resultName(r, locale)}</span>
                <span className="search-result-detail">{describe(r, t, locale)}</span>
              </li>
            ))}
          </ul>
          {status && (
            <p className="search-status" role="status" data-testid="search-status">
              {status}
            </p>
          )}
          {current && !results.length && !current.coordinate && <p className="search-hint">{t('search.hint')}</p>}
        </div>
      )}
    </div>
  );
}
