import { textPdf } from '../certificate/fixtures/render-pdf.js';
import { LANDSCAPE_A4, type TextLine } from '../certificate/fixtures/model.js';

const center = (text: string, y: number, size: number, bold = false): TextLine => ({ text, x: 0, y, size, bold, align: 'center' });

/**
 * A landscape webinar e-certificate as offices issue them (issue 13: "SERTIFIKAT / diberikan kepada / atas
 * partisipasinya sebagai peserta / Webinar … / yang diselenggarakan oleh … / pada tanggal …"), a real text
 * PDF drawn by pdfkit.
 */
export function webinarCertificatePdf(participant = 'SITI RAHMAWATI, S.Kom.'): Promise<Uint8Array> {
  return textPdf([
    {
      ...LANDSCAPE_A4,
      lines: [
        center('SERTIFIKAT', 60, 40, true),
        center('No. 800/123/BPSDM/XI/2026', 118, 12),
        center('diberikan kepada', 150, 15),
        center(participant, 180, 26, true),
        center('atas partisipasinya sebagai peserta', 228, 15),
        center('Webinar Literasi Digital Aparatur', 254, 16),
        center('yang diselenggarakan oleh BPSDM Provinsi Kalimantan Timur', 280, 16),
        center('pada tanggal 10 - 11 November 2026, setara 8 JP', 306, 15),
        { text: 'Samarinda, 12 November 2026', x: 560, y: 440, size: 12 },
        { text: 'Kepala BPSDM', x: 560, y: 458, size: 12 },
      ],
    },
  ]);
}
