import { z } from 'zod';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What a certificate states, as far as it could be read. Every field is optional: the user confirms. */
export const CertificateFieldsSchema = z.object({
  participant: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  organizer: z.string().min(1).optional(),
  /** First day of the activity, YYYY-MM-DD. */
  startDate: isoDay.optional(),
  /** Last day of the activity (equals startDate for a one-day activity). */
  endDate: isoDay.optional(),
  /** Date of the place-date line ("Jakarta, 12 Maret 2026"): when the certificate was signed. */
  issuedDate: isoDay.optional(),
  /** Jam pelajaran as stated ("2 JP", "32 jam pelajaran", the "Jumlah" row of a JP table). */
  jp: z.number().positive().optional(),
  /** Clock duration as stated ("selama 90 menit" = 90, "selama 2 jam" = 120); not converted to JP. */
  durationMinutes: z.number().int().positive().optional(),
  /** Days as stated ("selama 3 hari"). */
  days: z.number().int().positive().optional(),
  /** Certificate number ("Nomor: 800/123/BPSDM/2026"). */
  number: z.string().min(1).optional(),
  /** Set only when the text hints at an international activity; absent means "no hint", not "national". */
  international: z.literal(true).optional(),
  /** The words that made it international, for the summary ("International Conference"). */
  internationalHint: z.string().optional(),
});
export type CertificateFields = z.infer<typeof CertificateFieldsSchema>;

export const CertificateSourceSchema = z.enum(['pdf-text', 'ocr']);
export type CertificateSource = z.infer<typeof CertificateSourceSchema>;

export const ReadFailureReasonSchema = z.enum([
  'unreadable', // broken or not what it claims to be
  'encrypted', // needs a password
  'too-large', // bytes or pixels over the limit
  'timeout', // took longer than the time limit
  'unsupported', // not a PDF, JPEG, PNG or WebP
  'no-text', // read fine but carries no text (a blank page, a photo of something else)
]);
export type ReadFailureReason = z.infer<typeof ReadFailureReasonSchema>;

export const CertificateReadingSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    source: CertificateSourceSchema,
    /** The text read, lines joined with "\n" (at most the first pages). */
    text: z.string(),
    fields: CertificateFieldsSchema,
    /** OCR only: tesseract's mean word confidence, 0..1. */
    confidence: z.number().min(0).max(1).optional(),
    /** Pages in the PDF (only the first few are read). */
    pages: z.number().int().nonnegative().optional(),
  }),
  z.object({
    ok: z.literal(false),
    reason: ReadFailureReasonSchema,
  }),
]);
export type CertificateReading = z.infer<typeof CertificateReadingSchema>;
export type CertificateRead = Extract<CertificateReading, { ok: true }>;

/** What the chat platform says about the file; the bytes decide, these only break ties. */
export interface FileHint {
  mime?: string;
  name?: string;
}

export interface ReadLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Pages of a PDF that are read (text or scanned images). */
  maxPages: number;
  /** Largest image accepted (width x height), checked from the header before decoding. */
  maxPixels: number;
  /** Time limit for reading a PDF in its worker. */
  pdfTimeoutMs: number;
  /** Time limit for the OCR of one file (all its images). */
  ocrTimeoutMs: number;
  /** Longest wait for a busy worker (other users' files) before giving up with 'timeout'. */
  queueTimeoutMs: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPages: 2, // the certificate and its back (often the JP table)
  maxPixels: 50_000_000,
  // A text PDF takes under 100 ms (p95, bench/certificate.ts): a bad file is answered in 3 s, not 10.
  pdfTimeoutMs: 3_000,
  ocrTimeoutMs: 15_000,
  queueTimeoutMs: 10_000,
};
