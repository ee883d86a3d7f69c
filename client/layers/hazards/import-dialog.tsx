import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { RowReport } from '@api/hazards/import';
import { apiFetch, apiUrl, getJson, toError } from '@client/api/http';
import { Dialog } from '@client/app/dialog';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';
import { ImportRejections } from '@client/app/import-rejections';
import { useRefreshLedger } from './hazard-queries';
import type { Hazard } from './hazard-types';

/** `POST /api/hazards/import` (docs/API.md): every row of the file, saved with its new number or rejected with the field and why. */
interface ImportReport {
  saved: number;
  rejected: number;
  rows: RowReport[];
}

/** The coordinate systems a ledger may be in: GPS and 天地图 (WGS84), 高德/腾讯 (GCJ-02), 百度 (BD-09). */
const INPUT_CRS = ['wgs84', 'gcj02', 'bd09'] as const;
type InputCrs = (typeof INPUT_CRS)[number];

interface Upload {
  file: File;
  crs: InputCrs;
  allowDuplicates: boolean;
}

async function uploadLedger({ file, crs, allowDuplicates }: Upload): Promise<ImportReport> {
  const body = new FormData();
  body.append('file', file);
  body.append('crs', crs);
  if (allowDuplicates) body.append('allowDuplicates', 'true');
  // No content-type: the browser writes the multipart boundary itself.
  const response = await apiFetch(apiUrl('/hazards/import'), { method: 'POST', headers: { accept: 'application/json' }, body });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as ImportReport;
}

/** The column a rejected row's field came from, by the sheet's header; a name we do not know is shown as sent. */
function fieldLabel(field: string | undefined, t: Translate): string {
  if (!field) return '—';
  const key = `ledger.import.field.${field}`;
  return translateOr(t, key, field);
}

interface ImportDialogProps {
  onClose(): void;
  /** A saved row's hazard, opened as a row of the list is. */
  onOpen(hazard: Hazard): void;
}

/** 导入台账: a brigade's existing ledger (.xlsx or CSV) in one upload, and the server's report row by row. */
export function ImportDialog({ onClose, onOpen }: ImportDialogProps) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<InputCrs>('wgs84');
  const [allowDuplicates, setAllowDuplicates] = useState(false);
  const refresh = useRefreshLedger();
  // The list, the map and the counts by township all live under the 'hazards' key.
  const upload = useMutation({ mutationFn: uploadLedger, onSuccess: (report) => (report.saved > 0 ? refresh() : undefined) });
  const opening = useMutation({
    mutationFn: (id: number) => getJson<Hazard>(apiUrl(`/hazards/${id}`)),
    onSuccess: (hazard) => {
      onClose();
      onOpen(hazard);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ file, crs, allowDuplicates });
  };
  const report = upload.data;
  const saved = report?.rows.filter((r) => r.status === 'saved') ?? [];
  const rejected = report?.rows.filter((r) => r.status === 'rejected') ?? [];

  return (
    <Dialog title={t('ledger.import.title')} onClose={onClose} testId="import-dialog">
      <form className="form import-form" onSubmit={submit}>
        <div className="import-help">
          <p>{t('ledger.import.required')}</p>
          <p>{t('ledger.import.optional')}</p>
          <p>{t('ledger.import.formats')}</p>
        </div>
        <FormField label={t('ledger.import.file')}>
          <input
            type="file"
            name="file"
            data-testid="import-file"
            accept=".xlsx,.csv"
            required
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              upload.reset();
            }}
          />
        </FormField>
        <FormField label={t('ledger.import.crs')}>
          <select name="crs" data-testid="import-crs" value={crs} onChange={(e) => setCrs(e.target.value as InputCrs)}>
            {INPUT_CRS.map((c) => (
              <option key={c} value={c}>
                {t(`ledger.import.crs.${c}`)}
              </option>
            ))}
          </select>
        </FormField>
        <label className="check param-check">
          <input type="checkbox" name="allowDuplicates" data-testid="import-allow-duplicates" checked={allowDuplicates} onChange={(e) => setAllowDuplicates(e.target.checked)} />
          <span>{t('ledger.import.allowDuplicates')}</span>
        </label>
        {upload.isError && (
          <p className="form-error" role="alert" data-testid="import-error">
            {t('ledger.import.error', { message: upload.error.message })}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="link-button" onClick={onClose}>
            {t(report ? 'ledger.import.close' : 'hazard.cancel')}
          </button>
          <button type="submit" className="button" data-testid="import-submit" disabled={upload.isPending}>
            {upload.isPending ? t('ledger.import.uploading') : t('ledger.import.submit')}
          </button>
        </div>
      </form>
      {report && (
        <section className="import-report" data-testid="import-report" data-saved={report.saved} data-rejected={report.rejected} aria-live="polite">
          <p className="import-result">{t('ledger.import.result', { saved: report.saved, rejected: report.rejected })}</p>
          {saved.length > 0 && (
            <p className="import-saved">
              <span>{t('ledger.import.savedNumbers')}</span>
              {saved.map((r) => (
                <button key={r.row} type="button" className="link-button" data-testid="import-saved" data-row={r.row} disabled={opening.isPending} onClick={() => opening.mutate(r.id!)}>
                  {r.number}
                </button>
              ))}
            </p>
          )}
          {opening.isError && (
            <p className="form-error" role="alert">
              {t('ledger.error', { message: opening.error.message })}
            </p>
          )}
          {rejected.length > 0 && <ImportRejections kind="row" rows={rejected.map((r) => ({ ...r, at: r.row }))} fieldLabel={fieldLabel} testId="import-rejected" />}
        </section>
      )}
    </Dialog>
  );
}
