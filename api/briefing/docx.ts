import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Block } from './model';

/** What Chinese offices have: 黑体 for titles and headings, 宋体 for the text (the .docx names fonts; Word supplies them). */
const BODY = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const HEAD = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体' };
/** A4 less 2.5 cm margins, in twips (1/1440 in) and pixels at 96 dpi. */
const TEXT_TWIPS = 11906 - 2 * 1418;
const TEXT_PX = Math.round((TEXT_TWIPS / 1440) * 96);

function table(b: Extract<Block, { kind: 'table' }>): Table {
  const sum = b.widths.reduce((s, x) => s + x, 0);
  const cell = (text: string, i: number, bold: boolean) =>
    new TableCell({
      width: { size: Math.round((b.widths[i] / sum) * TEXT_TWIPS), type: WidthType.DXA },
      children: [new Paragraph({ alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER, children: [new TextRun({ text, bold, size: 18, font: bold ? HEAD : BODY })] })],
    });
  const row = (cells: string[], bold: boolean, header = false) => new TableRow({ tableHeader: header, children: cells.map((c, i) => cell(c, i, bold)) });
  const line = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
  return new Table({
    width: { size: TEXT_TWIPS, type: WidthType.DXA },
    columnWidths: b.widths.map((w) => Math.round((w / sum) * TEXT_TWIPS)),
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [row(b.header, true, true), ...b.rows.map((r) => row(r, false)), ...(b.total ? [row(b.total, true)] : [])],
  });
}

/** The briefing as a Word document (A4), what offices edit and forward. */
export async function briefingDocx(blocks: Block[]): Promise<Buffer> {
  const children: (Paragraph | Table)[] = blocks.flatMap((b): (Paragraph | Table)[] => {
    switch (b.kind) {
      case 'title':
        return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: b.text, bold: true, size: 40, font: HEAD })] })];
      case 'subtitle':
        return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: b.text, size: 22, font: BODY })] })];
      case 'heading':
        return [new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text: b.text, bold: true, size: 30, font: HEAD })] })];
      case 'paragraph':
        return [new Paragraph({ spacing: { after: 120, line: 360 }, indent: { firstLine: 480 }, children: [new TextRun({ text: b.text, size: 24, font: BODY })] })];
      case 'note':
        return [new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: b.text, size: 20, italics: true, color: '555555', font: BODY })] })];
      case 'table':
        return [table(b), new Paragraph({ children: [] })];
      case 'image': {
        const width = TEXT_PX;
        return [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: b.png, transformation: { width, height: Math.round((width * b.height) / b.width) } })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: b.caption, size: 20, font: BODY })] }),
        ];
      }
    }
  });
  const doc = new Document({
    creator: '畅安 Chang’an',
    title: blocks.find((b) => b.kind === 'title')?.text,
    styles: { default: { document: { run: { font: BODY, size: 24 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
