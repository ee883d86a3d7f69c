import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INFLATED_BYTES, readTable } from '@api/lib/table-reader';

/** A sheet with what clerks put in one: a merged title, date cells, rich text, a formula, a blank row. */
async function workbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['标题', null, null]);
  ws.mergeCells('A1:C1');
  ws.addRow(['编号', '发生时间', '人数']);
  ws.addRow(['A-1', new Date(Date.UTC(2025, 2, 4, 8, 30)), 2]);
  ws.addRow([{ richText: [{ text: 'A-' }, { text: '2', font: { bold: true } }] }, new Date(Date.UTC(2025, 2, 5)), { formula: '1+2', result: 3 }]);
  ws.addRow([]);
  ws.addRow(['A-3', '2025-03-06 09:00', 12.5]);
  ws.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readTable (.xlsx)', () => {
  it('reads a workbook whole: dates as text, rich text joined, a formula by its result, a merged cell everywhere it covers', async () => {
    expect(await readTable(await workbook(), 'a.xlsx')).toEqual([
      ['标题', '标题', '标题'],
      ['编号', '发生时间', '人数'],
      ['A-1', '2025-03-04 08:30', '2'],
      ['A-2', '2025-03-05', '3'],
      [],
      ['A-3', '2025-03-06 09:00', '12.5'],
    ]);
  });

  it('streams a large one to the same rows, but for merged cells (the title stays in its first cell)', async () => {
    // Streaming from 0 bytes: this small workbook takes the path a 200 000-row export takes.
    expect(await readTable(await workbook(), 'a.xlsx', MAX_INFLATED_BYTES, 0)).toEqual([
      ['标题'],
      ['编号', '发生时间', '人数'],
      ['A-1', '2025-03-04 08:30', '2'],
      ['A-2', '2025-03-05', '3'],
      [],
      ['A-3', '2025-03-06 09:00', '12.5'],
    ]);
  });

  it('streams Chinese text whole across the 16 kB chunks exceljs inflates a part in (its issue #2063), shared strings or inline', async () => {
    for (const useSharedStrings of [true, false]) {
      const file = path.join(os.tmpdir(), `changan-table-reader-${process.pid}-${useSharedStrings}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
      const ws = wb.addWorksheet('事故');
      // Texts of every length, distinct per row (so shared strings are many), over ~40 chunks.
      for (let i = 0; i < 4000; i++) ws.addRow([`东阿县刘集镇${'路口'.repeat(i % 7)}${i}`, '夜间无路灯照明', `小型汽车、电动自行车${i % 3 ? '' : '、行人'}`]).commit();
      await wb.commit();
      const bytes = new Uint8Array(fs.readFileSync(file));
      fs.rmSync(file);
      const whole = await readTable(bytes, 'a.xlsx');
      const streamed = await readTable(bytes, 'a.xlsx', MAX_INFLATED_BYTES, 0);
      expect(streamed).toEqual(whole);
      expect(streamed.flat().some((cell) => cell.includes('\uFFFD'))).toBe(false);
    }
  });

  it('says a damaged workbook cannot be opened, either way', async () => {
    const broken = (await workbook()).slice(0, 600);
    await expect(readTable(broken, 'a.xlsx')).rejects.toThrow(/cannot be opened/);
    await expect(readTable(broken, 'a.xlsx', MAX_INFLATED_BYTES, 0)).rejects.toThrow(/cannot be opened/);
  });
});
