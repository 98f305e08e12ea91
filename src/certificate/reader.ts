import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanText } from './clean-text.js';
import { extractFields } from './fields/extract.js';
import { OcrEngine } from './ocr-engine.js';
import type { PdfJob, PdfOutcome } from './pdf-read.js';
import { imageSize, prepareForOcr, type OcrImage } from './preprocess.js';
import { inReadingOrder } from './reading-order.js';
import { sniffKind } from './sniff.js';
import {
  CertificateReadingSchema,
  DEFAULT_LIMITS,
  type CertificateReading,
  type FileHint,
  type ReadFailureReason,
  type ReadLimits,
} from './types.js';
import { WorkerCrashError, WorkerMemoryError, WorkerTimeoutError } from './worker-errors.js';
import { WorkerSlot } from './worker-slot.js';

export interface CertificateReaderOptions extends Partial<ReadLimits> {
  /** PDF worker processes, each reading one PDF at a time, started as needed: a slow PDF does not hold up the next user. Default 2. */
  pdfWorkers?: number;
  /** V8 heap limit of a PDF worker process: a PDF bomb ends there instead of in the bot. Default 256 MB. */
  pdfWorkerHeapMb?: number;
  /**
   * Growth of the PDF worker process's RSS that stops a PDF job ('too-large'): inflated streams and decoded
   * images live outside the heap limit. Default 384 MB.
   */
  pdfMemoryMb?: number;
  /** Parent folder of the OCR language folder made at first use. Default: the OS temp dir. */
  languageFolderParent?: string;
  /**
   * Told of failures that are not the file's fault (a worker that crashed or could not start, OCR that
   * failed to load): the user only hears "unreadable", the operator should hear why. Timeouts are not told.
   */
  onError?: (error: unknown) => void;
  /**
   * Workers with nothing to do for this long are stopped, so that the assistant holds the OCR worker's and
   * the PDF workers' memory (several hundred MB together) only while certificates come in. Default 2 minutes.
   */
  idleMs?: number;
}

export interface CertificateReader {
  /** Reads a certificate (PDF, JPEG, PNG or WebP). Never throws for a bad file: it says why instead. */
  read(bytes: Uint8Array, hint?: FileHint, limits?: Partial<ReadLimits>): Promise<CertificateReading>;
  /** Starts the OCR worker ahead of the first photo (about a second). Optional. */
  warmUp(): Promise<void>;
  /** Stops the workers and removes the language folder. Reading again starts them anew. */
  close(): Promise<void>;
  /** The workers running now: PDF worker processes, and whether the OCR worker is. */
  workers(): { pdf: number; ocr: boolean };
}

/** Text kept in a reading: a certificate's pages fit many times over. */
const MAX_TEXT_CHARS = 20_000;
const MIN_TEXT_CHARS = 20;

const failed = (reason: ReadFailureReason): CertificateReading => ({ ok: false, reason });


