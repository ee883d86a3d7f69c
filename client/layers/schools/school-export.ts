import { downloadFile } from '@client/export/download';
import type { Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { XLSX_TYPE, xlsxBytes, type CellValue } from '@shared/excel/xlsx-writer';
import { schoolState } from './school-colors';
import type { SchoolFeature } from './school-types';

type Column = { key: MessageKey; width?: number; value(f: SchoolFeature): CellValue };

function columns(t: Translate): Column[] {
  const p = (f: SchoolFeature) => f.properties;
  return [
    { key: 'school.export.name', width: 26, value: (f) => p(f).name },
    { key: 'school.export.county', width: 12, value: (f) => p(f).county },
    { key: 'school.export.township', width: 14, value: (f) => p(f).township },
    { key: 'school.export.state', width: 14, value: (f) => t(`school.state.${schoolState(p(f))}`) },
    { key: 'school.export.gates', value: (f) => p(f).gates },
    { key: 'school.export.guardPosts', value: (f) => p(f).guardPosts },
    { key: 'school.export.lastAudit', width: 12, value: (f) => p(f).lastAudit?.doneOn },
    { key: 'school.export.failed', value: (f) => p(f).lastAudit?.failed },
    { key: 'school.export.openHazards', value: (f) => p(f).openHazards },
    { key: 'school.export.synthetic', value: (f) => (p(f).synthetic ? t('school.synthetic') : null) },
    { key: 'school.export.lon', width: 11, value: (f) => f.geometry.coordinates[0] },
    { key: 'school.export.lat', width: 11, value: (f) => f.geometry.coordinates[1] },
  ];
}

/** 校园周边_东阿县.xlsx: the schools as listed. */
export function downloadSchoolXlsx(rows: readonly SchoolFeature[], place: string, t: Translate): void {
  const cols = columns(t);
  const bytes = xlsxBytes({
    name: t('school.export.file'),
    columns: cols.map((c) => ({ header: t(c.key), width: c.width })),
    rows: rows.map((f) => cols.map((c) => c.value(f))),
  });
  downloadFile(bytes, XLSX_TYPE, `${t('school.export.file')}${place ? `_${place}` : ''}.xlsx`);
}
