import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiFetch, apiUrl, toError } from '@client/api/http';
import { Dialog } from '@client/app/dialog';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { ImportRejections } from '@client/app/import-rejections';
import { useRefreshSight } from './obstacle-writes';

/** `POST /api/obstacles/import` (docs/API.md, "Sight lines"): each feature saved whole or reported with the field and why. */
export interface ObstacleImportReport {
  saved: number;
  rejected: number;
  rows: { feature: number; status: 'saved' | 'rejected'; id?: number; field?: string; reason?: string; rule?: string }[];
  /** The saved obstacles' box (west, south, east, north), null when none was saved. */
  bbox: [number, number, number, number] | null;
  /** The intersections whose sight triangles they cut, worst first (at most 100). */
  cuts: number[];
}

/** How many of the cut intersections the report offers to open. */
const CUTS_SHOWN = 8;

const INPUT_CRS = ['wgs84', 'gcj02', 'bd09'] as const;
type InputCrs = (typeof INPUT_CRS)[number];

/** A rejected feature's field as the form names it; an unknown one as the API sent it. */
const FIELD_LABEL: Record<string, MessageKey> = {
  type: 'sight.draw.type',
  height: 'sight.draw.height',
  note: 'sight.draw.note',
  geometry: 'sight.import.field.geometry',
};

export function importFieldLabel(field: string | undefined, t: Translate): string {
  if (!field) return '—';
  return field in FIELD_LABEL ? t(FIELD_LABEL[field]) : field;
}

/** The file's JSON, read here so that a file that is not JSON is said in the user's language before any upload. */
async function readGeoJson(file: File, t: Translate): Promise<string> {
  const text = await file.text();
  try {
    JSON.parse(text);
  } catch (e) {
    throw new Error(t('sight.import.notJson', { message: (e as Error).message }));
  }
  return text;
}

/** 导入遮挡物: a GeoJSON FeatureCollection of polygons (properties type, height, note), and the server's report per feature. */
interface ObstacleImportDialogProps {
  onClose(): void;
  /** Shows the saved obstacles on the map: their box, or (`id`) one intersection they cut, opened. */
  onShow(bbox: [number, number, number, number], id: number | null): void;
}

export function ObstacleImportDialog({ onClose, onShow }: ObstacleImportDialogProps) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<InputCrs>('wgs84');
  const refresh = useRefreshSight();
  const upload = useMutation({
    mutationFn: async ({ file, crs }: { file: File; crs: InputCrs }): Promise<ObstacleImportReport> => {
      const body = await readGeoJson(file, t);
      const response = await apiFetch(apiUrl(`/obstacles/import?crs=${crs}`), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
      if (!response.ok) throw await toError(response);
      return (await response.json()) as ObstacleImportReport;
    },
    onSuccess: (report) => (report.saved > 0 ? refresh() : undefined),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ file, crs });
  };
  const report = upload.data;
  const rejected = report?.rows.filter((r) => r.status === 'rejected') ?? [];

  return (
    <Dialog title={t('sight.import.title')} onClose={onClose} testId="obstacle-import-dialog">
      <form className="form import-form" onSubmit={submit}>
        <div className="import-help">
          <p>{t('sight.import.help')}</p>
        </div>
        <FormField label={t('sight.import.file')}>
          <input
            type="file"
            name="file"
            data-testid="obstacle-import-file"
            accept=".geojson,.json,application/geo+json,application/json"
            required
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              upload.reset();
            }}
          />
        </FormField>
        <FormField label={t('ledger.import.crs')}>
          <select name="crs" value={crs} onChange={(e) => setCrs(e.target.value as InputCrs)}>
            {INPUT_CRS.map((c) => (
              <option key={c} value={c}>
                {t(`ledger.import.crs.${c}`)}
              </option>
            ))}
          </select>
        </FormField>
        {upload.isError && (
          <p className="form-error" role="alert" data-testid="obstacle-import-error">
            {t('ledger.import.error', { message: upload.error.message })}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="link-button" onClick={onClose}>
            {t(report ? 'ledger.import.close' : 'hazard.cancel')}
          </button>
          <button type="submit" className="button" data-testid="obstacle-import-submit" disabled={upload.isPending}>
            {upload.isPending ? t('ledger.import.uploading') : t('ledger.import.submit')}
          </button>
        </div>
      </form>
      {report && (
        <section className="import-report" data-testid="obstacle-import-report" data-saved={report.saved} data-rejected={report.rejected} aria-live="polite">
          <p className="import-result">{t('sight.import.result', { saved: report.saved, rejected: report.rejected })}</p>
          {report.bbox && (
            <ImportedOnMap
              cuts={report.cuts}
              onShow={(id) => {
                onShow(report.bbox!, id);
                onClose();
              }}
            />
          )}
          {rejected.length > 0 && (
            <ImportRejections kind="feature" rows={rejected.map((r) => ({ ...r, at: r.feature }))} fieldLabel={importFieldLabel} testId="obstacle-import-rejected" />
          )}
        </section>
      )}
    </Dialog>
  );
}

/** 在地图上查看, and the intersections the new obstacles cut, each a click from its card. */
function ImportedOnMap({ cuts, onShow }: { cuts: readonly number[]; onShow(id: number | null): void }) {
  const { t } = useI18n();
  return (
    <div className="import-saved" data-testid="obstacle-import-place">
      <button type="button" className="chip" data-testid="obstacle-import-show" onClick={() => onShow(null)}>
        {t('sight.import.show')}
      </button>
      {cuts.length > 0 && <span>{t('sight.import.cuts', { count: cuts.length })}</span>}
      {cuts.slice(0, CUTS_SHOWN).map((id) => (
        <button key={id} type="button" className="link-button" data-testid="obstacle-import-cut" data-id={id} onClick={() => onShow(id)}>
          {t('sight.import.cut', { id: String(id) })}
        </button>
      ))}
    </div>
  );
}
