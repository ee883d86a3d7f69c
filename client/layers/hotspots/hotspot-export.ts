import type { Locale, Translate } from '@client/i18n/locale';
import { XLSX_TYPE, xlsxBytes, type CellValue, type XlsxColumn } from '@shared/excel/xlsx-writer';
import { downloadFile } from '@client/export/download';
import type { MessageKey } from '@client/i18n/zh';
import { ruleName, type HotspotRow } from './hotspot-rows';
import type { HotspotResult, SegmentProperties } from './hotspot-types';

/** 事故多发点_2025-11-01_2026-10-31.xlsx: the method and the window the result was asked for. */
export function exportFileName(result: HotspotResult, t: Translate, ext: string): string {
  const meta = result.method === 'clusters' ? undefined : result.collection.meta;
  const asked = new URLSearchParams(result.search);
  const from = asked.get('from') ?? meta?.from ?? null;
  const to = asked.get('to') ?? meta?.to ?? null;
  const dates = from && to ? `_${from}_${to}` : '';
  return `${t(`export.file.${result.method}`)}${dates}.${ext}`;
}

type Column = { key: MessageKey; width?: number; percent?: boolean; value(row: HotspotRow): CellValue };

const num = (v: number | null | undefined) => (typeof v === 'number' ? v : null);

function columns(result: HotspotResult, t: Translate, locale: Locale): Column[] {
  const rank: Column = { key: 'export.col.rank', width: 6, value: (r) => r.rank };
  const lon: Column = { key: 'export.col.lon', width: 11, value: (r) => num(r.centroid?.[0]) };
  const lat: Column = { key: 'export.col.lat', width: 11, value: (r) => num(r.centroid?.[1]) };
  const count: Column = { key: 'export.col.count', width: 9, value: (r) => r.count };
  const severity: Column[] = [
    { key: 'export.col.fatal', value: (r) => num(r.severity?.fatal) },
    { key: 'export.col.injury', value: (r) => num(r.severity?.injury) },
    { key: 'export.col.pdo', value: (r) => num(r.severity?.pdo) },
    { key: 'export.col.deaths', value: (r) => num(r.severity?.deaths) },
    { key: 'export.col.injuries', value: (r) => num(r.severity?.injuries) },
    { key: 'export.col.epdo', width: 8, value: (r) => num(r.severity?.epdo) },
    { key: 'export.col.nightShare', percent: true, value: (r) => num((r.feature.properties as { nightShare?: number }).nightShare) },
  ];
  const trend: Column = { key: 'export.col.trend', value: (r) => (r.trend ? t(`hotspot.trend.${r.trend}`, { years: r.trendYears ?? 0 }) : null) };
  switch (result.method) {
    case 'clusters':
      return [
        rank,
        { key: 'export.col.place', width: 18, value: (r) => r.place },
        lon,
        lat,
        count,
        ...severity,
        { key: 'export.col.previous', value: (r) => num((r.feature.properties as { previous?: { count: number } }).previous?.count) },
        { key: 'export.col.change', value: (r) => num(r.change?.count) },
        { key: 'export.col.changePercent', value: (r) => num(r.change?.percent) },
        trend,
      ];
    case 'segments': {
      const seg = (r: HotspotRow) => r.feature.properties as SegmentProperties;
      return [
        rank,
        { key: 'export.col.road', width: 22, value: (r) => r.place },
        { key: 'export.col.start', value: (r) => num(seg(r).start) },
        { key: 'export.col.end', value: (r) => num(seg(r).end) },
        { key: 'export.col.length', value: (r) => num(seg(r).length) },
        lon,
        lat,
        count,
        ...severity,
        { key: 'export.col.rules', width: 30, value: (r) => (seg(r).rules ?? []).map((rule) => ruleName(rule, locale)).join(locale === 'zh' ? '；' : '; ') || null },
        trend,
      ];
    }
    case 'grid':
      return [
        rank,
        { key: 'export.col.cell', value: (r) => r.key },
        { key: 'export.col.place', width: 18, value: (r) => r.place },
        lon,
        lat,
        count,
        { key: 'export.col.gi', value: (r) => num(r.gi?.z) },
        { key: 'export.col.p', value: (r) => num(r.gi?.p) },
        { key: 'export.col.bin', width: 16, value: (r) => (r.gi ? t(`legend.gi.${r.gi.bin}` as MessageKey) : null) },
      ];
  }
}

export function downloadGeojson(result: HotspotResult, fileName: string): void {
  downloadFile(JSON.stringify(result.collection), 'application/geo+json', fileName);
}

/** One row per hotspot, as the list shows them, with the counts by severity. */
export function downloadXlsx(result: HotspotResult, rows: readonly HotspotRow[], t: Translate, locale: Locale, fileName: string): void {
  const cols = columns(result, t, locale);
  const sheetColumns: XlsxColumn[] = cols.map((c) => ({ header: t(c.key), width: c.width, percent: c.percent }));
  const bytes = xlsxBytes({
    name: t(`export.file.${result.method}`),
    columns: sheetColumns,
    rows: rows.map((row) => cols.map((c) => c.value(row))),
  });
  downloadFile(bytes, XLSX_TYPE, fileName);
}
