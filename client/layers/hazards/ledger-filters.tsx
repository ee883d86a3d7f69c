import type { ReactNode } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { STATUS_COLOR } from './hazard-colors';
import { toggled, type HazardFilter } from './hazard-filter';
import { HAZARD_STATES, HAZARD_TYPES } from './hazard-types';
import { cssColor } from '../accidents/severity';

interface ToggleChipsProps<T extends string> {
  label: string;
  values: readonly T[];
  /** Chosen values; none chosen means all. */
  chosen: readonly T[];
  testId: string;
  onChange(chosen: T[]): void;
  render(value: T): ReactNode;
  children?: ReactNode;
}

function ToggleChips<T extends string>({ label, values, chosen, testId, onChange, render, children }: ToggleChipsProps<T>) {
  return (
    <div className="chips" role="group" aria-label={label}>
      {values.map((value) => (
        <button
          key={value}
          type="button"
          className="chip"
          data-testid={`${testId}-${value}`}
          aria-pressed={chosen.includes(value)}
          onClick={() => onChange(toggled(chosen, value))}
        >
          {render(value)}
        </button>
      ))}
      {children}
    </div>
  );
}

interface LedgerFiltersProps {
  filter: HazardFilter;
  onChange(filter: HazardFilter): void;
}

/** Search, status, type and "overdue only": one filter for the list and the map. */
export function LedgerFilters({ filter, onChange }: LedgerFiltersProps) {
  const { t } = useI18n();
  return (
    <div className="ledger-filters">
      <input
        type="search"
        className="ledger-search"
        data-testid="ledger-search"
        placeholder={t('ledger.search')}
        aria-label={t('ledger.search')}
        value={filter.q}
        onChange={(e) => onChange({ ...filter, q: e.target.value })}
      />
      <ToggleChips
        label={t('ledger.filter.status')}
        values={HAZARD_STATES}
        chosen={filter.statuses}
        testId="ledger-status"
        onChange={(statuses) => onChange({ ...filter, statuses })}
        render={(s) => (
          <>
            <span className="status-dot" style={{ background: cssColor(STATUS_COLOR[s]) }} />
            {t(`hazard.status.${s}`)}
          </>
        )}
      >
        <label className="check overdue-check">
          <input
            type="checkbox"
            data-testid="ledger-overdue"
            checked={filter.overdueOnly}
            onChange={(e) => onChange({ ...filter, overdueOnly: e.target.checked })}
          />
          {t('ledger.filter.overdue')}
        </label>
      </ToggleChips>
      <ToggleChips
        label={t('ledger.filter.type')}
        values={HAZARD_TYPES}
        chosen={filter.types}
        testId="ledger-type"
        onChange={(types) => onChange({ ...filter, types })}
        render={(type) => (
          <>
            <span className="type-glyph">{t(`hazard.glyph.${type}`)}</span>
            {t(`hazard.type.${type}`)}
          </>
        )}
      />
    </div>
  );
}
