import { useI18n } from '@client/i18n/i18n-provider';
import { cssColor } from '../accidents/severity';
import { STATUS_COLOR } from './hazard-colors';
import { localName } from './hazard-labels';
import { placeOf, SORT_KEYS, type HazardSort, type SortKey } from './hazard-sort';
import type { Hazard } from './hazard-types';

interface LedgerTableProps {
  rows: readonly Hazard[];
  sort: HazardSort;
  selectedId: number | null;
  onSort(key: SortKey): void;
  onSelect(hazard: Hazard): void;
}

export function StatusTag({ hazard }: { hazard: Pick<Hazard, 'status' | 'overdue'> }) {
  const { t } = useI18n();
  return (
    <span className="status-tag" data-testid="status-tag" data-status={hazard.status} style={{ background: cssColor(STATUS_COLOR[hazard.status]) }}>
      {t(`hazard.status.${hazard.status}`)}
    </span>
  );
}

/** The ledger's rows; a column header sorts, a row opens the hazard. */
export function LedgerTable({ rows, sort, selectedId, onSort, onSelect }: LedgerTableProps) {
  const { t, locale } = useI18n();
  return (
    <table className="ledger-table" data-testid="ledger-table">
      <thead>
        <tr>
          {SORT_KEYS.map((key) => (
            <th key={key} className={`col-${key}`} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
              <button type="button" className="sort-button" data-testid={`ledger-sort-${key}`} onClick={() => onSort(key)}>
                {t(`ledger.col.${key}`)}
                <span aria-hidden="true">{sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr
            key={h.id}
            data-testid="ledger-row"
            data-number={h.number}
            data-overdue={h.overdue}
            aria-selected={h.id === selectedId}
            tabIndex={0}
            onClick={() => onSelect(h)}
            onKeyDown={(e) => e.key === 'Enter' && onSelect(h)}
          >
            <td className="col-number">{h.number}</td>
            <td className="col-type">
              <span className="type-glyph">{t(`hazard.glyph.${h.type}`)}</span>
              {t(`hazard.type.${h.type}`)}
              <span className="row-place" data-testid="ledger-row-place">
                {[h.township && localName(h.township, locale), h.roadName].filter(Boolean).join(' · ') || localName(h.county, locale)}
              </span>
            </td>
            <td className="col-place">{placeOf(h, locale)}</td>
            <td className="col-status">
              <StatusTag hazard={h} />
            </td>
            <td className="col-unit">{h.unit ? localName(h.unit, locale) : '—'}</td>
            <td className="col-deadline">{h.deadline ?? '—'}</td>
            <td className="col-overdue">{h.overdue ? <span className="overdue-mark">{t('hazard.overdue')}</span> : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
