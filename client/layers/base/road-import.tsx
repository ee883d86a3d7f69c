import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ROAD_CLASSES, type RoadClass } from '@shared/roads/road-classes';
import { XLSX_TYPE, xlsxBytes } from '@shared/excel/xlsx-writer';
import { ApiRequestError, apiUrl } from '@client/api/http';
import { sendAsJob } from '@client/api/jobs';
import { Dialog } from '@client/app/dialog';
import { FormField } from '@client/app/form-field';
import { CrsSelect, type InputCrs } from '@client/app/import-dialog';
import { downloadFile } from '@client/export/download';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';

type Field = 'class' | 'name' | 'ref' | 'speed' | 'lit';
const FIELDS: readonly Field[] = ['class', 'name', 'ref', 'speed', 'lit'];

/** What the API says it read (docs/API.md, Road networks): the preview, the report, or a refusal's `read`. */
export interface NetworkRead {
  preview?: boolean;
  format: 'osm.pbf' | 'geojson' | 'shapefile';
  crs: { from: 'prj' | 'form' | 'default'; crs?: InputCrs };
  fields: string[];
  mapping: Record<Field, string | null>;
  values: { value: string; count: number; class: RoadClass | null }[];
  read: number;
  notLines: number;
  unmapped: number;
  outside: number;
  kept: number;
  rejected: { feature: number; key: string; reason: string; rule: string }[];
  rejectedCount: number;
  byClass: { class: RoadClass; roads: number; km: number }[];
  network: { mode: 'merge' | 'replace'; before: number; removed: number; removedSynthetic: number; added: number; after: number; roads?: number; synthetic?: number };
  intersections?: number;
  deficient?: number;
  obstaclesRemoved?: number;
  ms?: number;
}

interface Choices {
  mode: 'merge' | 'replace';
  crs: InputCrs | 'auto';
  fields: Partial<Record<Field, string | null>>;
  values: Record<string, RoadClass | null>;
  preview: boolean;
}

/** The file as the request's body (a 500 MB extract is streamed, not wrapped in a form), the choices in the query, run as a job. */
function sendNetwork(file: File, c: Choices, onProgress: (done: number, total: number) => void) {
  const q = new URLSearchParams({ name: file.name, mode: c.mode, preview: String(c.preview) });
  if (c.crs !== 'auto') q.set('crs', c.crs);
  const mapping = { ...c.fields, ...(Object.keys(c.values).length ? { values: c.values } : {}) };
  if (Object.keys(mapping).length) q.set('mapping', JSON.stringify(mapping));
  return sendAsJob<NetworkRead>(apiUrl(`/roads/import?${q}`), { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } }, onProgress, 'road-import');
}

const FORMAT_NAMES = { 'osm.pbf': 'OpenStreetMap .osm.pbf', geojson: 'GeoJSON', shapefile: 'Shapefile' } as const;

function downloadReport(read: NetworkRead, t: Translate, name: string) {
  const rows: (string | number)[][] = [
    ...read.rejected.map((r) => [r.feature, r.key, r.reason]),
    ...read.values.map((v) => [t('network.import.col.value'), v.value, `${v.class ? t(`roadClass.${v.class}`) : t('network.import.skip')} × ${v.count}`]),
  ];
  const columns = [t('network.import.col.feature'), 'key', t('network.import.col.reason')].map((header, i) => ({ header, width: [12, 24, 60][i] }));
  downloadFile(xlsxBytes({ name: t('network.import.reportSheet'), columns, rows }), XLSX_TYPE, t('network.import.reportFile', { name: name.replace(/\..*$/, '') }));
}

/**
 * 导入路网: an OSM extract, GeoJSON or a zipped Shapefile; merge or replace; a preview of what it
 * reads (classes by value, which the user may change, fields for files that are not OSM) and what
 * it does to the network; then, confirmed, the swap and the analyses, followed as a job.
 */
