import { useQueryClient } from '@tanstack/react-query';
import { COLUMNS } from '@shared/schools/school-columns';
import { ImportDialog, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';

const uploadSchools = multipartUpload('/schools/import');

/** 导入学校: a school list (CSV, .xlsx or GeoJSON points), each row saved with its gate or sent back with its column and why. */
export function SchoolImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <ImportDialog
      title={t('school.import.title')}
      testId="school-import"
      help={
        <>
          <p>{t('school.import.required')}</p>
          <p>{t('school.import.optional')}</p>
          <p>{t('school.import.geojson')}</p>
        </>
      }
      sheet={{ columns: COLUMNS, fieldPrefix: 'school.import.field', templateName: t('school.import.templateName') }}
      fileLabel={t('school.import.file')}
      accept=".csv,.xlsx,.geojson,.json"
      options={[{ name: 'allowDuplicates', label: t('school.import.allowDuplicates') }]}
      upload={uploadSchools}
      onSaved={() => queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'schools' || q.queryKey[0] === 'school' })}
      onClose={onClose}
    />
  );
}
