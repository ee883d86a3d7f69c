import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { XLSX_TYPE, xlsxBytes } from '@shared/excel/xlsx-writer';
import { ApiRequestError } from '@client/api/http';
import { pendingJob, resumeJob } from '@client/api/jobs';
import { Dialog } from '@client/app/dialog';
import { FormField } from '@client/app/form-field';
import { ImportRejections } from '@client/app/import-rejections';
import { ruleText } from '@client/layers/hazards/hazard-errors';
import { downloadFile } from '@client/export/download';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';
import { CrsSelect, type ImportChoices, type ImportReport, type InputCrs, type SheetRead } from './import-dialog';

/*
 * The import dialog itself, loaded when a user first opens one (import-dialog.tsx): nobody needs
 * it, its Excel writer or its words to see the map.
 */

/**
 * A rejected row's field as the list names it: a column by its first (Chinese) header, anything
 * else (`geometry`) by the feature's word `${prefix}.${field}`, or as the API sent it.
 */
function columnLabel(columns: Record<string, readonly string[]>, prefix: string) {
  return (field: string | undefined, t: Translate): string => {
    if (!field) return '—';
    if (field in columns) return columns[field][0];
    return translateOr(t, `${prefix}.${field}`, field);
  };
}


/**
 * The report as a workbook a clerk can act on: every row of the file the import answered for, by
 * its row (or feature), what became of it, the column at fault and why, in the user's language
 * and in the API's words.
 */
function downloadReport(report: ImportReport, kind: 'row' | 'feature', fieldLabel: (field: string | undefined, t: Translate) => string, t: Translate, fileName: string) {
  const status = report.preview ? 'import.will' : 'import.status';
  const rows = [...report.rows]
    .map((r) => ({ ...r, at: r.row ?? r.feature ?? 0 }))
    .sort((x, y) => x.at - y.at)
    .map((r) => [
      r.at,
      t(`${status}.${r.status}`),
      r.status === 'saved' || r.status === 'updated' ? '' : fieldLabel(r.field, t),
      r.status === 'saved' || r.status === 'updated' ? '' : ruleText(r.rule, r.reason ?? '', t),
      r.reason ?? '',
    ]);
  const columns = [t(kind === 'row' ? 'import.col.row' : 'import.col.feature'), t('import.col.status'), t('import.col.field'), t('import.col.reason'), t('import.col.apiReason')];
  downloadFile(
    xlsxBytes({ name: t('import.reportSheet'), columns: columns.map((header, i) => ({ header, width: [8, 10, 16, 48, 48][i] })), rows }),
    XLSX_TYPE,
    fileName,
  );
}

/** The template: one sheet whose first row holds the headers, each column wide enough to read. */
function downloadTemplate(fileName: string, headers: readonly string[]) {
  const bytes = xlsxBytes({ name: 'Sheet1', columns: headers.map((header) => ({ header, width: Math.max(10, header.length * 2 + 2) })), rows: [] });
  downloadFile(bytes, XLSX_TYPE, fileName);
}

export interface ImportDialogProps<Report extends ImportReport> {
  title: string;
  /** Prefix of every test id: `${testId}-dialog`, `-file`, `-crs`, `-submit`, `-preview`, `-confirm`, `-mapping`, `-report`, `-rejected`, `-error`. */
  testId: string;
  /** What the list must hold, in the user's words. */
  help: ReactNode;
  fileLabel: string;
  accept: string;
  /**
   * The sheet's columns, as the API reads them (the lists in `shared/`): the template (下载模板, the
   * first header of each), the column-mapping step's fields and a rejected row's column
   * (`${fieldPrefix}.${field}` for what is not a column) all come from them.
   */
  sheet?: { columns: Record<string, readonly string[]>; fieldPrefix: string; templateName: string };
  /** Checkboxes sent with the file (e.g. allowDuplicates), each with its label. */
  options?: readonly { name: string; label: string }[];
  upload(file: File, choices: ImportChoices): Promise<Report>;
  /** After a report with at least one saved row: refresh what shows the saved rows. */
  onSaved(report: Report): void;
  /** What the rows count: sheet rows or GeoJSON features. */
  kind?: 'row' | 'feature';
  /** A rejected row's field as the user knows it, for imports without `sheet`. */
  fieldLabel?(field: string | undefined, t: Translate): string;
  /** The report's first line; "已保存 n 行，退回 m 行" by default. */
  resultText?: (report: Report) => string;
  /** What the report offers for the saved rows (their numbers, 在地图上查看). */
  savedPart?: (report: Report) => ReactNode;
  /** What the preview offers beyond its counts (the matches to confirm). */
  previewPart?: (report: Report) => ReactNode;
  onClose(): void;
}


