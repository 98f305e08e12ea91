import type { IncomingFile } from '../../src/chat/events.js';
import type { Rng } from './rng.js';

/**
 * Pools of hostile and odd input for the engine fuzz: texts, values of the wrong JSON type, and files.
 * Nothing here knows the store; generator.ts decides who sends what.
 */

/** Keys that resolve through Object.prototype when something is looked up in a plain object. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__'];

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f'];
const BIDI = ['\u202e', '\u202d', '\u202a', '\u202b', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇮🇩', '🏳️‍🌈', '1️⃣', '🧑🏿‍🚀', '🫠'];
const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\u000b', '\u000c', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\r', '\t', '\u2028', '\u2029', '\ufffd', '\ufffe', '\uffff'];
/** Lone UTF-16 surrogates: no UTF-8 encoding exists for them. */
export const BROKEN = ['\ud800', '\udfff', '\udbff', 'a\ud800b', '\udc00\ud800', '\ud83d'];
const COMBINING = ['e\u0301', 'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357', '\u0e49\u0e49\u0e49'];
const ODD = [...ZERO_WIDTH, ...BIDI, ...EMOJI, ...CONTROL, ...BROKEN, ...COMBINING];

/** Ordinary words of the dialogues, decorated with the odd characters above. */
const BASES = [
  'lapor webinar',
  'Webinar Manajemen ASN',
  'BKN',
  'nasional',
  'kemarin',
  'hari ini',
  '1',
  'batal',
  'kembali',
  'lewati',
  'berapa JP saya tahun ini?',
  'status',
  'persetujuan',
  'riwayat',
  'daftar ABCD-EFGH-JKMN',
  '/start',
  'Sertifikat belum dilampirkan',
  'halo',
];
/** Words that submit a report at its summary (decorated, trimming can reveal them). */
export const SEND_BASES = ['kirim', 'ya', 'ok'];

const SHAPED = [
  '<script>alert(1)</script>',
  "'; DROP TABLE activities; --",
  '${process.env.TELEGRAM_BOT_TOKEN}',
  '{{constructor.constructor("return process")()}}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  '١٢',
  '٣ hari',
  '31/02/2026',
  '29/02/2027',
  '00/00/0000',
  '9999-99-99',
  '2026-11-22T00:00:00Z',
  '-1 JP',
  '99999999999999999999',
  ' ',
  '\n\n\n',
  '\u200b\u200b',
  '\ufeff',
  ':',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
];

/** Inserts 1–5 odd characters at random places. */
export function decorate(rng: Rng, base: string): string {
  let text = base;
  const n = 1 + rng.int(5);
  for (let i = 0; i < n; i++) {
    const at = rng.int(text.length + 1);
    text = text.slice(0, at) + rng.pick(ODD) + text.slice(at);
  }
  return text;
}

/** Random UTF-16 code units, surrogate halves and controls included. */
function junk(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const range = rng.int(4);
    if (range === 0) s += String.fromCharCode(rng.int(0x80));
    else if (range === 1) s += String.fromCharCode(0xd800 + rng.int(0x800));
    else if (range === 2) s += String.fromCharCode(rng.int(0x10000));
    else s += rng.pick(ODD);
  }
  return s;
}

export type OddText = { text: string; note: string; base?: string };

/** One odd text: decorated words, junk, huge, boundary lengths, injection-shaped, broken encodings. */
export function oddText(rng: Rng): OddText {
  switch (rng.int(9)) {
    case 0:
    case 1: {
      const base = rng.chance(0.15) ? rng.pick(SEND_BASES) : rng.pick(BASES);
      return { text: decorate(rng, base), note: `decorated "${base}"`, base };
    }
    case 2:
      return { text: junk(rng, 1 + rng.int(60)), note: 'random code units' };
    case 3: {
      const kind = rng.int(5);
      if (kind === 0) return { text: 'a'.repeat(100_000), note: '100k chars' };
      if (kind === 1) return { text: '😀'.repeat(50_000), note: '50k emoji' };
      if (kind === 2) return { text: 'Webinar '.repeat(500).slice(0, 4000), note: 'exactly the 4000-char limit' };
      if (kind === 3) return { text: 'W'.repeat(4001), note: 'one over the 4000-char limit' };
      return { text: `${'Pelatihan '.repeat(20)}`.slice(0, 200 + rng.int(3)), note: 'title length boundary' };
    }
    case 4:
      return { text: rng.pick(SHAPED), note: 'shaped' };
    case 5:
      return { text: rng.pick(BROKEN) + rng.pick(BASES) + rng.pick(BROKEN), note: 'lone surrogates around words' };
    case 6:
      return { text: rng.pick(BIDI) + rng.pick(BASES) + rng.pick(ZERO_WIDTH), note: 'bidi override and zero-width' };
    case 7:
      return { text: rng.pick(CONTROL) + rng.pick(BASES), note: 'control character' };
    default:
      return { text: `${rng.pick(EMOJI)} ${rng.pick(BASES)} ${rng.pick(EMOJI)}`, note: 'emoji around words' };
  }
}

