import { useQueryClient } from '@tanstack/react-query';
import { COLUMNS } from '@shared/schools/school-columns';
import { ImportDialog, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';

const uploadSchools = multipartUpload('/schools/import');

/** A rejected row's field by the column it came from (学校名称, 校门经度 …); `geometry` is a GeoJSON feature that is no point. */
function fieldLabel(field: string | undefined, t: Translate): string {
  if (!field) return '—';
  if (field in COLUMNS) return COLUMNS[field as keyof typeof COLUMNS][0];
  return translateOr(t, `school.import.field.${field}`, field);
}

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
      template={{ fileName: t('school.import.templateName'), headers: Object.values(COLUMNS).map((names) => names[0]) }}
      fileLabel={t('school.import.file')}
      accept=".csv,.xlsx,.geojson,.json"
      options={[{ name: 'allowDuplicates', label: t('school.import.allowDuplicates') }]}
      upload={uploadSchools}
      onSaved={() => queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'schools' || q.queryKey[0] === 'school' })}
      fieldLabel={fieldLabel}
      onClose={onClose}
    />
  );
}
