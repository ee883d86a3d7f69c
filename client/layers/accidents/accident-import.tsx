import { useQueryClient } from '@tanstack/react-query';
import { ACCIDENT_COLUMNS } from '@shared/accidents/accident-columns';
import { columnLabel, ImportDialog, ImportOpener, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';

/** `existing` checked sends existing=update (a 事故编号 already stored is written over, not skipped). */
const uploadAccidents = multipartUpload('/accidents/import', { existing: 'update' });

const fieldLabel = columnLabel(ACCIDENT_COLUMNS, 'accidents.import.field');

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
      template={{ fileName: t('accidents.import.templateName'), headers: Object.values(ACCIDENT_COLUMNS).map((names) => names[0]) }}
      fileLabel={t('accidents.import.file')}
      accept=".xlsx,.csv"
      options={[{ name: 'existing', label: t('accidents.import.existing') }]}
      columns={ACCIDENT_COLUMNS}
      upload={uploadAccidents}
      // Everything the map shows reads the accidents: the layer, hotspots, segments, the grid.
      onSaved={() => queryClient.invalidateQueries()}
      fieldLabel={fieldLabel}
      onClose={onClose}
    />
  );
}

/** The 导入事故 button for those who may import (officers, admins), and its dialog. */
export function AccidentImport({ role }: { role: string | undefined }) {
  const { t } = useI18n();
  if (role !== 'officer' && role !== 'admin') return null;
  return (
    <div className="hotspot-export">
      <ImportOpener label={t('accidents.import.open')} testId="accident-import-open">
        {(close) => <AccidentImportDialog onClose={close} />}
      </ImportOpener>
    </div>
  );
}
