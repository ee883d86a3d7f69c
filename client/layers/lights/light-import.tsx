import { useQueryClient } from '@tanstack/react-query';
import { LIGHT_COLUMNS } from '@shared/lights/light-terms';
import { ImportDialog, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';

const uploadLights = multipartUpload('/lights/import');

/** 导入照明设施: a brigade's list of lights (CSV, .xlsx or GeoJSON), each row saved or sent back with its column and why. */
export function LightImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <ImportDialog
      title={t('lights.import.title')}
      testId="light-import"
      help={
        <>
          <p>{t('lights.import.required')}</p>
          <p>{t('lights.import.optional')}</p>
          <p>{t('lights.import.geojson')}</p>
        </>
      }
      sheet={{ columns: LIGHT_COLUMNS, fieldPrefix: 'lights.import.field', templateName: t('lights.import.templateName') }}
      fileLabel={t('lights.import.file')}
      accept=".csv,.xlsx,.geojson,.json"
      upload={uploadLights}
      onSaved={() => queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'lights' || q.queryKey[0] === 'light' })}
      onClose={onClose}
    />
  );
}
