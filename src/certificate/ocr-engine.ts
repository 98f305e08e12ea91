import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import type { OcrImage } from './preprocess.js';
import { makeLanguageFolder, OCR_LANGUAGES, removeLanguageFolder } from './tessdata.js';
import { SerialQueue } from './serial-queue.js';
import { WorkerTimeoutError } from './worker-errors.js';

export interface OcrLine {
  text: string;
  /** Top of the line as a fraction of the image height; its left edge as a fraction of the width. */
  top: number;
  left: number;
}

export interface OcrResult {
  /** The lines of each image, in reading order. */
  pages: OcrLine[][];
  /** Mean word confidence over the images, 0..1. */
  confidence: number;
}

/**
 * One long-lived tesseract.js worker (its own worker thread, WebAssembly inside) for Indonesian and
 * English, started on first use, one job at a time. A job over its time limit terminates the worker;
 * the next job starts a fresh one. Language data comes from the npm packages (see tessdata.ts).
 */
/** How long an OCR worker with nothing to do is kept (see OcrEngine's idleMs). */
export const OCR_IDLE_MS = 2 * 60_000;

export class OcrEngine {
  private worker: Promise<TesseractWorker> | undefined;
  private folder: Promise<string> | undefined;
  private readonly queue = new SerialQueue();
  private closed = false;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly languageParent?: string,
    /** A worker with nothing to do for this long is stopped: its 100–250 MB go back until the next photo. */
    private readonly idleMs = OCR_IDLE_MS,
  ) {}

  /**
   * The lines of the images (prepared by preprocess.ts), in order. Given as a function, the preparation runs
   * in this queue too, when the file's turn comes: decoding several large images at once would hold libuv's
   * threadpool (sharp works there) and delay every other user's file reads and writes.
   */
  recognize(pages: OcrImage[] | (() => Promise<OcrImage[]>), timeoutMs: number, maxWaitMs = Infinity): Promise<OcrResult> {
    clearTimeout(this.idle);
    return this.queue.run(() => this.run(pages, timeoutMs), maxWaitMs).finally(() => this.stopWhenIdle());
  }

  /** Starts the worker now (it takes about a second), so the first user does not wait for it. */
  async warmUp(): Promise<void> {
    await this.ensureWorker();
    this.stopWhenIdle();
  }

  /** Whether a worker is started (or starting). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  private stopWhenIdle(): void {
    clearTimeout(this.idle);
    if (this.closed || !this.worker || this.queue.size > 0) return;
    this.idle = setTimeout(() => {
      if (this.queue.size === 0) void this.stopWorker();
    }, this.idleMs);
    this.idle.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idle);
    await this.stopWorker();
    const folder = this.folder;
    this.folder = undefined;
    if (folder) await removeLanguageFolder(await folder.catch(() => '')).catch(() => undefined);
  }

  private async run(prepared: OcrImage[] | (() => Promise<OcrImage[]>), timeoutMs: number): Promise<OcrResult> {
    // A file that cannot be prepared is the file's fault: its error passes, the worker stays.
    const pages = typeof prepared === 'function' ? await prepared() : prepared;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WorkerTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([this.recognizeAll(pages), timeout]);
    } catch (error) {
      // A timed-out or failed worker may be stuck mid-page: only terminating it frees the thread. Not
      // awaited: a worker stuck while starting is terminated once it has started, and the caller hears now.
      void this.stopWorker();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async recognizeAll(pages: OcrImage[]): Promise<OcrResult> {
    const worker = await this.ensureWorker();
    const lines: OcrLine[][] = [];
    let confidence = 0;
    for (const page of pages) {
      const { data } = await worker.recognize(page.png, {}, { text: true, blocks: true });
      const found: OcrLine[] = [];
      for (const block of data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) found.push({ text: line.text.trim(), top: line.bbox.y0 / page.height, left: line.bbox.x0 / page.width });
        }
      }
      lines.push(found);
      confidence += data.confidence;
    }
    return { pages: lines, confidence: pages.length ? confidence / pages.length / 100 : 0 };
  }

  private ensureWorker(): Promise<TesseractWorker> {
    if (this.closed) return Promise.reject(new Error('OCR engine closed'));
    if (!this.worker) {
      this.folder ??= makeLanguageFolder(this.languageParent);
      const folder = this.folder;
      const worker = folder.then(async (langPath) => {
        const w = await createWorker([...OCR_LANGUAGES], OEM.LSTM_ONLY, {
          langPath,
          gzip: true,
          // 'none': never read or write a traineddata cache in the working directory.
          cacheMethod: 'none',
          errorHandler: () => undefined,
        });
        // One uniform block keeps a JP table's rows whole ("3 Pemilihan Penyedia 10"); automatic page
        // segmentation dropped the lone digits of the JP column in trials.
        await w.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, user_defined_dpi: '200' });
        return w;
      });
      worker.catch(() => {
        if (this.worker === worker) this.worker = undefined;
      });
      this.worker = worker;
    }
    return this.worker;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const w = await worker.catch(() => undefined);
    await w?.terminate().catch(() => undefined);
  }
}
