import { lazy, Suspense, useState, type ReactNode } from 'react';
import { apiUrl } from '@client/api/http';
import { sendAsJob } from '@client/api/jobs';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import type { ImportDialogProps } from './import-dialog-body';

/** The coordinate systems a list may be in: GPS and 天地图 (WGS84), 高德/腾讯 (GCJ-02), 百度 (BD-09). */
export const INPUT_CRS = ['wgs84', 'gcj02', 'bd09'] as const;
export type InputCrs = (typeof INPUT_CRS)[number];

/** One row (sheet row, header = 1) or feature (1-based) of an import's answer (docs/API.md). */
export interface ImportReportRow {
  row?: number;
  feature?: number;
  /** `updated`: a record already there written over; `skipped`: left as it was, or a row of sums (合计). */
  status: 'saved' | 'updated' | 'rejected' | 'skipped';
  id?: number;
  field?: string;
  reason?: string;
  rule?: string;
}

/** How the API read the sheet (docs/API.md, Imports). */
export interface SheetRead {
  headerRow: number;
  header: string[];
  /** Each field's column as the header names it. */
  columns: Record<string, string>;
  crs?: InputCrs;
  crsFrom?: 'form' | 'note' | 'default';
}

export interface ImportReport<R extends ImportReportRow = ImportReportRow> {
  /** A preview: what saving would do; nothing was saved. */
  preview?: boolean;
  saved: number;
  updated?: number;
  rejected: number;
  /** Rows left out (sums under a sheet). */
  skipped?: number;
  rows: R[];
  sheet?: SheetRead;
}

/** What the user chose besides the file: its coordinate system and the dialog's checkboxes by name. */
export interface ImportChoices {
  /** `auto`: as a note in the sheet says (坐标系：GCJ-02…), else WGS84 (the API decides). */
  crs: InputCrs | 'auto';
  /** Each option by name: a checkbox's `true` is sent as its value (`true` unless it names another). */
  options: Record<string, boolean>;
  /** Only a preview: everything checked, nothing saved. */
  preview?: boolean;
  /** The column-mapping step's answer: field → the header as the sheet has it. */
  columns?: Record<string, string>;
  /** Hears how far a long import has come (rows or features done of all). */
  onProgress?: (done: number, total: number) => void;
  /** The name the running job is kept under in the browser, to be found again after a reload. */
  jobName?: string;
}

/**
 * The usual upload: multipart `file`, `crs`, and each checked option as `name=true`, run as a job
 * of the API (`Prefer: respond-async`) whose progress is followed until its report.
 */
export function multipartUpload<Report extends ImportReport>(path: string, values: Record<string, string> = {}) {
  return async (file: File, { crs, options, onProgress, jobName, preview, columns }: ImportChoices): Promise<Report> => {
    const body = new FormData();
    body.append('file', file);
    if (crs !== 'auto') body.append('crs', crs);
    for (const [name, on] of Object.entries(options)) if (on) body.append(name, values[name] ?? 'true');
    if (preview) body.append('preview', 'true');
    if (columns && Object.keys(columns).length) body.append('columns', JSON.stringify(columns));
    // No content-type: the browser writes the multipart boundary itself.
    return sendAsJob<Report>(apiUrl(path), { method: 'POST', body }, onProgress, jobName);
  };
}

/**
 * An upload sent as the request's body (a large file streamed, not wrapped in a form), the choices
 * in the query (`crs`, `preview`, each checked option), run as a job like the multipart ones.
 */
export function bodyUpload<Report extends ImportReport>(path: string) {
  return async (file: File, { crs, options, onProgress, jobName, preview }: ImportChoices): Promise<Report> => {
    const q = new URLSearchParams({ name: file.name });
    if (crs !== 'auto') q.set('crs', crs);
    for (const [name, on] of Object.entries(options)) if (on) q.set(name, 'true');
    if (preview) q.set('preview', 'true');
    return sendAsJob<Report>(apiUrl(`${path}?${q}`), { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } }, onProgress, jobName);
  };
}


// Its own chunk (with the Excel writer), fetched when a dialog first opens.
const LazyImportDialog = lazy(() => import('./import-dialog-body').then((m) => ({ default: m.ImportDialogBody })));

/**
 * An import: a file and its coordinate system in; a preview of what saving would do, row by row
 * (the columns matched, the coordinate system assumed), with a column-mapping step when the
 * headers are not the ones the import knows; then, confirmed, the progress and the server's
 * report, every rejected row with its field and why, downloadable as Excel. The accidents,
 * ledger, obstacles, markets, schools and lights each give it their words and rows.
 */
export function ImportDialog<Report extends ImportReport>(props: ImportDialogProps<Report>) {
  return (
    <Suspense fallback={null}>
      <LazyImportDialog {...(props as unknown as ImportDialogProps<ImportReport>)} />
    </Suspense>
  );
}

/** The coordinate system of an upload: as the file says (auto), or one the user names. */
export function CrsSelect({ testId, value, onChange }: { testId: string; value: InputCrs | 'auto'; onChange(crs: InputCrs | 'auto'): void }) {
  const { t } = useI18n();
  return (
    <FormField label={t('import.crs')}>
      <select name="crs" data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as InputCrs | 'auto')}>
        {(['auto', ...INPUT_CRS] as const).map((c) => (
          <option key={c} value={c}>
            {t(`import.crs.${c}`)}
          </option>
        ))}
      </select>
    </FormField>
  );
}

/** A section's 导入 button, and its dialog while open. */
export function ImportOpener({ label, testId, children }: { label: string; testId: string; children(onClose: () => void): ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="chip" data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && children(() => setOpen(false))}
    </>
  );
}
