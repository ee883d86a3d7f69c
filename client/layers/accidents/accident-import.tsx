import { useQueryClient } from '@tanstack/react-query';
import { ACCIDENT_COLUMNS, ACCIDENT_WRITERS } from '@shared/accidents/accident-columns';
import { ImportDialog, ImportOpener, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';

/** `existing` checked sends existing=update (a 事故编号 already stored is written over, not skipped). */
const uploadAccidents = multipartUpload('/accidents/import', { existing: 'update' });

/** 导入事故: a brigade's accident export, previewed row by row, then saved; every analysis then reads the new data. */
function AccidentImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <ImportDialog
      title={t('accidents.import.title')}
      testId="accident-import"
      help={
        <>
          <p>{t('accidents.import.required')}</p>
          <p>{t('accidents.import.optional')}</p>
          <p>{t('accidents.import.after')}</p>
        </>
      }
      sheet={{ columns: ACCIDENT_COLUMNS, fieldPrefix: 'accidents.import.field', templateName: t('accidents.import.templateName') }}
      fileLabel={t('accidents.import.file')}
      accept=".xlsx,.csv"
      options={[{ name: 'existing', label: t('accidents.import.existing') }]}
      upload={uploadAccidents}
      // Everything the map shows reads the accidents: the layer, hotspots, segments, the grid.
      onSaved={() => queryClient.invalidateQueries()}
      onClose={onClose}
    />
  );
}

/** The 导入事故 button for those who may import (ACCIDENT_WRITERS, as the API checks), and its dialog. */
export function AccidentImport({ role }: { role: string | undefined }) {
  const { t } = useI18n();
  if (!(ACCIDENT_WRITERS as readonly (string | undefined)[]).includes(role)) return null;
  return (
    <div className="hotspot-export">
      <ImportOpener label={t('accidents.import.open')} testId="accident-import-open">
        {(close) => <AccidentImportDialog onClose={close} />}
      </ImportOpener>
    </div>
  );
}
