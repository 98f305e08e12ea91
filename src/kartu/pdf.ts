import { formatNip } from '../domain/nip.js';
import type { KartuData } from './data.js';
import {
  BAGIAN_A,
  BAGIAN_B,
  BAGIAN_C,
  barisA,
  barisB,
  blokTtd,
  CATATAN_BATAS,
  JUDUL,
  jpText,
  KOLOM_B,
  KOLOM_C,
  TANPA_KEGIATAN,
  type BlokTtd,
} from './layout.js';

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'center' | 'right';

interface Column {
  width: number;
  align?: Align;
}

/** A row of cells, or one text across the whole table. */
type Row = string[] | { span: string };

/** A4 landscape: the twelve columns of B need the width. Helvetica is one of the 14 standard PDF fonts (no font file). */
const MARGIN = 36;
const FOOTER = 16;
const PAD = 3;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const BODY = 7.5;
const HEADER = 7;

/** Widths of B's columns in points (they add up to the A4 landscape width inside the margins). */
const B_COLUMNS: Column[] = [
  { width: 22, align: 'center' },
  { width: 128 },
  { width: 60, align: 'center' },
  { width: 88, align: 'center' },
  { width: 50, align: 'center' },
  { width: 80 },
  { width: 48, align: 'center' },
  { width: 68 },
  { width: 65 },
  { width: 44, align: 'center' },
  { width: 66, align: 'center' },
  { width: 50 },
];
const A_COLUMNS: Column[] = [{ width: 22, align: 'center' }, { width: 170 }, { width: 400 }];
const C_COLUMNS: Column[] = [{ width: 22, align: 'center' }, { width: 70, align: 'center' }, { width: 130, align: 'center' }];

const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** A new page when `height` does not fit below the current position. */
function ensure(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  ensure(doc, 48);
  doc.moveDown(0.6);
  doc.font(BOLD).fontSize(10).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

function cellHeight(doc: Doc, text: string, width: number): number {
  return doc.heightOfString(text || ' ', { width: width - 2 * PAD }) + 2 * PAD;
}

function cellsOf(columns: Column[], row: Row): [string, Column][] {
  if (Array.isArray(row)) return row.map((t, i) => [t, columns[i]!]);
  return [[row.span, { width: columns.reduce((s, c) => s + c.width, 0) }]];
}

/** The height of a row; one taller than a page is cut to a page (its text ends in an ellipsis). */
function rowHeight(doc: Doc, columns: Column[], row: Row, font: string): number {
  doc.font(font).fontSize(font === BOLD ? HEADER : BODY);
  const height = Math.max(...cellsOf(columns, row).map(([t, c]) => cellHeight(doc, t, c.width)));
  return Math.min(height, bottom(doc) - doc.page.margins.top - 40);
}

function drawRow(doc: Doc, columns: Column[], row: Row, font: string, height: number, fill?: string): void {
  doc.font(font).fontSize(font === BOLD ? HEADER : BODY);
  const y = doc.y;
  let x = MARGIN;
  for (const [text, column] of cellsOf(columns, row)) {
    if (fill) doc.rect(x, y, column.width, height).fillAndStroke(fill, '#000000').fillColor('#000000');
    else doc.rect(x, y, column.width, height).stroke();
    doc.text(text, x + PAD, y + PAD, {
      width: column.width - 2 * PAD,
      height: height - 2 * PAD,
      align: column.align ?? 'left',
      ellipsis: true,
    });
    x += column.width;
  }
  doc.x = MARGIN;
  doc.y = y + height;
}

/** A table whose header row comes again at the top of each page it runs onto. */
function table(doc: Doc, columns: Column[], header: readonly string[] | undefined, rows: Row[]): void {
  doc.lineWidth(0.5);
  const headerHeight = header ? rowHeight(doc, columns, [...header], BOLD) : 0;
  const drawHeader = () => header && drawRow(doc, columns, [...header], BOLD, headerHeight, '#e6e6e6');
  // The header never stands alone at the foot of a page.
  ensure(doc, headerHeight + (rows[0] ? rowHeight(doc, columns, rows[0], FONT) : 0));
  drawHeader();
  for (const row of rows) {
    const height = rowHeight(doc, columns, row, FONT);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    drawRow(doc, columns, row, FONT, height);
  }
}

function signature(doc: Doc, block: BlokTtd, x: number, y: number, width: number): void {
  doc.font(FONT).fontSize(9);
  doc.text(block.atas.join('\n'), x, y, { width, align: 'center' });
  doc.moveDown(3);
  doc.font(BOLD).text(block.nama, x, doc.y, { width, align: 'center', underline: true });
  doc.font(FONT).text(block.nip, x, doc.y, { width, align: 'center' });
}

function footers(doc: Doc, data: KartuData): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(7)
      .fillColor('#555555')
      .text(
        `Kartu Data Pengembangan Kompetensi · ${data.pegawai.nama} · NIP ${formatNip(data.pegawai.nip)} · halaman ${i - start + 1} dari ${count}`,
        MARGIN,
        doc.page.height - MARGIN,
        { width: contentWidth(doc), align: 'center', lineBreak: false },
      )
      .fillColor('#000000');
    doc.page.margins.bottom = margin;
  }
}

