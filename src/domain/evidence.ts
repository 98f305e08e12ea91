import path from 'node:path';

/** Which files count as evidence (bukti dukung): size, type by name and mime, and by content. */

/** What a supporting document may be: at most 10 MB, PDF or an image (mime → file extension). */
export const EVIDENCE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  types: {
    'application/pdf': '.pdf',
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'image/webp': '.webp',
  },
} as const;

export type EvidenceMime = keyof typeof EVIDENCE_LIMITS.types;

export type EvidenceCheck = { ok: true } | { ok: false; reason: 'too-big' | 'bad-type' };

const MIMES = new Map<string, EvidenceMime>([
  ...Object.keys(EVIDENCE_LIMITS.types).map((m) => [m, m as EvidenceMime] as const),
  ['image/jpg', 'image/jpeg'],
  ['image/pjpeg', 'image/jpeg'],
  ['application/x-pdf', 'application/pdf'],
]);

const EXTENSIONS = new Map<string, EvidenceMime>([
  ['.pdf', 'application/pdf'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.jpe', 'image/jpeg'],
  ['.jfif', 'image/jpeg'],
  ['.png', 'image/png'],
  ['.webp', 'image/webp'],
]);

/** Mime types that say nothing about the content (some clients send a download type); the file name decides then. */
const GENERIC_MIMES = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
  'application/binary',
  'application/download',
  'application/x-download',
  'application/force-download',
]);

/**
 * The accepted type of a file, from its mime type, or from its extension when the mime type is
 * missing or generic (`application/octet-stream`). undefined when not accepted.
 */
export function evidenceType(name: string, mime: string | undefined): EvidenceMime | undefined {
  // Both come from the chat platform's adapter: a value of another type counts as missing.
  const m = (typeof mime === 'string' ? mime : '').split(';')[0]!.trim().toLowerCase();
  if (!GENERIC_MIMES.has(m)) return MIMES.get(m);
  return EXTENSIONS.get(path.extname(typeof name === 'string' ? name : '').toLowerCase());
}

/**
 * Worth downloading: the mime type or the name claims an accepted type (`sertifikat.pdf` sent as
 * text/plain), or neither says anything (no or a generic mime type, no extension): then the content
 * decides. Refused before download only when the claims name another type (`setup.exe`, video/mp4).
 */
export function mayBeEvidence(name: string, mime: string | undefined): boolean {
  const m = (typeof mime === 'string' ? mime : '').split(';')[0]!.trim().toLowerCase();
  const ext = path.extname(typeof name === 'string' ? name : '').toLowerCase();
  if (MIMES.has(m) || EXTENSIONS.has(ext)) return true;
  // No type and no extension (Telegram's document without a file name): the content decides.
  return GENERIC_MIMES.has(m) && ext === '';
}

/** The longest file name kept with a document (the record allows 300; messages quote it). */
export const EVIDENCE_NAME_MAX = 120;

/**
 * The name a document is kept and shown under: the sender's file name without folders, control
 * characters, bidi overrides (`\u202Egpj.pdf` would show as `fdp.jpg`) or broken UTF-16, shortened to
 * EVIDENCE_NAME_MAX characters with its extension kept. '' when nothing usable is left (or the name was
 * no string). The stored file itself is always named by its content's hash.
 */
export function evidenceName(name: unknown): string {
  if (typeof name !== 'string') return '';
  const clean = name
    .replace(/\p{Cs}/gu, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g, '')
    .split(/[\\/]/)
    .at(-1)!
    .trim();
  const chars = Array.from(clean);
  if (chars.length <= EVIDENCE_NAME_MAX) return clean;
  const ext = Array.from(path.extname(clean)).slice(0, 10);
  return [...chars.slice(0, EVIDENCE_NAME_MAX - ext.length - 1), '…', ...ext].join('');
}

/**
 * Decides from name, mime and size only, so a file can be refused before it is downloaded. Once the bytes
 * are there, evidenceOf decides instead (the content, not these claims).
 */
export function checkEvidence(name: string, mime: string | undefined, size: number): EvidenceCheck {
  if (!mayBeEvidence(name, mime)) return { ok: false, reason: 'bad-type' };
  if (!(size <= EVIDENCE_LIMITS.maxBytes)) return { ok: false, reason: 'too-big' };
  return { ok: true };
}

const startsWith = (bytes: Uint8Array, at: number, signature: readonly number[]): boolean =>
  bytes.byteLength >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
/** PDF readers accept junk before the header within the first 1024 bytes; so do we. */
const PDF_HEADER_WITHIN = 1024;

/**
 * The accepted type the content is, from its magic bytes: `%PDF-` (PDF), `FF D8 FF` (JPEG),
 * `89 50 4E 47` (PNG), `RIFF....WEBP` (WebP). undefined for anything else.
 */
export function sniffEvidence(bytes: Uint8Array): EvidenceMime | undefined {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'image/webp';
  const limit = Math.min(bytes.byteLength - PDF.length, PDF_HEADER_WITHIN - PDF.length);
  for (let at = 0; at <= limit; at++) {
    if (bytes[at] === 0x25 && startsWith(bytes, at, PDF)) return 'application/pdf';
  }
  return undefined;
}

export type EvidenceVerdict = { ok: true; type: EvidenceMime } | { ok: false; reason: 'too-big' | 'bad-type' };

/**
 * What downloaded bytes are kept as. The content decides, not the name or mime type the sender's app
 * claimed: bytes of an accepted type are that type (a PNG sent as `IMG_0847.PNG`, image/jpeg, is a PNG);
 * bytes of no accepted type are refused whatever is claimed (an executable named `sertifikat.pdf`).
 * The type is judged before the size, as in checkEvidence.
 */
export function evidenceOf(bytes: Uint8Array): EvidenceVerdict {
  const type = sniffEvidence(bytes);
  if (!type) return { ok: false, reason: 'bad-type' };
  if (bytes.byteLength > EVIDENCE_LIMITS.maxBytes) return { ok: false, reason: 'too-big' };
  return { ok: true, type };
}

export class EvidenceError extends Error {
  constructor(public readonly reason: 'too-big' | 'bad-type') {
    super(reason === 'too-big' ? 'Evidence file is too big.' : 'Evidence file type is not accepted.');
    this.name = 'EvidenceError';
  }
}
