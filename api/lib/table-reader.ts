import { parseRows } from '@data/generator/csv';
import { strFromU8 } from 'fflate';
import { InflateLimitError, unzipLimited } from './zip-reader';

/**
 * A sheet as rows of cell texts, row i being the sheet's row i + 1 (blank rows stay, empty, so
 * reports can name rows as the user sees them); row 0 is the header. Numbers come as their text,
 * Excel dates as `YYYY-MM-DD` when the cell is date-formatted.
 */
export type Table = string[][];

/** How much a workbook's sheets, strings and styles may unpack to: a few MB of .xlsx is tens of MB of XML. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** A workbook that unpacks to more than the limit (a zip bomb, or more than an import takes). */
export class WorkbookTooLargeError extends Error {}

/**
 * Reads the first sheet of an .xlsx workbook or a CSV file (UTF-8, with or without BOM, or the
 * GB18030/GBK that Chinese Excel writes). Throws an Error saying what is wrong with the file, a
 * WorkbookTooLargeError when its parts unpack to more than `maxInflatedBytes`.
 */
export function readTable(bytes: Uint8Array, filename: string, maxInflatedBytes = MAX_INFLATED_BYTES): Table {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) return readXlsx(bytes, maxInflatedBytes);
  if (/\.xlsx?$/i.test(filename)) throw new Error(`${filename} is not an .xlsx workbook (an old .xls? save it as .xlsx or CSV)`);
  return parseRows(decodeText(bytes));
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e.toLowerCase()],
  );

/** The text of every <t> in a piece of XML (shared strings and inline strings may be runs of rich text). */
const texts = (xml: string) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t\s*\/>/g)].map((m) => unescapeXml(m[1] ?? '')).join('');

/** Built-in number formats that are dates (14–22), and custom ones whose code looks like a date. */
function dateStyles(stylesXml: string | undefined): Set<number> {
  if (!stylesXml) return new Set();
  const custom = new Map([...stylesXml.matchAll(/<numFmt [^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"/g)].map((m) => [Number(m[1]), m[2]]));
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const out = new Set<number>();
  [...xfs.matchAll(/<xf\b[^>]*?numFmtId="(\d+)"/g)].forEach((m, i) => {
    const id = Number(m[1]);
    const code = custom.get(id) ?? '';
    if ((id >= 14 && id <= 22) || /(^|[^\\"])(y|d)/i.test(code.replace(/"[^"]*"/g, ''))) out.add(i);
  });
  return out;
}

/** Excel's day number (1900 system) as YYYY-MM-DD. */
const excelDate = (serial: number) => new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000).toISOString().slice(0, 10);

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

/** The parts of a workbook this reader uses (pictures and the like are left packed). */
const WORKBOOK_PARTS = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/;

function readXlsx(bytes: Uint8Array, maxInflatedBytes: number): Table {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipLimited(bytes, (name) => WORKBOOK_PARTS.test(name), maxInflatedBytes);
  } catch (e) {
    if (e instanceof InflateLimitError) {
      throw new WorkbookTooLargeError(`the workbook is too large unpacked: ${e.message} (at most ${maxInflatedBytes / 1048576} MB in all; split it, or save it as CSV)`);
    }
    throw new Error(`the workbook cannot be opened (a damaged .xlsx?): ${(e as Error).message}`);
  }
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : undefined);
  const workbook = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  const firstSheetRel = workbook && /<sheet\b[^>]*r:id="([^"]+)"/.exec(workbook)?.[1];
  const target = firstSheetRel && rels ? new RegExp(`<Relationship\\b[^>]*Id="${firstSheetRel}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] : undefined;
  const sheetPath = target ? `xl/${target.replace(/^\/?xl\//, '')}` : 'xl/worksheets/sheet1.xml';
  const sheet = text(sheetPath);
  if (!sheet) throw new Error('the workbook has no sheet');
  const shared = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
  const dates = dateStyles(text('xl/styles.xml'));
  const rows: Table = [];
  for (const r of sheet.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const at = Number(/\br="(\d+)"/.exec(r[1])?.[1] ?? rows.length + 1) - 1;
    while (rows.length < at) rows.push([]);
    const row: string[] = [];
    for (const c of r[2].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1];
      const body = c[2] ?? '';
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
      const type = /\bt="(\w+)"/.exec(attrs)?.[1];
      const style = Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? -1);
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value = '';
      if (type === 's') value = shared[Number(v)] ?? '';
      else if (type === 'inlineStr') value = texts(body);
      else if (v !== undefined) value = type === 'str' || type === 'b' || type === 'e' ? unescapeXml(v) : dates.has(style) ? excelDate(Number(v)) : v;
      const at = ref ? columnIndex(ref) : row.length;
      while (row.length < at) row.push('');
      row[at] = value;
    }
    rows.push(row);
  }
  return rows;
}
