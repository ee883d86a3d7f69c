import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import { useI18n } from '@client/i18n/i18n-provider';
import { localName } from './hazard-labels';

export interface SummaryRow {
  code: string;
  name: string;
  nameEn: string | null;
  found: number;
  rectified: number;
  invalid: number;
  open: number;
  overdue: number;
  rectificationRate: number | null;
}

/**
 * Found, rectified, open and overdue hazards with the rectification rate (整改率), by brigade
 * for those who see the whole city and by township for a brigade: what leaders bring to meetings.
 */
export function LedgerSummary({ by }: { by: 'county' | 'township' }) {
  const { t, locale } = useI18n();
  const summary = useQuery({
    queryKey: ['hazards', 'summary', by],
    queryFn: ({ signal }) => getJson<{ rows: SummaryRow[] }>(apiUrl(`/hazards/summary?by=${by}`), signal),
    retry: retryServerErrors,
  });
  const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
  return (
    <details className="ledger-summary" data-testid="ledger-summary">
      <summary>{t(by === 'county' ? 'ledger.summary.byCounty' : 'ledger.summary.byTownship')}</summary>
      {summary.isError && <p className="panel-error">{t('ledger.error', { message: summary.error.message })}</p>}
      {summary.data && (
        <table className="ledger-summary-table">
          <thead>
            <tr>
              <th>{t(by === 'county' ? 'ledger.summary.county' : 'ledger.summary.township')}</th>
              <th>{t('ledger.summary.found')}</th>
              <th>{t('ledger.summary.rectified')}</th>
              <th>{t('ledger.summary.open')}</th>
              <th>{t('ledger.summary.overdue')}</th>
              <th>{t('ledger.summary.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.data.rows.map((r) => (
              <tr key={r.code} data-code={r.code}>
                <td>{localName(r, locale)}</td>
                <td>{r.found}</td>
                <td>{r.rectified}</td>
                <td>{r.open}</td>
                <td className={r.overdue > 0 ? 'overdue-text' : undefined}>{r.overdue}</td>
                <td>{percent(r.rectificationRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
