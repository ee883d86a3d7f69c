import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { apiUrl } from '@client/api/http';
import { CardHeader } from '@client/app/card-header';
import { useI18n } from '@client/i18n/i18n-provider';
import { NEWEST_FIRST, nextSort, pageOf, sortHazards } from './hazard-sort';
import type { Hazard } from './hazard-types';
import { hazardQuery } from './hazard-filter';
import { ImportDialog } from './import-dialog';
import { LedgerFilters } from './ledger-filters';
import { LedgerSummary } from './ledger-summary';
import { LedgerTable } from './ledger-table';
import type { Ledger } from './use-ledger';

interface LedgerPanelProps {
  ledger: Ledger;
  /** Officers and admins register hazards; leaders and liaisons only read. */
  mayRegister: boolean;
  /** The counts go by brigade for those who see the whole city, else by township. */
  summaryBy: 'county' | 'township';
  selectedId: number | null;
  onSelect(hazard: Hazard): void;
  /** What waits to be sent from this device (待发送), above the list. */
  outbox?: ReactNode;
}

/** 隐患台账: counts, filters shared with the map, the sortable list in pages. */
export function LedgerPanel({ ledger, mayRegister, summaryBy, selectedId, onSelect, outbox }: LedgerPanelProps) {
  const { t } = useI18n();
  const [sort, setSort] = useState(NEWEST_FIRST);
  const [page, setPage] = useState(1);
  const [importing, setImporting] = useState(false);
  const { hazards, filter } = ledger;
  const data = hazards.data;
  const sorted = useMemo(() => sortHazards(data?.features.map((f) => f.properties) ?? [], sort), [data, sort]);
  const shown = pageOf(sorted, page);

  return (
    <aside className="ledger-panel" data-testid="ledger-panel" aria-label={t('ledger.title')}>
      <CardHeader title={t('ledger.title')} onClose={() => ledger.setOpen(false)}>
        {/* The brigade's ledger as Excel, with the filters in force (the browser sends the session cookie). */}
        <a className="button button-small button-quiet" data-testid="ledger-export" href={apiUrl(`/hazards/export.xlsx?${hazardQuery(filter, ledger.area)}`)} download>
          {t('ledger.export')}
        </a>
        {mayRegister && (
          <>
            <button type="button" className="button button-small button-quiet" data-testid="ledger-import" onClick={() => setImporting(true)}>
              {t('ledger.import')}
            </button>
            <button type="button" className="button button-small" data-testid="ledger-register" onClick={() => ledger.setRegister({ kind: 'picking' })}>
              {t('ledger.register')}
            </button>
          </>
        )}
      </CardHeader>
      {outbox}
      <LedgerFilters
        filter={filter}
        onChange={(next) => {
          ledger.setFilter(next);
          setPage(1);
        }}
      />
      {data && (
        <p className="ledger-counts" data-testid="ledger-counts" data-total={data.meta.total} data-overdue={data.meta.overdue}>
          {t('ledger.counts', { total: data.meta.total, overdue: data.meta.overdue })}
          {data.meta.total > data.features.length && ` ${t('ledger.truncated', { count: data.features.length })}`}
        </p>
      )}
      <LedgerSummary by={summaryBy} />
      {hazards.isPending && <p className="panel-muted">{t('ledger.loading')}</p>}
      {hazards.isError && (
        <p className="panel-error" role="alert">
          {t('ledger.error', { message: hazards.error.message })}
        </p>
      )}
      {data && sorted.length === 0 && <p className="panel-muted">{t('ledger.empty')}</p>}
      {sorted.length > 0 && (
        <div className="ledger-scroll" data-dimmed={hazards.isPlaceholderData}>
          <LedgerTable rows={shown.rows} sort={sort} selectedId={selectedId} onSort={(key) => setSort(nextSort(sort, key))} onSelect={onSelect} />
        </div>
      )}
      {shown.pages > 1 && (
        <nav className="pager" aria-label={t('ledger.pages')}>
          <button type="button" className="link-button" disabled={shown.page <= 1} onClick={() => setPage(shown.page - 1)}>
            {t('ledger.prev')}
          </button>
          <span>{t('ledger.page', { page: shown.page, pages: shown.pages })}</span>
          <button type="button" className="link-button" disabled={shown.page >= shown.pages} onClick={() => setPage(shown.page + 1)}>
            {t('ledger.next')}
          </button>
        </nav>
      )}
      {importing && <ImportDialog onClose={() => setImporting(false)} onOpen={onSelect} />}
    </aside>
  );
}