/** The sheet the API read, when a required column was not found in it (the column-mapping step's cue). */
function missingColumns(error: unknown): { sheet: SheetRead; missing: string[] } | null {
  if (!(error instanceof ApiRequestError)) return null;
  const sheet = error.extra.sheet as SheetRead | undefined;
  const missing = error.details.filter((d) => d.rule === 'column_missing').map((d) => (d.field ?? d.path?.replace(/^columns\./, '')) as string);
  return sheet && missing.length ? { sheet, missing } : null;
}

/** Rows a second and seconds left, from the first progress heard to the latest. */
function useRate(progress: { done: number; total: number } | null) {
  const [start, setStart] = useState<{ at: number; done: number } | null>(null);
  useEffect(() => {
    if (!progress) setStart(null);
    else if (!start) setStart({ at: Date.now(), done: progress.done });
  }, [progress, start]);
  if (!progress || !start) return null;
  const seconds = (Date.now() - start.at) / 1000;
  const perSecond = seconds > 0.5 ? (progress.done - start.done) / seconds : 0;
  return perSecond > 0 ? { perSecond: Math.round(perSecond), left: Math.ceil((progress.total - progress.done) / perSecond) } : null;
}


/**
 * An import: a file and its coordinate system in; a preview of what saving would do, row by row
 * (the columns matched, the coordinate system assumed), with a column-mapping step when the
 * headers are not the ones the import knows; then, confirmed, the progress and the server's
 * report, every rejected row with its field and why, downloadable as Excel. The accidents,
 * ledger, obstacles, markets, schools and lights each give it their words and rows.
 */
