import { useQueryClient } from '@tanstack/react-query';
import { COLUMNS } from '@shared/markets/market-columns';
import { ImportDialog, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';

const uploadMarkets = multipartUpload('/markets/import');

/** 导入集市: a brigade's market list (CSV, .xlsx or GeoJSON), each row saved or sent back with its column and why. */
export function MarketImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <ImportDialog
      title={t('market.import.title')}
      testId="market-import"
      help={
        <>
          <p>{t('market.import.required')}</p>
          <p>{t('market.import.optional')}</p>
          <p>{t('market.import.geojson')}</p>
        </>
      }
      sheet={{ columns: COLUMNS, fieldPrefix: 'market.import.field', templateName: t('market.import.templateName') }}
      fileLabel={t('market.import.file')}
      accept=".csv,.xlsx,.geojson,.json"
      upload={uploadMarkets}
      // The list, the week, the analysis and each market's card.
      onSaved={() => queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'markets' || q.queryKey[0] === 'market' })}
      onClose={onClose}
    />
  );
}
