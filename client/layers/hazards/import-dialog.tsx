import { useMutation } from '@tanstack/react-query';
import type { RowReport } from '@api/hazards/import';
import { apiUrl, getJson } from '@client/api/http';
import { ImportDialog as ImportListDialog, multipartUpload, type ImportReport } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';
import { useRefreshLedger } from './hazard-queries';
import type { Hazard } from './hazard-types';

/** `POST /api/hazards/import` (docs/API.md): every row of the file, saved with its new number or rejected with the field and why. */
type LedgerImportReport = ImportReport<RowReport>;

const uploadLedger = multipartUpload<LedgerImportReport>('/hazards/import');

/** The column a rejected row's field came from, by the sheet's header; a name we do not know is shown as sent. */
function fieldLabel(field: string | undefined, t: Translate): string {
  if (!field) return '—';
  return translateOr(t, `ledger.import.field.${field}`, field);
}

interface ImportDialogProps {
  onClose(): void;
  /** A saved row's hazard, opened as a row of the list is. */
  onOpen(hazard: Hazard): void;
}

/** The units the ledger's words were matched to (or created as), once each, for the clerk to check before confirming. */
function UnitMatches({ report }: { report: LedgerImportReport }) {
  const { t } = useI18n();
  const notes = [...new Set(report.rows.filter((r) => r.status === 'saved' && r.reason).flatMap((r) => r.reason!.split('；')))];
  if (!notes.length) return null;
  return (
    <div className="import-matches" data-testid="import-unit-matches">
      <p>{t('ledger.import.matches')}</p>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}

/** 导入台账: a brigade's existing ledger (.xlsx or CSV) in one upload, and the server's report row by row. */
export function ImportDialog({ onClose, onOpen }: ImportDialogProps) {
  const { t } = useI18n();
  // The list, the map and the counts by township all live under the 'hazards' key.
  const refresh = useRefreshLedger();
  const opening = useMutation({
    mutationFn: (id: number) => getJson<Hazard>(apiUrl(`/hazards/${id}`)),
    onSuccess: (hazard) => {
      onClose();
      onOpen(hazard);
    },
  });
  return (
    <ImportListDialog
      title={t('ledger.import.title')}
      testId="import"
      help={
        <>
          <p>{t('ledger.import.required')}</p>
          <p>{t('ledger.import.optional')}</p>
          <p>{t('ledger.import.history')}</p>
          <p>{t('ledger.import.formats')}</p>
        </>
      }
      fileLabel={t('ledger.import.file')}
      accept=".xlsx,.csv"
      options={[
        { name: 'allowDuplicates', label: t('ledger.import.allowDuplicates') },
        { name: 'createUnits', label: t('ledger.import.createUnits') },
      ]}
      previewPart={(report) => <UnitMatches report={report} />}
      upload={uploadLedger}
      onSaved={refresh}
      fieldLabel={fieldLabel}
      onClose={onClose}
      savedPart={(report) => (
        <>
          <p className="import-saved">
            <span>{t('ledger.import.savedNumbers')}</span>
            {report.rows
              .filter((r) => r.status === 'saved')
              .map((r) => (
                <button key={r.row} type="button" className="link-button" data-testid="import-saved" data-row={r.row} disabled={opening.isPending} onClick={() => opening.mutate(r.id!)}>
                  {r.number}
                </button>
              ))}
          </p>
          {opening.isError && (
            <p className="form-error" role="alert">
              {t('ledger.error', { message: opening.error.message })}
            </p>
          )}
        </>
      )}
    />
  );
}
