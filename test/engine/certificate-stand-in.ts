import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateReadResult } from '../../src/engine/report/certificate.js';
import { smallPdf } from '../helpers/small-pdf.js';

/**
 * What src/certificate returns for a webinar e-certificate: the stand-in reading of the dialogue tests (no
 * OCR; the real reader is tested end to end in certificate-goal.test.ts).
 */
export const WEBINAR: Extract<CertificateReadResult, { ok: true }> = {
  ok: true,
  source: 'pdf-text',
  text: 'SERTIFIKAT\ndiberikan kepada\nSiti Rahmawati\natas partisipasinya sebagai peserta\nWebinar Transformasi Digital',
  fields: {
    participant: 'SITI RAHMAWATI, S.Kom.',
    title: 'Webinar Transformasi Digital',
    organizer: 'BPSDM Provinsi Kalimantan Timur',
    startDate: '2026-03-10',
    endDate: '2026-03-11',
    jp: 8,
    number: '800/123/BPSDM/2026',
  },
};

/** A small PDF file in `dir` (its content names `label`, so two files differ). */
export async function pdfFile(dir: string, label: string): Promise<string> {
  const path = join(dir, `${label}.pdf`);
  await writeFile(path, smallPdf(label));
  return path;
}