/** The same module as this one is (.ts under tsx or vitest, .js once compiled). */
const pdfWorkerModule = new URL(`./pdf-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export function createCertificateReader(options: CertificateReaderOptions = {}): CertificateReader {
  const { pdfWorkers = 2, pdfWorkerHeapMb = 256, pdfMemoryMb = 384, languageFolderParent, onError, idleMs, ...limitOptions } = options;
  const baseLimits: ReadLimits = { ...DEFAULT_LIMITS, ...limitOptions };
  const childLimits = { heapMb: pdfWorkerHeapMb, semiSpaceMb: 16 };
  const slots = Array.from({ length: Math.max(1, pdfWorkers) }, () => new WorkerSlot(pdfWorkerModule, childLimits, idleMs, pdfMemoryMb));
  let ocr = new OcrEngine(languageFolderParent, idleMs);

  function workerFailure(error: unknown): CertificateReading {
    if (error instanceof WorkerTimeoutError) return failed('timeout');
    if (error instanceof WorkerMemoryError) return failed('too-large');
    // Over the worker process's heap limit (V8 aborts it): a PDF bomb, or a file far too rich for a certificate.
    if (error instanceof WorkerCrashError && error.code === 'ERR_WORKER_OUT_OF_MEMORY') return failed('too-large');
    onError?.(error);
    return failed('unreadable');
  }

  const leastBusy = (): WorkerSlot => slots.reduce((best, slot) => (slot.load < best.load ? slot : best));

  function fromText(source: 'pdf-text' | 'ocr', rawText: string, extra: { confidence?: number; pages?: number }): CertificateReading {
    const text = cleanText(rawText.trim().slice(0, MAX_TEXT_CHARS)).trim();
    if (text.replace(/[^\p{L}\p{N}]/gu, '').length < MIN_TEXT_CHARS) return failed('no-text');
    return { ok: true, source, text, fields: extractFields(text), ...extra };
  }

  const textOf = (lines: { text: string }[]) => lines.map((line) => line.text).join('\n');

  async function readPdf(bytes: Uint8Array, limits: ReadLimits): Promise<CertificateReading> {
    // The bytes are copied into the worker process's message: the caller's stay untouched.
    const job: PdfJob = { bytes, maxPages: limits.maxPages, maxPixels: limits.maxPixels };
    let outcome: PdfOutcome;
    try {
      outcome = await leastBusy().run<PdfOutcome>(job, limits.pdfTimeoutMs, limits.queueTimeoutMs);
    } catch (error) {
      return workerFailure(error);
    }
    if (outcome.kind === 'failed') return failed(outcome.reason);
    const { pages, lines, images } = outcome;
    const fromLayer = fromText('pdf-text', textOf(lines), { pages });
    const enough = fromLayer.ok && (fromLayer.fields.title !== undefined || fromLayer.fields.startDate !== undefined);
    if (enough || images.length === 0) return fromLayer;
    // A scan, or a text layer that is only the name and number written over a designed background:
    // the images are read too, and their lines put among the text layer's by their place on the page.
    try {
      const prepare = async () => {
        const prepared: OcrImage[] = [];
        for (const image of images) prepared.push(await prepareForOcr(image, limits.maxPixels));
        return prepared;
      };
      const { pages: read, confidence } = await ocr.recognize(prepare, limits.ocrTimeoutMs, limits.queueTimeoutMs);
      const ocrLines = read.flatMap((found, i) => found.map((line) => ({ ...line, top: (images[i]?.page ?? 0) + line.top })));
      return fromText('ocr', inReadingOrder([...lines, ...ocrLines]).join('\n'), { confidence, pages });
    } catch (error) {
      return fromLayer.ok ? fromLayer : workerFailure(error);
    }
  }

  async function readImage(bytes: Uint8Array, limits: ReadLimits): Promise<CertificateReading> {
    const size = await imageSize(bytes);
    if (!size) return failed('unreadable');
    if (size.width * size.height > limits.maxPixels) return failed('too-large');
    let unpreparable = false;
    const prepare = async (): Promise<OcrImage[]> => {
      try {
        return [await prepareForOcr(bytes, limits.maxPixels)];
      } catch (error) {
        unpreparable = true;
        throw error;
      }
    };
    try {
      const { pages, confidence } = await ocr.recognize(prepare, limits.ocrTimeoutMs, limits.queueTimeoutMs);
      return fromText('ocr', textOf(pages.flat()), { confidence });
    } catch (error) {
      return unpreparable ? failed('unreadable') : workerFailure(error);
    }
  }

  async function read(bytes: Uint8Array, hint: FileHint = {}, perCall: Partial<ReadLimits> = {}): Promise<CertificateReading> {
    const limits = { ...baseLimits, ...perCall };
    if (bytes.byteLength > limits.maxBytes) return failed('too-large');
    if (bytes.byteLength === 0) return failed('unreadable');
    const kind = sniffKind(bytes, hint);
    let reading: CertificateReading;
    if (kind === 'pdf') reading = await readPdf(bytes, limits);
    else if (kind === 'image') reading = await readImage(bytes, limits);
    else reading = failed(kind === 'broken' ? 'unreadable' : 'unsupported');
    return CertificateReadingSchema.parse(reading);
  }

  return {
    read,
    warmUp: () => ocr.warmUp(),
    workers: () => ({ pdf: slots.filter((slot) => slot.started).length, ocr: ocr.started }),
    async close() {
      const closing = ocr;
      ocr = new OcrEngine(languageFolderParent, idleMs);
      await Promise.all([...slots.map((slot) => slot.close()), closing.close()]);
    },
  };
}

let shared: CertificateReader | undefined;

/** Reads a certificate with the process-wide reader (started on first use; see closeCertificateReader). */
export function readCertificate(bytes: Uint8Array, hint: FileHint = {}, limits: Partial<ReadLimits> = {}): Promise<CertificateReading> {
  shared ??= createCertificateReader();
  return shared.read(bytes, hint, limits);
}

/** Stops the process-wide reader's workers (at shutdown, and after tests). */
export async function closeCertificateReader(): Promise<void> {
  const reader = shared;
  shared = undefined;
  await reader?.close();
}
