import { ImportDialog, multipartUpload, type ImportReport } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { OBSTACLE_COLUMNS } from '@shared/obstacles/obstacle-columns';
import { useRefreshSight } from './obstacle-writes';

/** `POST /api/obstacles/import` (docs/API.md, "Sight lines"): the row imports' report, and where the obstacles are. */
export interface ObstacleImportReport extends ImportReport {
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
  source: 'sight.import.field.source',
  observedOn: 'sight.import.field.observedOn',
};

export function importFieldLabel(field: string | undefined, t: Translate): string {
  if (!field) return '—';
  return field in FIELD_LABEL ? t(FIELD_LABEL[field]) : field;
}

/**
 * 导入遮挡物: a GeoJSON FeatureCollection of polygons or a sheet with the outlines as WKT, through
 * the imports' one dialog (template, preview with the intersections they would cut, confirm,
 * report), then shown on the map.
 */
interface ObstacleImportDialogProps {
  onClose(): void;
  /** Shows the saved obstacles on the map: their box, or (`id`) one intersection they cut, opened. */
  onShow(bbox: [number, number, number, number], id: number | null): void;
}

export function ObstacleImportDialog({ onClose, onShow }: ObstacleImportDialogProps) {
  const { t } = useI18n();
  const refresh = useRefreshSight();
  return (
    <ImportDialog
      title={t('sight.import.title')}
      testId="obstacle-import"
      help={<p>{t('sight.import.help')}</p>}
      fileLabel={t('sight.import.file')}
      accept=".geojson,.json,.xlsx,.csv,application/geo+json,application/json"
      sheet={{ columns: OBSTACLE_COLUMNS, fieldPrefix: 'sight.import.field', templateName: t('sight.import.templateName') }}
      upload={multipartUpload<ObstacleImportReport>('/obstacles/import')}
      onSaved={refresh}
      fieldLabel={importFieldLabel}
      previewPart={(report) =>
        report.cuts.length > 0 && (
          <p data-testid="obstacle-import-would-cut" data-count={report.cuts.length}>
            {t('sight.import.wouldCut', { count: report.cuts.length })}
          </p>
        )
      }
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
