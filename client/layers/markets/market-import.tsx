import { useQueryClient } from '@tanstack/react-query';
import { COLUMNS } from '@shared/markets/market-columns';
import { ImportDialog, multipartUpload } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';

const uploadMarkets = multipartUpload('/markets/import');

/** A rejected row's field by the column it came from (名称, 集日 …); `geometry` is a GeoJSON feature's stretch. */
function fieldLabel(field: string | undefined, t: Translate): string {
  if (!field) return '—';
  if (field in COLUMNS) return COLUMNS[field as keyof typeof COLUMNS][0];
  return translateOr(t, `market.import.field.${field}`, field);
}

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
      template={{ fileName: t('market.import.templateName'), headers: Object.values(COLUMNS).map((names) => names[0]) }}
      fileLabel={t('market.import.file')}
      accept=".csv,.xlsx,.geojson,.json"
      upload={uploadMarkets}
      // The list, the week, the analysis and each market's card.
      onSaved={() => queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'markets' || q.queryKey[0] === 'market' })}
      fieldLabel={fieldLabel}
      onClose={onClose}
    />
  );
}
