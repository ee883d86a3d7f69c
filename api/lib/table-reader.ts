import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { InflateLimitError, unzipLimited } from './zip-reader';

/**
 * A sheet as rows of cell texts, row i being the sheet's row i + 1 (blank rows stay, empty, so
 * reports can name rows as the user sees them). Numbers come as their text, date cells as
 * `YYYY-MM-DD` (with ` HH:mm` when they hold a time), a merged cell's value in every cell it covers.
 */
export type Table = string[][];

/** How much a workbook's parts may unpack to: a few MB of .xlsx is tens of MB of XML. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** A workbook that unpacks to more than the limit (a zip bomb, or more than an import takes). */
export class WorkbookTooLargeError extends Error {}

/**
 * Reads the first sheet of an .xlsx workbook (exceljs) or a CSV file (csv-parse; UTF-8, with or
 * without BOM, or the GB18030/GBK that Chinese Excel writes). Throws an Error saying what is wrong
 * with the file, a WorkbookTooLargeError when its parts unpack to more than `maxInflatedBytes`.
 */
export async function readTable(bytes: Uint8Array, filename: string, maxInflatedBytes = MAX_INFLATED_BYTES): Promise<Table> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) return readXlsx(bytes, maxInflatedBytes);
  if (/\.xlsx?$/i.test(filename)) throw new Error(`${filename} is not an .xlsx workbook (an old .xls? save it as .xlsx or CSV)`);
  try {
    return parse(decodeText(bytes), { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    throw new Error(`not a readable CSV file: ${(e as Error).message}`);
  }
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date cell (exceljs gives the sheet's wall-clock time as UTC) as YYYY-MM-DD, with HH:mm when it has a time. */
function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const seconds = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return seconds === 0 ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A cell's value as the text a user sees (rich text joined, a formula's result, a link's text). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array, maxInflatedBytes: number): Promise<Table> {
  // exceljs trusts the sizes an archive declares and inflates each part whole: the archive is
  // first inflated here step by step to at most maxInflatedBytes (api/lib/zip-reader.ts).
  try {
    unzipLimited(bytes, (name) => name.startsWith('xl/'), maxInflatedBytes);
  } catch (e) {
    if (e instanceof InflateLimitError) {
      throw new WorkbookTooLargeError(`the workbook is too large unpacked: ${e.message} (at most ${maxInflatedBytes / 1048576} MB in all; split it, or save it as CSV)`);
    }
    throw new Error(`the workbook cannot be opened (a damaged .xlsx?): ${(e as Error).message}`);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new Error(`the workbook cannot be opened (a damaged .xlsx?): ${(e as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const rows: Table = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    // A merged cell's value is its top-left (master) cell's, in every cell it covers.
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).master.value).trim());
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    rows.push(cells);
  }
  return rows;
}