/** Values of the wrong JSON type where a string is expected (what a buggy or hostile adapter could pass). */
export function wrongValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => 42,
    () => 0,
    () => -1.5,
    () => 1e308,
    () => true,
    () => false,
    () => null,
    () => undefined,
    () => ({}),
    () => ({ text: 'lapor webinar' }),
    () => [],
    () => ['lapor', 'webinar'],
    () => [[['nested']]],
    () => JSON.parse('{"__proto__": {"role": "admin"}, "toString": 1}'),
    // Strings of the right type but broken text: a lone surrogate, an astral character cut in half, a NUL.
    () => 'X\ud800',
    () => '\udfffY',
    () => `a${'😀'.repeat(60)}`,
    () => 'nul\u0000byte',
  ])();
}

// ------------------------------------------------------------------ files

const ascii = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0) & 0xff));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

export const BYTES = {
  pdf: ascii('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  pdfWithJunk: concat(ascii('garbage before the header\n'), ascii('%PDF-1.7\n%%EOF\n')),
  png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1]),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  webp: concat(ascii('RIFF'), Uint8Array.from([26, 0, 0, 0]), ascii('WEBPVP8 '), new Uint8Array(14)),
  exe: concat(ascii('MZ'), Uint8Array.from([0x90, 0, 3, 0, 0, 0, 4, 0]), ascii('This program cannot be run in DOS mode.')),
  elf: concat(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), new Uint8Array(24)),
  html: ascii('<html><script>alert(1)</script></html>'),
  zip: concat(ascii('PK'), Uint8Array.from([3, 4, 20, 0]), new Uint8Array(26)),
  empty: new Uint8Array(0),
};

/** A PDF just over the 10 MB limit (made once: it is large). */
let oversized: Uint8Array | undefined;
function oversizedPdf(): Uint8Array {
  oversized ??= concat(BYTES.pdf, new Uint8Array(10 * 1024 * 1024 + 1 - BYTES.pdf.byteLength));
  return oversized;
}

/** A file event's payload, counting how often the engine downloads it. */
export interface OddFile {
  file: IncomingFile;
  note: string;
  /** The engine must refuse it from the claimed name, type and size alone, before downloading. */
  refuseBeforeFetch: boolean;
  /** The content is an accepted type within the limit, so it is kept when the evidence question is open. */
  acceptable: boolean;
  fetches(): number;
}

type FetchMode = 'ok' | 'throws' | 'slow' | 'not-bytes';

function makeFile(
  name: unknown,
  mime: unknown,
  size: unknown,
  bytes: () => Uint8Array,
  mode: FetchMode,
  note: string,
  flags: { refuseBeforeFetch?: boolean; acceptable?: boolean } = {},
): OddFile {
  let calls = 0;
  const fetch = async (): Promise<Uint8Array> => {
    calls++;
    if (mode === 'throws') throw new Error('download failed: ECONNRESET');
    if (mode === 'slow') await new Promise((r) => setTimeout(r, 25));
    if (mode === 'not-bytes') return 'not bytes' as never;
    return bytes();
  };
  const file = { name, ...(mime !== undefined ? { mime } : {}), ...(size !== undefined ? { size } : {}), fetch } as IncomingFile;
  return { file, note, refuseBeforeFetch: flags.refuseBeforeFetch ?? false, acceptable: flags.acceptable ?? false, fetches: () => calls };
}

/** A good certificate, as a real user sends it at the evidence question. */
export function goodFile(rng: Rng): OddFile {
  if (rng.chance(0.5)) return makeFile('sertifikat.pdf', 'application/pdf', BYTES.pdf.byteLength, () => BYTES.pdf, 'ok', 'a PDF certificate', { acceptable: true });
  return makeFile('IMG_0847.JPG', 'image/jpeg', BYTES.jpeg.byteLength, () => BYTES.jpeg, 'ok', 'a JPEG photo', { acceptable: true });
}

