import { POST_COLUMNS } from '@shared/roads/post-columns';
import { ImportDialog, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';

const uploadPosts = multipartUpload('/roads/posts/import');

/**
 * 导入公里桩: a road agency's kilometre posts (a sheet or GeoJSON points), previewed row by row,
 * then saved; accident records without coordinates are then placed between them along the road.
 */
export function PostImportDialog({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <ImportDialog
      title={t('posts.title')}
      testId="post-import"
      help={
        <>
          <p>{t('posts.help1')}</p>
          <p>{t('posts.help2')}</p>
        </>
      }
      sheet={{ columns: POST_COLUMNS, fieldPrefix: 'posts.field', templateName: t('posts.templateName') }}
      fileLabel={t('posts.file')}
      accept=".xlsx,.csv,.geojson,.json"
      upload={uploadPosts}
      onSaved={onDone}
      onClose={onClose}
    />
  );
}
