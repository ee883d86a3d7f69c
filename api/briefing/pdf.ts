import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR } from './fonts';
import type { Block } from './model';

const MARGIN = 56; // about 2 cm

/** The briefing as a PDF, A4, with Noto Sans SC embedded (subset): it prints and reads the same anywhere. */
export function briefingPdf(blocks: Block[], title: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Creator: '畅安 Chang’an' }, bufferPages: true });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  const table = (b: Extract<Block, { kind: 'table' }>) => {
    const sum = b.widths.reduce((s, x) => s + x, 0);
    const cols = b.widths.map((w) => (w / sum) * width);
    const pad = 3;
    const size = 8.5;
    const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(size);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i] - 2 * pad }))) + 2 * pad;
      if (doc.y + h > bottom()) {
        doc.addPage();
        if (!bold || cells !== b.header) drawRow(b.header, true, true);
        doc.font(bold ? 'bold' : 'regular').fontSize(size);
      }
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        if (shade) doc.rect(x, y, cols[i], h).fillColor('#eef2f7').fill();
        doc.rect(x, y, cols[i], h).lineWidth(0.5).strokeColor('#808080').stroke();
        doc.fillColor('#111111').text(c, x + pad, y + pad, { width: cols[i] - 2 * pad, align: i === 0 ? 'left' : 'center' });
        x += cols[i];
      });
      doc.x = MARGIN;
      doc.y = y + h;
    };
    drawRow(b.header, true, true);
    for (const r of b.rows) drawRow(r, false, false);
    if (b.total) drawRow(b.total, true, false);
    doc.moveDown(0.8);
  };

  for (const b of blocks) {
    doc.x = MARGIN;
    switch (b.kind) {
      case 'title':
        doc.font('bold').fontSize(20).fillColor('#111111').text(b.text, { align: 'center', width });
        doc.moveDown(0.4);
        break;
      case 'subtitle':
        doc.font('regular').fontSize(10.5).fillColor('#333333').text(b.text, { align: 'center', width });
        doc.moveDown(0.8);
        break;
      case 'heading':
        room(60);
        doc.font('bold').fontSize(14).fillColor('#111111').text(b.text, { width });
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('regular').fontSize(11).fillColor('#111111').text(b.text, { width, indent: 22, lineGap: 4 });
        doc.moveDown(0.5);
        break;
      case 'note':
        doc.font('regular').fontSize(9).fillColor('#555555').text(b.text, { width });
        doc.moveDown(0.5);
        break;
      case 'table':
        table(b);
        break;
      case 'image': {
        const h = (width * b.height) / b.width;
        room(h + 24);
        doc.image(Buffer.from(b.png), MARGIN, doc.y, { width });
        doc.y += h + 4;
        doc.font('regular').fontSize(9).fillColor('#333333').text(b.caption, MARGIN, doc.y, { width, align: 'center' });
        doc.moveDown(0.8);
        break;
      }
    }
  }
  // Page numbers: 第 n 页 共 m 页.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without this, pdfkit would start a new page for the line.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8.5).fillColor('#666666').text(`第 ${i + 1} 页 共 ${range.count} 页`, MARGIN, doc.page.height - MARGIN + 18, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
