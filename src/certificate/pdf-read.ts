// Runs inside a PDF worker process (pdf-worker.ts): pdf.js (through unpdf) with eval off.
import { extractImages, getDocumentProxy, getResolvedPDFJS } from 'unpdf';

export interface PdfJob {
  bytes: Uint8Array;
  maxPages: number;
  maxPixels: number;
}

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** A line of text and where it stands: page index (from 0) plus its top as a fraction of the page height; its left edge as a fraction of the width. */
export interface PlacedLine {
  text: string;
  top: number;
  left: number;
}

/** A large image of a page (a scan, or a designed background), assumed to cover that page. */
export interface PageImage extends RawImage {
  page: number;
}

export type PdfOutcome =
  | { kind: 'read'; pages: number; lines: PlacedLine[]; images: PageImage[] }
  | { kind: 'failed'; reason: 'encrypted' | 'unreadable' };

/**
 * Below this many letters and digits the text layer may be only an overlay (the name and number written
 * over a designed background image, as mail-merge generators do): the large images come along too.
 */
const RICH_TEXT_CHARS = 400;
/** Images smaller than this (logos, signatures, QR codes) are not worth an OCR pass. */
const MIN_IMAGE_SIDE = 300;
/** Largest image pdf.js decodes: an A4 scan at 600 dpi is 35 MP, at 300 dpi under 9. Larger ones are skipped. */
const MAX_PDF_IMAGE_PIXELS = 25_000_000;
/** A certificate page is one scan or one background: more large images than this on a page are not read. */
const MAX_IMAGES_PER_PAGE = 2;

interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
}

interface Placed {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export async function readPdf(job: PdfJob): Promise<PdfOutcome> {
  let pdf;
  try {
    pdf = await getDocumentProxy(job.bytes, {
      isEvalSupported: false,
      // Images over the pixel limit are skipped by pdf.js instead of being decoded.
      maxImageSize: Math.min(job.maxPixels, MAX_PDF_IMAGE_PIXELS),
      disableFontFace: true,
      isOffscreenCanvasSupported: false,
      stopAtErrors: false,
      verbosity: 0,
    });
  } catch (error) {
    return { kind: 'failed', reason: isPasswordError(error) ? 'encrypted' : 'unreadable' };
  }
  try {
    const pages = pdf.numPages;
    const count = Math.min(pages, job.maxPages);
    const lines: PlacedLine[] = [];
    for (let n = 1; n <= count; n++) lines.push(...(await pageLines(pdf, n)));
    const images: PageImage[] = [];
    if (lines.map((l) => l.text).join('').replace(/[^\p{L}\p{N}]/gu, '').length < RICH_TEXT_CHARS) {
      for (let n = 1; n <= count; n++) {
        let kept = 0;
        for (const image of await extractImages(pdf, n)) {
          if (Math.min(image.width, image.height) < MIN_IMAGE_SIDE) continue;
          if (image.width * image.height > Math.min(job.maxPixels, MAX_PDF_IMAGE_PIXELS)) continue;
          if (++kept > MAX_IMAGES_PER_PAGE) break;
          const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
          images.push({ page: n - 1, data, width: image.width, height: image.height, channels: image.channels });
        }
      }
    }
    return { kind: 'read', pages, lines, images };
  } catch (error) {
    return { kind: 'failed', reason: isPasswordError(error) ? 'encrypted' : 'unreadable' };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

function isPasswordError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'PasswordException' || /password/i.test(error.message));
}

type Pdf = Awaited<ReturnType<typeof getDocumentProxy>>;

/** The page's text as lines, top to bottom, words left to right (pdf.js gives them in drawing order). */
async function pageLines(pdf: Pdf, n: number): Promise<PlacedLine[]> {
  const { Util } = await getResolvedPDFJS();
  const page = await pdf.getPage(n);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const placed: Placed[] = [];
  for (const item of content.items as TextItemLike[]) {
    if (!item.str || !item.str.trim() || !item.transform) continue;
    const [a = 0, b = 0, , , x = 0, y = 0] = Util.transform(viewport.transform, item.transform);
    placed.push({ str: item.str, x, y, width: item.width ?? 0, size: Math.hypot(a, b) || 10 });
  }
  placed.sort((p, q) => p.y - q.y || p.x - q.x);
  const rows: Placed[][] = [];
  for (const item of placed) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && Math.abs(item.y - first.y) < Math.min(item.size, first.size) * 0.5) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => {
    row.sort((p, q) => p.x - q.x);
    const first = row[0];
    return {
      text: joinRow(row),
      // The baseline less the ascent (about 3/4 of the font size): the top of the letters, as OCR measures it.
      top: n - 1 + Math.max(0, (first?.y ?? 0) - (first?.size ?? 0) * 0.75) / viewport.height,
      left: Math.max(0, first?.x ?? 0) / viewport.width,
    };
  });
}

function joinRow(row: Placed[]): string {
  let text = '';
  let end = -Infinity;
  for (const item of row) {
    // A gap wider than a fifth of the font size is a space (table cells, separately drawn words).
    if (text && item.x - end > item.size * 0.2 && !text.endsWith(' ')) text += ' ';
    text += item.str;
    end = item.x + item.width;
  }
  return text.replace(/\s+/g, ' ').trim();
}
