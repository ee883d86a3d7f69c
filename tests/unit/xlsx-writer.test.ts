import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnName, xlsxBytes } from '@shared/excel/xlsx-writer';

const unzip = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));

describe('xlsx writer', () => {
  const bytes = xlsxBytes({
    name: '事故多发点',
    columns: [{ header: '排名' }, { header: '位置', width: 18 }, { header: '事故数' }, { header: '夜间占比', percent: true }],
    rows: [
      [1, '张庄村附近', 12, 0.25],
      [2, 'A & B <路口>', 7.5, null],
      [3, '  leading space', -0, undefined],
    ],
  });
  const files = unzip(bytes);
  const sheet = files['xl/worksheets/sheet1.xml'];

  it('is a zip holding the SpreadsheetML parts Excel needs', () => {
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(files['[Content_Types].xml']).toContain('PartName="/xl/worksheets/sheet1.xml"');
    expect(files['xl/workbook.xml']).toContain('<sheet name="事故多发点" sheetId="1" r:id="rId1"/>');
  });

  it('writes the header as bold text and keeps CJK text as it is', () => {
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t>排名</t></is></c>');
    expect(sheet).toContain('<c r="B2" t="inlineStr"><is><t>张庄村附近</t></is></c>');
  });

  it('writes numbers as numbers, percentages with their format, and skips empty cells', () => {
    expect(sheet).toContain('<c r="A2"><v>1</v></c>');
    expect(sheet).toContain('<c r="C3"><v>7.5</v></c>');
    expect(sheet).toContain('<c r="D2" s="2"><v>0.25</v></c>');
    expect(sheet).not.toContain('r="D3"');
    expect(sheet).not.toContain('r="D4"');
    expect(files['xl/styles.xml']).toContain('formatCode="0.0%"');
  });

  it('escapes XML and keeps leading spaces', () => {
    expect(sheet).toContain('<t>A &amp; B &lt;路口&gt;</t>');
    expect(sheet).toContain('<t xml:space="preserve">  leading space</t>');
  });

  it('freezes the header row and sets column widths', () => {
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<col min="2" max="2" width="18" customWidth="1"/>');
  });

  it('names columns past Z as Excel does', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('cleans a sheet name Excel would refuse', () => {
    const named = unzip(xlsxBytes({ name: 'a/b:c[d]*?e\\f-very-long-name-beyond-31-chars', columns: [], rows: [] }));
    const name = named['xl/workbook.xml'].match(/<sheet name="([^"]*)"/)![1];
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(/[[\]:*?/\\]/);
  });
});