function draw(doc: Doc, data: KartuData): void {
  doc.font(BOLD).fontSize(13).text(JUDUL, MARGIN, MARGIN, { width: contentWidth(doc), align: 'center' });

  heading(doc, BAGIAN_A);
  table(doc, A_COLUMNS, undefined, barisA(data).map(([label, value], i) => [String(i + 1), label, value]));

  heading(doc, BAGIAN_B);
  table(doc, B_COLUMNS, KOLOM_B, data.kegiatan.length ? data.kegiatan.map(barisB) : [{ span: TANPA_KEGIATAN }]);

  heading(doc, BAGIAN_C);
  const years = data.jpPerTahun.map((y, i) => [String(i + 1), String(y.tahun), jpText(y.jp)]);
  table(doc, C_COLUMNS, KOLOM_C, years.length ? years : [['', '-', '-']]);
  if (data.catatanBatas.length) {
    ensure(doc, 30);
    doc.moveDown(0.4);
    doc.font(FONT).fontSize(BODY).text([CATATAN_BATAS, ...data.catatanBatas.map((n) => `• ${n}`)].join('\n'), MARGIN, doc.y, { width: 600 });
  }

  // The statement and the signatures under it stay on one page.
  doc.font(FONT).fontSize(9);
  const line = doc.currentLineHeight(true);
  // Below the statement: a gap of 1.5 lines, four lines above a space of three, the name and the NIP.
  const signatures = line * (1.5 + 4 + 3 + 2);
  ensure(doc, line + doc.heightOfString(data.pernyataan, { width: contentWidth(doc) }) + signatures + 4);
  doc.moveDown(1);
  doc.text(data.pernyataan, MARGIN, doc.y, { width: contentWidth(doc) });

  const blocks = blokTtd(data);
  doc.moveDown(1.5);
  const y = doc.y;
  const width = 300;
  // One empty line first, so that "Mengetahui," stands level with "Pegawai yang melaporkan,".
  signature(doc, { ...blocks.mengetahui, atas: ['', ...blocks.mengetahui.atas] }, MARGIN, y, width);
  const leftEnd = doc.y;
  signature(doc, blocks.pegawai, doc.page.width - MARGIN - width, y, width);
  doc.y = Math.max(leftEnd, doc.y);
  doc.x = MARGIN;
}

/** The card as an A4 PDF (pdfkit), laid out like the form of seed 004 (III.B). */
export async function kartuToPdf(data: KartuData): Promise<Uint8Array> {
  // Loaded on first use: the assistant imports this module but seldom makes a card.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
    bufferPages: true,
    info: {
      Title: `Kartu Data Pengembangan Kompetensi ${data.pegawai.nama}`,
      Author: 'bangkom-bot',
      Subject: `NIP ${data.pegawai.nip}`,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  draw(doc, data);
  footers(doc, data);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
