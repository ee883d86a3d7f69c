import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import { ruleText } from '@client/layers/hazards/hazard-errors';

/** One refused row or feature of an import, as the API reports it. */
export interface Rejection {
  /** Its row (sheet, header = 1) or feature (1-based) number. */
  at: number;
  field?: string;
  reason?: string;
  rule?: string;
}

interface ImportRejectionsProps {
  /** What `at` counts: sheet rows or GeoJSON features (the column header and the `data-row` / `data-feature` attribute). */
  kind: 'row' | 'feature';
  rows: readonly Rejection[];
  /** The field's name as the user knows it (a column header, a property). */
  fieldLabel(field: string | undefined, t: Translate): string;
  testId: string;
}

/** An import's refused rows: where, which field, and why in the user's language (the API's words on hover). */
export function ImportRejections({ kind, rows, fieldLabel, testId }: ImportRejectionsProps) {
  const { t } = useI18n();
  return (
    <div className="import-scroll">
      <table className="import-table">
        <thead>
          <tr>
            <th>{t(kind === 'row' ? 'import.col.row' : 'import.col.feature')}</th>
            <th>{t('import.col.field')}</th>
            <th>{t('import.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.at} data-testid={testId} {...{ [`data-${kind}`]: r.at }} data-field={r.field}>
              <td>{r.at}</td>
              <td>{fieldLabel(r.field, t)}</td>
              <td title={r.reason}>{ruleText(r.rule, r.reason ?? '', t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
