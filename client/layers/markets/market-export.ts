import { downloadFile } from '@client/export/download';
import type { Locale, Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { XLSX_TYPE, xlsxBytes, type CellValue } from '@shared/excel/xlsx-writer';
import { localName } from '../hazards/hazard-labels';
import { marketRisk } from './market-colors';
import type { MarketAnalysis, MarketAnalysisRow } from './market-types';

type Column = { key: MessageKey; width?: number; value(r: MarketAnalysisRow, rank: number): CellValue };

function columns(t: Translate, locale: Locale): Column[] {
  return [
    { key: 'market.export.rank', width: 6, value: (_, rank) => rank },
    { key: 'market.export.name', width: 18, value: (r) => r.name },
    { key: 'market.export.county', width: 12, value: (r) => localName(r.county, locale) },
    { key: 'market.export.township', width: 14, value: (r) => r.township && localName(r.township, locale) },
    { key: 'market.export.trunk', width: 10, value: (r) => (r.trunk ? t('market.trunk') : null) },
    { key: 'market.export.marketDays', value: (r) => r.marketDays.days },
    { key: 'market.export.marketCrashes', value: (r) => r.marketDays.crashes },
    { key: 'market.export.marketPerDay', value: (r) => r.marketDays.perDay },
    { key: 'market.export.otherDays', value: (r) => r.otherDays.days },
    { key: 'market.export.otherCrashes', value: (r) => r.otherDays.crashes },
    { key: 'market.export.otherPerDay', value: (r) => r.otherDays.perDay },
    { key: 'market.export.ratio', value: (r) => r.ratio },
    { key: 'market.export.lo', value: (r) => r.ci?.[0] },
    { key: 'market.export.hi', value: (r) => r.ci?.[1] },
    { key: 'market.export.deaths', value: (r) => r.marketDays.deaths },
    { key: 'market.export.injuries', value: (r) => r.marketDays.injuries },
    { key: 'market.export.epdo', value: (r) => r.marketDays.epdo },
    { key: 'market.export.risk', width: 12, value: (r) => t(`market.risk.${marketRisk(r)}`) },
  ];
}

/** 马路市场集日分析_东阿县.xlsx: the ranking as shown, with the window and buffer in the sheet's name. */
export function downloadMarketXlsx(rows: readonly MarketAnalysisRow[], analysis: MarketAnalysis, place: string, t: Translate, locale: Locale): void {
  const cols = columns(t, locale);
  const bytes = xlsxBytes({
    name: t('market.export.sheet', { from: analysis.from, to: analysis.to, buffer: analysis.buffer }),
    columns: cols.map((c) => ({ header: t(c.key), width: c.width })),
    rows: rows.map((r, i) => cols.map((c) => c.value(r, i + 1))),
  });
  downloadFile(bytes, XLSX_TYPE, `${t('market.export.file')}${place ? `_${place}` : ''}.xlsx`);
}