export function ImportDialogBody<Report extends ImportReport>(props: ImportDialogProps<Report>) {
  const { title, testId, help, fileLabel, accept, sheet, options = [], upload: send, onSaved, kind = 'row', resultText, savedPart, previewPart, onClose } = props;
  const { t } = useI18n();
  const fieldLabel = props.fieldLabel ?? (sheet ? columnLabel(sheet.columns, sheet.fieldPrefix) : (field: string | undefined) => field ?? '—');
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<InputCrs | 'auto'>('auto');
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const rate = useRate(progress);
  const upload = useMutation({
    // `null`: the import this dialog started before the page was reloaded, followed again.
    mutationFn: (asked: { file: File; choices: ImportChoices } | null) => {
      setProgress(null);
      const onProgress = (done: number, total: number) => setProgress({ done, total });
      return asked ? send(asked.file, { ...asked.choices, onProgress, jobName: testId }) : resumeJob<Report>(testId, onProgress);
    },
    onSuccess: (report) => (!report.preview && report.saved + (report.updated ?? 0) > 0 ? onSaved(report) : undefined),
  });
  const resume = upload.mutate;
  useEffect(() => {
    if (pendingJob(testId) !== null) resume(null);
  }, [testId, resume]);
  const run = (preview: boolean) => {
    if (file) upload.mutate({ file, choices: { crs, options: checked, preview, columns: mapping } });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(true);
  };
  const changed = () => upload.reset();
  const report = upload.data;
  // A GeoJSON file (no header row) is counted by features, whatever the import mostly takes.
  const counted = report?.sheet?.headerRow === 0 ? 'feature' : kind;
  const previewed = report?.preview === true;
  const rejected = report?.rows.filter((r) => r.status === 'rejected') ?? [];
  const asking = missingColumns(upload.error);
  const mappable = asking ? [...new Set([...asking.missing, ...Object.keys(sheet?.columns ?? {})])] : [];

  return (
    <Dialog title={title} onClose={onClose} testId={`${testId}-dialog`}>
      <form className="form import-form" onSubmit={submit}>
        <div className="import-help">
          {help}
          {sheet && (
            <p>
              <button
                type="button"
                className="link-button"
                data-testid={`${testId}-template`}
                onClick={() => downloadTemplate(sheet.templateName, Object.values(sheet.columns).map((names) => names[0]))}
              >
                {t('import.template')}
              </button>
            </p>
          )}
        </div>
        <FormField label={fileLabel}>
          <input
            type="file"
            name="file"
            data-testid={`${testId}-file`}
            accept={accept}
            required
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMapping({});
              changed();
            }}
          />
        </FormField>
        <CrsSelect
          testId={`${testId}-crs`}
          value={crs}
          onChange={(c) => {
            setCrs(c);
            changed();
          }}
        />
        {options.map((o) => (
          <label key={o.name} className="check param-check">
            <input
              type="checkbox"
              name={o.name}
              data-testid={`${testId}-option-${o.name}`}
              checked={checked[o.name] ?? false}
              onChange={(e) => {
                setChecked({ ...checked, [o.name]: e.target.checked });
                changed();
              }}
            />
            <span>{o.label}</span>
          </label>
        ))}
        {asking && (
          <fieldset className="import-mapping" data-testid={`${testId}-mapping`}>
            <legend>{t('import.mapping.title')}</legend>
            <p>{t('import.mapping.help', { row: asking.sheet.headerRow })}</p>
            {mappable.map((field) => (
              <FormField key={field} label={`${fieldLabel(field, t)}${asking.missing.includes(field) ? ' *' : ''}`}>
                <select
                  data-testid={`${testId}-map-${field}`}
                  value={mapping[field] ?? asking.sheet.columns[field] ?? ''}
                  onChange={(e) => setMapping({ ...mapping, [field]: e.target.value })}
                >
                  <option value="">{t('import.mapping.none')}</option>
                  {asking.sheet.header.filter(Boolean).map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </FormField>
            ))}
          </fieldset>
        )}
        {upload.isPending && progress && progress.total > 0 && (
          <p className="import-progress" data-testid={`${testId}-progress`} data-done={progress.done} data-total={progress.total}>
            <progress max={progress.total} value={progress.done} />
            <span>
              {t(kind === 'row' ? 'import.progress.rows' : 'import.progress.features', { done: progress.done, total: progress.total })}
              {rate && t('import.progress.rate', { perSecond: rate.perSecond, left: rate.left })}
            </span>
          </p>
        )}
        {upload.isError && (
          <p className="form-error" role="alert" data-testid={`${testId}-error`}>
            {asking ? t('import.mapping.error', { fields: asking.missing.map((f) => fieldLabel(f, t)).join('、') }) : t('import.error', { message: upload.error.message })}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="link-button" onClick={onClose}>
            {t(report && !previewed ? 'import.close' : 'import.cancel')}
          </button>
          {previewed ? (
            <button type="button" className="button" data-testid={`${testId}-confirm`} disabled={upload.isPending || report.saved + (report.updated ?? 0) === 0} onClick={() => run(false)}>
              {t(counted === 'row' ? 'import.confirm' : 'import.confirmFeatures', { n: report.saved + (report.updated ?? 0) })}
            </button>
          ) : (
            <button type="submit" className="button" data-testid={`${testId}-submit`} disabled={upload.isPending}>
              {upload.isPending ? t('import.uploading') : t(asking ? 'import.previewAgain' : 'import.preview')}
            </button>
          )}
        </div>
      </form>
      {report && (
        <section
          className={previewed ? 'import-report import-preview' : 'import-report'}
          data-testid={previewed ? `${testId}-preview` : `${testId}-report`}
          data-saved={report.saved}
          data-updated={report.updated ?? 0}
          data-rejected={report.rejected}
          data-skipped={report.skipped ?? 0}
          aria-live="polite"
        >
          <p className="import-result">
            {previewed
              ? counted === 'row'
                ? t('import.previewResult', { saved: report.saved, updated: report.updated ?? 0, rejected: report.rejected, skipped: report.skipped ?? 0 })
                : t('import.previewResultFeatures', { saved: report.saved, rejected: report.rejected })
              : resultText
                ? resultText(report)
                : t('import.result', { saved: report.saved, rejected: report.rejected })}
            {!previewed && report.updated ? t('import.updated', { updated: report.updated }) : null}
            {!previewed && report.skipped ? t('import.skipped', { skipped: report.skipped }) : null}
          </p>
          {report.sheet && report.sheet.headerRow > 0 && (
            <p className="import-read" data-testid={`${testId}-read`}>
              {t('import.read', {
                row: report.sheet.headerRow,
                crs: report.sheet.crs ? t(`import.crs.${report.sheet.crs}`) : '',
                from: t(`import.crsFrom.${report.sheet.crsFrom ?? 'default'}`),
              })}
              <br />
              {Object.entries(report.sheet.columns)
                .map(([f, h]) => `${fieldLabel(f, t)} ← ${h}`)
                .join('；')}
            </p>
          )}
          {!previewed && report.saved > 0 && savedPart?.(report)}
          {previewed && previewPart?.(report)}
          <p>
            <button
              type="button"
              className="link-button"
              data-testid={`${testId}-report-xlsx`}
              onClick={() => downloadReport(report, counted, fieldLabel, t, t(previewed ? 'import.previewFile' : 'import.reportFile', { name: (file?.name ?? 'import').replace(/\.[^.]+$/, '') }))}
            >
              {t(previewed ? 'import.previewDownload' : 'import.reportDownload')}
            </button>
          </p>
          {rejected.length > 0 && (
            <ImportRejections kind={counted} rows={rejected.map((r) => ({ ...r, at: r.row ?? r.feature ?? 0 }))} fieldLabel={fieldLabel} testId={`${testId}-rejected`} />
          )}
        </section>
      )}
    </Dialog>
  );
}

