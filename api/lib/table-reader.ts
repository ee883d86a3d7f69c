import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { InflateLimitError, inflatedSize } from './zip-reader';

/**
 * A sheet as rows of cell texts, row i being the sheet's row i + 1 (blank rows stay, empty, so
 * reports can name rows as the user sees them). Numbers come as their text, date cells as
 * `YYYY-MM-DD` (with ` HH:mm` when they hold a time), a merged cell's value in every cell it covers.
 */
export type Table = string[][];

/** How much a workbook's parts may unpack to: a few MB of .xlsx is tens of MB of XML. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * Workbooks larger than this are read as a stream (exceljs' WorkbookReader): a 200 000-row export
 * loaded whole takes 14 s and 1.7 GB, streamed 4 s and under 200 MB. The stream does not see merged
 * cells (their value stays in the top-left cell only); the exports that large come from systems,
 * which do not merge, while the ledgers clerks merge by hand are far smaller.
 */
export const STREAM_FROM_BYTES = 5 * 1024 * 1024;

/** A workbook that unpacks to more than the limit (a zip bomb, or more than an import takes). */
export class WorkbookTooLargeError extends Error {}

/**
 * Reads the first sheet of an .xlsx workbook (exceljs) or a CSV file (csv-parse; UTF-8, with or
 * without BOM, or the GB18030/GBK that Chinese Excel writes). Throws an Error saying what is wrong
 * with the file, a WorkbookTooLargeError when its parts unpack to more than `maxInflatedBytes`.
 */
export async function readTable(bytes: Uint8Array, filename: string, maxInflatedBytes = MAX_INFLATED_BYTES, streamFromBytes = STREAM_FROM_BYTES): Promise<Table> {
  const rows: Table = [];
  for await (const row of tableRows(bytes, filename, maxInflatedBytes, streamFromBytes)) rows.push(row);
  return rows;
}

/**
 * readTable's rows one at a time, as they are read: a large workbook (streamed) is parsed while the
 * caller works on the rows before (its errors, as readTable's, come from the iteration).
 */
export async function* tableRows(bytes: Uint8Array, filename: string, maxInflatedBytes = MAX_INFLATED_BYTES, streamFromBytes = STREAM_FROM_BYTES): AsyncGenerator<string[]> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) {
    yield* readXlsx(bytes, maxInflatedBytes, bytes.length > streamFromBytes);
    return;
  }
  if (/\.xlsx?$/i.test(filename)) throw new Error(`${filename} is not an .xlsx workbook (an old .xls? save it as .xlsx or CSV)`);
  let rows: Table;
  try {
    rows = parse(decodeText(bytes), { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    throw new Error(`not a readable CSV file: ${(e as Error).message}`);
  }
  yield* rows;
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

/** A row's cells as texts, the empty ones at its end left off. */
function rowTexts(values: readonly ExcelJS.CellValue[]): string[] {
  const cells = values.map((v) => cellText(v).trim());
  while (cells.length && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/** Byte chunks as UTF-8 text, a character split between two chunks kept whole. */
async function* utf8Chunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs' streaming reader decodes each inflated chunk of a part by itself, so a Chinese
 * character split between two 16 kB chunks comes out as two U+FFFD (exceljs issues #2063, #2084;
 * one cell in ~50 000 of a 200 000-row export). This reader hands it the parts as text decoded
 * across chunks. It overrides two of exceljs' own (untyped) methods: tests/unit/table-reader.test.ts
 * reads a large Chinese sheet both ways and compares, so an exceljs that changes them fails there.
 */
class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string) {
    return (ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as { _parseWorksheet(i: AsyncIterable<string>, n: string): Generator }).
      _parseWorksheet.call(this, utf8Chunks(iterator), sheetNo);
  }

  _parseSharedStrings(entry: NodeJS.ReadableStream) {
    entry.setEncoding('utf8');
    return (ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as { _parseSharedStrings(e: NodeJS.ReadableStream): AsyncGenerator }).
      _parseSharedStrings.call(this, entry);
  }
}

/** The first sheet read as a stream, row by row (blank rows, which the stream skips, put back). */
async function* streamXlsx(bytes: Uint8Array): AsyncGenerator<string[]> {
  const reader = new Utf8WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // Errors of the stream come out of its iterators: each `next` is wrapped to say what they mean.
  const opened = <T>(step: Promise<T>) =>
    step.catch((e: Error) => {
      throw new Error(`the workbook cannot be opened (a damaged .xlsx?): ${e.message}`);
    });
  const sheets = reader[Symbol.asyncIterator]();
  const first = await opened(sheets.next());
  if (first.done) throw new Error('the workbook has no sheet');
  const rows = (first.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
  try {
    let at = 0;
    for (;;) {
      const next = await opened(rows.next());
      if (next.done) return;
      const row = next.value;
      for (; at < row.number - 1; at++) yield [];
      at++;
      // `values` is 1-based: index 0 is always empty.
      yield rowTexts((row.values as ExcelJS.CellValue[]).slice(1));
    }
  } finally {
    // The other sheets are not read (a caller that stops early stops the reading too).
    await sheets.return?.(undefined).catch(() => undefined);
  }
}

async function* readXlsx(bytes: Uint8Array, maxInflatedBytes: number, stream: boolean): AsyncGenerator<string[]> {
  // exceljs trusts the sizes an archive declares and inflates each part whole: the archive is
  // first inflated here step by step to at most maxInflatedBytes (api/lib/zip-reader.ts).
  try {
    await inflatedSize(bytes, (name) => name.startsWith('xl/'), maxInflatedBytes);
  } catch (e) {
    if (e instanceof InflateLimitError) {
      throw new WorkbookTooLargeError(`the workbook is too large unpacked: ${e.message} (at most ${maxInflatedBytes / 1048576} MB in all; split it, or save it as CSV)`);
    }
    throw new Error(`the workbook cannot be opened (a damaged .xlsx?): ${(e as Error).message}`);
  }
  if (stream) {
    yield* streamXlsx(bytes);
    return;
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new Error(`the workbook cannot be opened (a damaged .xlsx?): ${(e as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    // A merged cell's value is its top-left (master) cell's, in every cell it covers.
    yield rowTexts(Array.from({ length: width }, (_, c) => row.getCell(c + 1).master.value));
  }
}
