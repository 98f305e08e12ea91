import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEvidence, EVIDENCE_LIMITS, EvidenceError, evidenceType, sniffEvidence } from '../../src/domain/evidence.js';
import { evidenceDirFor, saveEvidence } from '../../src/store/evidence.js';

const MB = 1024 * 1024;

describe('checkEvidence', () => {
  it('accepts PDF, JPEG, PNG and WebP up to 10 MB', () => {
    expect(EVIDENCE_LIMITS.maxBytes).toBe(10 * MB);
    expect(checkEvidence('sertifikat.pdf', 'application/pdf', 1000)).toEqual({ ok: true });
    expect(checkEvidence('foto.jpg', 'image/jpeg', 10 * MB)).toEqual({ ok: true });
    expect(checkEvidence('a.png', 'image/png', 0)).toEqual({ ok: true });
    expect(checkEvidence('a.webp', 'image/webp', 5)).toEqual({ ok: true });
    expect(checkEvidence('a', 'IMAGE/JPEG; charset=binary', 5)).toEqual({ ok: true });
    expect(checkEvidence('a', 'image/jpg', 5)).toEqual({ ok: true });
  });

  it('refuses files over the limit', () => {
    expect(checkEvidence('a.pdf', 'application/pdf', 10 * MB + 1)).toEqual({ ok: false, reason: 'too-big' });
    expect(checkEvidence('a.pdf', 'application/pdf', Number.NaN)).toEqual({ ok: false, reason: 'too-big' });
  });

  it('refuses other types, whatever the extension says when the mime type is specific', () => {
    expect(checkEvidence('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 10)).toEqual({
      ok: false,
      reason: 'bad-type',
    });
    expect(checkEvidence('a.pdf', 'text/plain', 10)).toEqual({ ok: false, reason: 'bad-type' });
    expect(checkEvidence('a.gif', 'image/gif', 10)).toEqual({ ok: false, reason: 'bad-type' });
    expect(checkEvidence('a.exe', 'constructor', 10)).toEqual({ ok: false, reason: 'bad-type' });
  });

  it('uses the extension when the mime type is missing or generic', () => {
    expect(checkEvidence('Sertifikat.PDF', '', 10)).toEqual({ ok: true });
    expect(checkEvidence('foto.jpeg', undefined, 10)).toEqual({ ok: true });
    expect(checkEvidence('scan.png', 'application/octet-stream', 10)).toEqual({ ok: true });
    expect(checkEvidence('scan.zip', 'application/octet-stream', 10)).toEqual({ ok: false, reason: 'bad-type' });
    expect(checkEvidence('noext', '', 10)).toEqual({ ok: false, reason: 'bad-type' });
    expect(evidenceType('x.JPG', 'application/octet-stream')).toBe('image/jpeg');
  });

  it('reports the type before the size', () => {
    expect(checkEvidence('a.exe', 'application/x-msdownload', 50 * MB)).toEqual({ ok: false, reason: 'bad-type' });
  });
});

describe('sniffEvidence', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

  it.each([
    ['PDF', bytes('%PDF-1.7\n%…'), 'application/pdf'],
    ['PDF after a little junk', bytes([0xef, 0xbb, 0xbf], '\r\n%PDF-1.4'), 'application/pdf'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
  ])('recognises %s', (_name, content, type) => {
    expect(sniffEvidence(content)).toBe(type);
  });

  it.each([
    ['an executable', bytes('MZ', [0x90, 0])],
    ['a WAV file', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['a GIF', bytes('GIF89a')],
    ['text mentioning %PDF- after 1 KB', new Uint8Array([...new Uint8Array(1100).fill(0x20), ...bytes('%PDF-1.4')])],
    ['a truncated PDF header', bytes('%PDF')],
    ['nothing', new Uint8Array(0)],
  ])('refuses %s', (_name, content) => {
    expect(sniffEvidence(content)).toBeUndefined();
  });
});

describe('evidenceDirFor', () => {
  it('is the directory of the db file plus /evidence', () => {
    expect(evidenceDirFor('data/db.json')).toBe(path.join('data', 'evidence'));
    expect(evidenceDirFor('/srv/x/other.json')).toBe('/srv/x/evidence');
  });
});

describe('saveEvidence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bangkom-evidence-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the bytes under evidence/<sha256><ext>', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 sertifikat');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const ev = await saveEvidence(dir, bytes, 'Sertifikat Diklat.pdf', 'application/pdf');
    expect(ev).toEqual({
      hash,
      name: 'Sertifikat Diklat.pdf',
      mime: 'application/pdf',
      size: bytes.byteLength,
      path: path.join(dir, 'evidence', `${hash}.pdf`),
    });
    expect(ev.path).toBe(path.join(evidenceDirFor(path.join(dir, 'db.json')), `${hash}.pdf`));
    expect(new Uint8Array(await readFile(ev.path))).toEqual(bytes);
  });

  it('gives the same file for the same content, and no temp files', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    const a = await saveEvidence(dir, bytes, 'a.jpg', 'image/jpeg');
    const [b, c] = await Promise.all([
      saveEvidence(dir, bytes, 'b.jpeg', 'application/octet-stream'),
      saveEvidence(dir, bytes, 'c.jpg', ''),
    ]);
    expect(b!.path).toBe(a.path);
    expect(c!.path).toBe(a.path);
    expect(a.path.endsWith('.jpg')).toBe(true);
    expect(b!.name).toBe('b.jpeg');
    expect(await readdir(path.join(dir, 'evidence'))).toEqual([path.basename(a.path)]);
  });

  it('refuses what checkEvidence refuses, writing nothing', async () => {
    await expect(saveEvidence(dir, new Uint8Array(3), 'a.txt', 'text/plain')).rejects.toBeInstanceOf(EvidenceError);
    await expect(saveEvidence(dir, new Uint8Array(10 * MB + 1), 'a.pdf', 'application/pdf')).rejects.toMatchObject({
      reason: 'too-big',
    });
    await expect(readdir(path.join(dir, 'evidence'))).rejects.toThrow();
  });

  it('refuses content that is not the claimed type, writing nothing', async () => {
    const exe = new TextEncoder().encode('MZ this is no certificate');
    await expect(saveEvidence(dir, exe, 'sertifikat.pdf', 'application/pdf')).rejects.toMatchObject({ reason: 'bad-type' });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    await expect(saveEvidence(dir, jpeg, 'foto.png', 'image/png')).rejects.toMatchObject({ reason: 'bad-type' });
    await expect(readdir(path.join(dir, 'evidence'))).rejects.toThrow();
  });
});
