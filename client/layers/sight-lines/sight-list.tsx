import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { cssColor } from '../accidents/severity';
import { SIGHT_SEVERITY_COLOR } from './sight-colors';
import { severityOf } from './sight-filter';
import { metres, percent, placeText } from './sight-labels';
import type { IntersectionFeature } from './sight-types';

const FIRST_ROWS = 20;

interface SightListProps {
  rows: readonly IntersectionFeature[];
  selectedId: number | null;
  onSelect(feature: IntersectionFeature): void;
}

/** Worst shortfall first: rank in the severity's colour, where, and the worst leg's metres. A click opens one. */
export function SightList({ rows, selectedId, onSelect }: SightListProps) {
  const { t, locale } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
      <ol className="hotspot-list" data-testid="sight-list">
        {shown.map((f, i) => {
          const p = f.properties;
          const severity = severityOf(p) ?? 'minor';
          return (
            <li key={f.id}>
              <button
                type="button"
                className="hotspot-row"
                data-testid="sight-row"
                data-id={f.id}
                data-rank={i + 1}
                aria-current={f.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(f)}
              >
                <span className={`hotspot-rank sight-rank-${severity}`} style={{ background: cssColor(SIGHT_SEVERITY_COLOR[severity]) }} title={t(`sight.severity.${severity}`)}>
                  {i + 1}
                </span>
                <span className="hotspot-row-main">
                  <span className="hotspot-row-title">
                    {/* Rows of one township all share its name: the roads tell them apart. */}
                    <span className="hotspot-place">{p.roads?.length ? p.roads.join(' × ') : placeText(p, locale)}</span>
                  </span>
                  <span className="hotspot-row-stats">
                    {p.roads?.length ? `${placeText(p, locale)} · ` : ''}
                    {t('sight.row.stats', { kind: t(`sight.kind.${p.kind}`), required: metres(p.required ?? 0), available: metres(p.available ?? 0) })}
                    {' · '}
                    <span className="nowrap">{t('sight.row.share', { share: percent(p.obstructedShare) })}</span>
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {rows.length > FIRST_ROWS && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? t('sight.list.fewer') : t('sight.list.all', { count: rows.length })}
        </button>
      )}
    </>
  );
}
