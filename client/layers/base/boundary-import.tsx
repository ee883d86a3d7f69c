import { bodyUpload, ImportDialog, type ImportReport, type ImportReportRow } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';

/** A boundary import's row: a feature, the township it was matched to, and how (docs/API.md). */
interface BoundaryRow extends ImportReportRow {
  township?: string;
  matchedBy?: 'code' | 'name';
}
type BoundaryReport = ImportReport<BoundaryRow> & { approximateLeft?: number };

const uploadBoundaries = bodyUpload<BoundaryReport>('/jurisdictions/import');

/**
 * 导入镇街边界: township areas (GeoJSON or a zipped Shapefile); the preview shows which township
 * each area was matched to and how (code or name) for confirmation; saved, they replace the
 * approximate cells and what is filed by township is placed again.
 */
export function BoundaryImportDialog({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const matches = (report: BoundaryReport) => (
    <ul className="import-matches" data-testid="boundary-import-matches">
      {report.rows
        .filter((r) => r.status === 'saved')
        .map((r) => (
          <li key={r.feature}>{t('boundary.match', { feature: r.feature ?? 0, township: r.township ?? '', by: t(`boundary.by.${r.matchedBy ?? 'name'}`) })}</li>
        ))}
    </ul>
  );
  return (
    <ImportDialog<BoundaryReport>
      title={t('boundary.title')}
      testId="boundary-import"
      help={
        <>
          <p>{t('boundary.help1')}</p>
          <p>{t('boundary.help2')}</p>
        </>
      }
      fileLabel={t('boundary.file')}
      accept=".geojson,.json,.zip"
      kind="feature"
      upload={uploadBoundaries}
      fieldLabel={(field) => t(field === 'name' ? 'boundary.field.name' : 'boundary.field.geometry')}
      resultText={(report) => t('boundary.result', { saved: report.saved, rejected: report.rejected, left: report.approximateLeft ?? 0 })}
      previewPart={matches}
      savedPart={matches}
      onSaved={onDone}
      onClose={onClose}
    />
  );
}