/** A hostile or broken file. */
export function oddFile(rng: Rng, opts: { wrongTypes: boolean }): OddFile {
  const cases: (() => OddFile)[] = [
    () => makeFile('sertifikat.pdf', 'application/pdf', 0, () => BYTES.empty, 'ok', 'empty PDF'),
    () => makeFile('sertifikat.pdf', 'application/pdf', 50 * 1024 * 1024, () => BYTES.pdf, 'ok', 'claims 50 MB', { refuseBeforeFetch: true }),
    () => makeFile('sertifikat.pdf', 'application/pdf', Number.POSITIVE_INFINITY, () => BYTES.pdf, 'ok', 'claims an infinite size', { refuseBeforeFetch: true }),
    () => makeFile('sertifikat.pdf', 'application/pdf', Number.NaN, () => BYTES.pdf, 'ok', 'claims a NaN size', { refuseBeforeFetch: true }),
    () => makeFile('sertifikat.pdf', 'application/pdf', -1, () => BYTES.pdf, 'ok', 'claims a negative size', { acceptable: true }),
    () => makeFile('big.pdf', 'application/pdf', undefined, oversizedPdf, 'ok', 'a PDF of 10 MB + 1 byte, size not claimed'),
    // The name claims a PDF under a wrong type: downloaded, and the content (an executable) refuses it.
    () => makeFile('setup.pdf', 'application/x-msdownload', 40, () => BYTES.exe, 'ok', 'wrong mime, PDF name (exe)'),
    // Both claims name another type: refused before download.
    () => makeFile('setup.exe', 'application/x-msdownload', 40, () => BYTES.exe, 'ok', 'exe claimed twice', { refuseBeforeFetch: true }),
    () => makeFile('sertifikat.pdf', 'application/pdf', BYTES.exe.byteLength, () => BYTES.exe, 'ok', 'executable bytes named .pdf'),
    () => makeFile('foto.jpg', 'image/jpeg', BYTES.elf.byteLength, () => BYTES.elf, 'ok', 'ELF bytes named .jpg'),
    () => makeFile('index.pdf', 'application/octet-stream', BYTES.html.byteLength, () => BYTES.html, 'ok', 'HTML named .pdf'),
    () => makeFile('arsip.pdf', '', BYTES.zip.byteLength, () => BYTES.zip, 'ok', 'a ZIP named .pdf'),
    () => makeFile('sertifikat.pdf', 'application/pdf', BYTES.png.byteLength, () => BYTES.png, 'ok', 'a PNG named .pdf', { acceptable: true }),
    () => makeFile('IMG_0847.PNG', 'image/jpeg', BYTES.png.byteLength, () => BYTES.png, 'ok', 'a PNG sent as image/jpeg', { acceptable: true }),
    () => makeFile('scan.webp', 'image/webp', undefined, () => BYTES.webp, 'ok', 'a WebP', { acceptable: true }),
    () => makeFile('bukti.pdf', 'application/pdf', undefined, () => BYTES.pdfWithJunk, 'ok', 'junk before %PDF-', { acceptable: true }),
    () => makeFile('sertifikat.pdf', 'application/pdf', 100, () => BYTES.pdf, 'throws', 'download throws'),
    () => makeFile('sertifikat.pdf', 'application/pdf', 100, () => BYTES.pdf, 'slow', 'slow download (bounded)', { acceptable: true }),
    () => makeFile('../../etc/passwd', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'path traversal name', { acceptable: true }),
    () => makeFile('..\\..\\windows\\system32\\cmd.pdf', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'windows traversal name', { acceptable: true }),
    () => makeFile('/etc/shadow.pdf', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'absolute path name', { acceptable: true }),
    () => makeFile('a\u0000b.pdf', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'NUL in the name', { acceptable: true }),
    () => makeFile('\u202egpj.pdf', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'bidi override in the name', { acceptable: true }),
    () => makeFile('\ud800.pdf', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'lone surrogate in the name', { acceptable: true }),
    () => makeFile(`${'x'.repeat(100_000)}.pdf`, 'application/pdf', 100, () => BYTES.pdf, 'ok', '100k-char name', { acceptable: true }),
    () => makeFile('.pdf', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'name is only the extension', { acceptable: true }),
    () => makeFile('', 'application/pdf', 100, () => BYTES.pdf, 'ok', 'empty name', { acceptable: true }),
    () => makeFile('sertifikat.pdf', 'application/pdf; charset=binary', 100, () => BYTES.pdf, 'ok', 'mime with parameters', { acceptable: true }),
    () => makeFile('sertifikat.pdf', 'APPLICATION/PDF', 100, () => BYTES.pdf, 'ok', 'mime in upper case', { acceptable: true }),
  ];
  if (opts.wrongTypes) {
    cases.push(
      () => makeFile(12345, 'application/pdf', 100, () => BYTES.pdf, 'ok', 'name is a number'),
      () => makeFile(null, 'application/pdf', 100, () => BYTES.pdf, 'ok', 'name is null'),
      () => makeFile(['a.pdf'], 'application/pdf', 100, () => BYTES.pdf, 'ok', 'name is an array'),
      () => makeFile('sertifikat.pdf', 42, 100, () => BYTES.pdf, 'ok', 'mime is a number'),
      () => makeFile('sertifikat.pdf', { type: 'application/pdf' }, 100, () => BYTES.pdf, 'ok', 'mime is an object'),
      () => makeFile('sertifikat.pdf', 'application/pdf', '100', () => BYTES.pdf, 'ok', 'size is a string', { acceptable: true }),
      () => makeFile('sertifikat.pdf', 'application/pdf', null, () => BYTES.pdf, 'ok', 'size is null', { acceptable: true }),
      () => makeFile('sertifikat.pdf', 'application/pdf', 100, () => BYTES.pdf, 'not-bytes', 'download gives a string, not bytes'),
    );
  }
  return rng.pick(cases)();
}