export function RoadImportDialog({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [crs, setCrs] = useState<InputCrs | 'auto'>('auto');
  const [fields, setFields] = useState<Partial<Record<Field, string | null>>>({});
  const [values, setValues] = useState<Record<string, RoadClass | null>>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  // The choices of the last preview: confirming imports what was previewed, nothing since changed.
  const choices = JSON.stringify({ mode, crs, fields, values });
  const [previewed, setPreviewed] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (preview: boolean) => {
      setProgress(null);
      if (preview) setPreviewed(choices);
      return sendNetwork(file!, { mode, crs, fields, values, preview }, (done, total) => setProgress({ done, total }));
    },
    onSuccess: (r) => (r.preview ? undefined : onDone()),
  });
  const changed = () => run.reset();
  const result = run.data;
  // A refusal with what was read (no class known): the mapping form from it.
  const refusedRead = run.error instanceof ApiRequestError ? (run.error.extra.read as NetworkRead | undefined) : undefined;
  const read = result ?? refusedRead;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) run.mutate(true);
  };
  const pct = progress && progress.total > 0 ? Math.min(99, Math.floor((100 * progress.done) / progress.total)) : null;

  return (
    <Dialog title={t('network.import.title')} onClose={onClose} testId="road-import-dialog">
      <form className="form import-form" onSubmit={submit}>
        <div className="import-help">
          <p>{t('network.import.help1')}</p>
          <p>{t('network.import.help2')}</p>
          <p>{t('network.import.help3')}</p>
        </div>
        <FormField label={t('network.import.file')}>
          <input
            type="file"
            data-testid="road-import-file"
            accept=".pbf,.osm.pbf,.geojson,.json,.zip"
            required
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFields({});
              setValues({});
              changed();
            }}
          />
        </FormField>
        <fieldset className="import-mode">
          <legend>{t('network.import.mode')}</legend>
          {(['merge', 'replace'] as const).map((m) => (
            <label key={m} className="check param-check">
              <input type="radio" name="mode" value={m} data-testid={`road-import-mode-${m}`} checked={mode === m} onChange={() => (setMode(m), changed())} />
              <span>{t(`network.import.mode.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        <CrsSelect testId="road-import-crs" value={crs} onChange={(c) => (setCrs(c), changed())} />
        {read && read.format !== 'osm.pbf' && read.fields.length > 0 && (
          <fieldset className="import-mapping" data-testid="road-import-fields">
            <legend>{t('network.import.fields')}</legend>
            {FIELDS.map((f) => (
              <FormField key={f} label={t(`network.import.field.${f}`)}>
                <select
                  data-testid={`road-import-field-${f}`}
                  value={(f in fields ? fields[f] : read.mapping[f]) ?? ''}
                  onChange={(e) => setFields({ ...fields, [f]: e.target.value || null })}
                >
                  <option value="">{t('network.import.field.none')}</option>
                  {read.fields.map((x) => (
                    <option key={x} value={x}>
                      {x}
                    </option>
                  ))}
                </select>
              </FormField>
            ))}
          </fieldset>
        )}
        {read && read.values.length > 0 && (
          <fieldset className="import-mapping" data-testid="road-import-values">
            <legend>{t('network.import.values')}</legend>
            <p>{t('network.import.valuesHelp', { field: read.mapping.class ?? '—' })}</p>
            {read.values.map((v) => (
              <FormField key={v.value} label={`${v.value || '—'}（${v.count}）`}>
                <select
                  data-testid={`road-import-value-${v.value}`}
                  value={(v.value in values ? values[v.value] : v.class) ?? ''}
                  onChange={(e) => setValues({ ...values, [v.value]: (e.target.value || null) as RoadClass | null })}
                >
                  <option value="">{t('network.import.skip')}</option>
                  {ROAD_CLASSES.map((c) => (
                    <option key={c} value={c}>
                      {t(`roadClass.${c}`)}
                    </option>
                  ))}
                </select>
              </FormField>
            ))}
          </fieldset>
        )}
        {run.isPending && (
          <p className="import-progress" data-testid="road-import-progress">
            {pct !== null && <progress max={100} value={pct} />}
            <span>{pct !== null ? t('network.import.progress', { pct }) : t('network.import.working')}</span>
          </p>
        )}
        {run.isError && (
          <p className="form-error" role="alert" data-testid="road-import-error">
            {t('network.import.error', { message: run.error.message })}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="link-button" onClick={onClose}>
            {t(result && !result.preview ? 'import.close' : 'import.cancel')}
          </button>
          {result?.preview && previewed === choices ? (
            <button type="button" className="button" data-testid="road-import-confirm" disabled={run.isPending} onClick={() => run.mutate(false)}>
              {t('network.import.confirm', { n: result.network.added })}
            </button>
          ) : (
            <button type="submit" className="button" data-testid="road-import-submit" disabled={run.isPending || (!!result && !result.preview)}>
              {run.isPending ? t('network.import.working') : t(read ? 'network.import.previewAgain' : 'network.import.preview')}
            </button>
          )}
        </div>
      </form>
      {result && <NetworkReport read={result} name={file?.name ?? 'network'} t={t} />}
    </Dialog>
  );
}

function NetworkReport({ read, name, t }: { read: NetworkRead; name: string; t: Translate }) {
  const n = read.network;
  return (
    <section className={read.preview ? 'import-report import-preview' : 'import-report'} data-testid={read.preview ? 'road-import-preview' : 'road-import-report'} data-added={n.added} data-removed={n.removed} data-intersections={read.intersections ?? ''} aria-live="polite">
      <p className="import-result">
        {read.preview
          ? t('network.import.willChange', { before: n.before, removed: n.removed, synthetic: n.removedSynthetic, added: n.added, after: n.after })
          : t('network.import.done', { removed: n.removed, added: n.added, roads: n.roads ?? n.after, synthetic: n.synthetic ?? 0, intersections: read.intersections ?? 0, deficient: read.deficient ?? 0, seconds: Math.round((read.ms ?? 0) / 1000) })}
        {!read.preview && read.obstaclesRemoved ? ` ${t('network.import.obstacles', { n: read.obstaclesRemoved })}` : null}
      </p>
      <p className="import-read" data-testid="road-import-read">
        {t('network.import.read', { format: FORMAT_NAMES[read.format], read: read.read, kept: read.kept, outside: read.outside, unmapped: read.unmapped, notLines: read.notLines, rejected: read.rejectedCount })}{' '}
        {read.crs.from === 'form' ? t('network.import.crs.form', { crs: t(`import.crs.${read.crs.crs ?? 'wgs84'}`) }) : t(`network.import.crs.${read.crs.from}`)}
      </p>
      {read.byClass.length > 0 && (
        <table className="effect-table" data-testid="road-import-classes">
          <caption>{t('network.import.byClass')}</caption>
          <thead>
            <tr>
              <th>{t('network.import.col.class')}</th>
              <th>{t('network.import.col.roads')}</th>
              <th>{t('network.import.col.km')}</th>
            </tr>
          </thead>
          <tbody>
            {read.byClass.map((c) => (
              <tr key={c.class}>
                <td>{t(`roadClass.${c.class}`)}</td>
                <td>{c.roads}</td>
                <td>{c.km}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {read.rejected.length > 0 && (
        <details data-testid="road-import-rejected">
          <summary>
            {t('network.import.rejected')}（{read.rejectedCount}）
          </summary>
          <ul>
            {read.rejected.slice(0, 50).map((r) => (
              <li key={r.feature}>
                #{r.feature}：{r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <button type="button" className="link-button" data-testid="road-import-report-xlsx" onClick={() => downloadReport(read, t, name)}>
          {t('network.import.reportDownload')}
        </button>
      </p>
    </section>
  );
}
