import { downloadFile } from '@client/export/download';
import { XLSX_TYPE, xlsxBytes, type CellValue } from '@shared/excel/xlsx-writer';
import type { Locale, Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { localName } from '../hazards/hazard-labels';
import { severityOf } from './sight-filter';
import type { IntersectionFeature } from './sight-types';

type Column = { key: MessageKey; width?: number; percent?: boolean; value(f: IntersectionFeature, rank: number): CellValue };

function columns(t: Translate, locale: Locale): Column[] {
  const p = (f: IntersectionFeature) => f.properties;
  const severityName = (props: IntersectionFeature['properties']) => {
    const s = severityOf(props);
    return s && t(`sight.severity.${s}`);
  };
  return [
    { key: 'sight.export.rank', width: 6, value: (_, rank) => rank },
    { key: 'sight.export.id', width: 9, value: (f) => f.id },
    { key: 'sight.export.county', width: 12, value: (f) => p(f).county && localName(p(f).county!, locale) },
    { key: 'sight.export.township', width: 14, value: (f) => p(f).township && localName(p(f).township!, locale) },
    { key: 'sight.export.roads', width: 28, value: (f) => p(f).roads?.join('、') || null },
    { key: 'sight.export.kind', width: 12, value: (f) => t(`sight.kind.${p(f).kind}`) },
    { key: 'sight.export.severity', value: (f) => severityName(p(f)) },
    { key: 'sight.export.required', value: (f) => p(f).required },
    { key: 'sight.export.available', value: (f) => p(f).available },
    { key: 'sight.export.shortfall', value: (f) => p(f).shortfall },
    { key: 'sight.export.share', percent: true, value: (f) => p(f).obstructedShare },
    { key: 'sight.export.method', width: 24, value: (f) => p(f).method && t(`sight.method.${p(f).method!}`) },
    { key: 'sight.export.lon', width: 11, value: (f) => f.geometry.coordinates[0] },
    { key: 'sight.export.lat', width: 11, value: (f) => f.geometry.coordinates[1] },
  ];
}

/** 视距不足路口_东阿县.xlsx: the list as filtered, worst first. */
export function downloadSightXlsx(rows: readonly IntersectionFeature[], place: string, t: Translate, locale: Locale): void {
  const cols = columns(t, locale);
  const bytes = xlsxBytes({
    name: t('sight.export.file'),
    columns: cols.map((c) => ({ header: t(c.key), width: c.width, percent: c.percent })),
    rows: rows.map((f, i) => cols.map((c) => c.value(f, i + 1))),
  });
  downloadFile(bytes, XLSX_TYPE, `${t('sight.export.file')}${place ? `_${place}` : ''}.xlsx`);
}
