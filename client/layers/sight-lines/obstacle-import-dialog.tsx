import { apiFetch, apiUrl, toError } from '@client/api/http';
import { ImportDialog, type ImportChoices } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
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
  const refresh = useRefreshSight();
  const upload = async (file: File, { crs }: ImportChoices): Promise<ObstacleImportReport> => {
    const body = await readGeoJson(file, t);
    const response = await apiFetch(apiUrl(`/obstacles/import?crs=${crs === 'auto' ? 'wgs84' : crs}`), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
    if (!response.ok) throw await toError(response);
    return (await response.json()) as ObstacleImportReport;
  };
  return (
    <ImportDialog
      previews={false}
      title={t('sight.import.title')}
      testId="obstacle-import"
      help={<p>{t('sight.import.help')}</p>}
      fileLabel={t('sight.import.file')}
      accept=".geojson,.json,application/geo+json,application/json"
      upload={upload}
      onSaved={refresh}
      kind="feature"
      fieldLabel={importFieldLabel}
      resultText={(report) => t('import.resultFeatures', { saved: report.saved, rejected: report.rejected })}
      savedPart={(report) =>
        report.bbox && (
          <ImportedOnMap
            cuts={report.cuts}
            onShow={(id) => {
              onShow(report.bbox!, id);
              onClose();
            }}
          />
        )
      }
      onClose={onClose}
    />
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
