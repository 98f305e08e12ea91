import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/certificate/fields/dates.js';
import { extractFields } from '../../src/certificate/fields/extract.js';
import { tidyLine } from '../../src/certificate/fields/normalize.js';
import type { CertificateFields } from '../../src/certificate/types.js';

// Each case names where its text comes from: the issue, the helper brief, a layout offices use, or an
// OCR misread seen when reading the scanned corpus.
const FIELD_CASES: { name: string; text: string; expected: Partial<CertificateFields> }[] = [
  {
    name: 'issue 13 e-certificate layout: diberikan kepada / sebagai peserta / diselenggarakan oleh / pada tanggal',
    text: 'SERTIFIKAT\ndiberikan kepada\nBudi Santoso\natas partisipasinya sebagai peserta\nWebinar SPBE untuk Daerah\nyang diselenggarakan oleh Kominfo\npada tanggal 10 - 11 Maret 2026',
    expected: { participant: 'Budi Santoso', title: 'Webinar SPBE untuk Daerah', organizer: 'Kominfo', startDate: '2026-03-10', endDate: '2026-03-11' },
  },
  {
    name: 'brief: name on the cue line "Diberikan kepada: SITI AMINAH, S.E."',
    text: 'Diberikan kepada: SITI AMINAH, S.E.\nsebagai peserta pada Seminar Nasional Kearsipan',
    expected: { participant: 'SITI AMINAH, S.E.', title: 'Seminar Nasional Kearsipan' },
  },
  {
    name: 'brief: "Nama :" line after "Diberikan kepada:" (training layout)',
    text: 'Diberikan kepada:\nNama : Ahmad Fauzi, S.T.\nNIP : 19850312 201001 1 004',
    expected: { participant: 'Ahmad Fauzi, S.T.' },
  },
  {
    name: 'brief: "Nama Peserta:" with no "diberikan kepada"',
    text: 'PIAGAM\nNama Peserta: Rudi Hartono\ntelah mengikuti Diklat Kearsipan Dasar',
    expected: { participant: 'Rudi Hartono', title: 'Diklat Kearsipan Dasar' },
  },
  {
    name: 'brief: English "This certificate is awarded to" / "for participating in the" / "organized by"',
    text: 'This certificate is awarded to\nRina Wulandari\nfor participating in the\nInternational Webinar on Smart Cities\norganized by Universiti Malaya\non March 5, 2026',
    expected: { participant: 'Rina Wulandari', title: 'International Webinar on Smart Cities', organizer: 'Universiti Malaya', startDate: '2026-03-05', endDate: '2026-03-05', international: true },
  },
  {
    name: 'brief: "Pelatihan …" line with no cue before it',
    text: 'SERTIFIKAT\nPelatihan Dasar CPNS Golongan III\nJakarta, 12 Maret 2026',
    expected: { title: 'Pelatihan Dasar CPNS Golongan III', startDate: '2026-03-12', endDate: '2026-03-12', issuedDate: '2026-03-12' },
  },
  {
    name: 'brief: title, organiser and date in one sentence are cut apart',
    text: 'telah mengikuti Webinar Literasi Digital yang diselenggarakan oleh Diskominfo Kota Pangkalpinang pada tanggal 3 Juni 2026',
    expected: { title: 'Webinar Literasi Digital', organizer: 'Diskominfo Kota Pangkalpinang', startDate: '2026-06-03', endDate: '2026-06-03' },
  },
  {
    name: 'layout: a long e-certificate title wrapped after "dalam" goes on on the next line',
    text: 'sebagai peserta\nWebinar Nasional Percepatan Transformasi Digital dalam\nPelayanan Publik Daerah\nyang diselenggarakan oleh Kementerian PANRB',
    expected: { title: 'Webinar Nasional Percepatan Transformasi Digital dalam Pelayanan Publik Daerah', organizer: 'Kementerian PANRB' },
  },
  {
    name: 'layout: a quoted title over two lines ends at its closing quote',
    text: 'telah mengikuti Webinar "Literasi Digital:\nCakap Bermedia Sosial"\nJakarta, 4 Mei 2026',
    expected: { title: 'Webinar Literasi Digital: Cakap Bermedia Sosial', startDate: '2026-05-04', endDate: '2026-05-04', issuedDate: '2026-05-04' },
  },
  {
    name: 'layout: a finished title does not swallow the organiser line below it',
    text: 'sebagai peserta\nWebinar SPBE Nasional\nKementerian PANRB',
    expected: { title: 'Webinar SPBE Nasional' },
  },
  {
    name: 'layout: cue after cue "sebagai Peserta" / "dalam kegiatan" / a title without a form word',
    text: 'sebagai Peserta\ndalam kegiatan\nTransformasi Digital Pelayanan Publik\nyang diselenggarakan oleh Kementerian PANRB',
    expected: { title: 'Transformasi Digital Pelayanan Publik', organizer: 'Kementerian PANRB' },
  },
  {
    name: 'brief: "dalam kegiatan" with the title on the next line, "Penyelenggara:"',
    text: 'telah mengikuti dengan baik dalam kegiatan\nBimbingan Teknis SAKIP\nPenyelenggara: Pusat Pengembangan Kompetensi Kemendagri',
    expected: { title: 'Bimbingan Teknis SAKIP', organizer: 'Pusat Pengembangan Kompetensi Kemendagri' },
  },
  {
    name: 'issue 13 date range "10 s.d. 12 Maret 2026"',
    text: 'dilaksanakan pada tanggal 10 s.d. 12 Maret 2026',
    expected: { startDate: '2026-03-10', endDate: '2026-03-12' },
  },
  {
    name: 'issue 13 numeric date "10/03/2026"',
    text: 'Webinar Keuangan Daerah\npada tanggal 10/03/2026',
    expected: { title: 'Webinar Keuangan Daerah', startDate: '2026-03-10', endDate: '2026-03-10' },
  },
  {
    name: 'brief: the place-date line is the signing date; the activity date after "pada tanggal" wins',
    text: 'pada tanggal 2 Maret 2026\nJakarta, 12 Maret 2026\nKepala Badan',
    expected: { startDate: '2026-03-02', endDate: '2026-03-02', issuedDate: '2026-03-12' },
  },
  {
    name: 'brief: only a place-date line gives the activity date too',
    text: 'Webinar Pelayanan Publik\nPangkalpinang, 4 Mei 2026',
    expected: { title: 'Webinar Pelayanan Publik', startDate: '2026-05-04', endDate: '2026-05-04', issuedDate: '2026-05-04' },
  },
  {
    name: 'layout: a range across months "30 Maret - 2 April 2026"',
    text: 'pada tanggal 30 Maret - 2 April 2026',
    expected: { startDate: '2026-03-30', endDate: '2026-04-02' },
  },
  {
    name: 'layout: a weekday before the date is not a place "pada hari Kamis, 5 Februari 2026"',
    text: 'pada hari Kamis, 5 Februari 2026',
    expected: { startDate: '2026-02-05', endDate: '2026-02-05' },
  },
  { name: 'issue 13 JP "2 JP"', text: 'Webinar X\nsebanyak 2 JP', expected: { title: 'Webinar X', jp: 2 } },
  { name: 'issue 13 JP "32 jam pelajaran"', text: 'dengan jumlah 32 jam pelajaran', expected: { jp: 32 } },
  { name: 'issue 13 JP "setara 3 JP"', text: 'pada tanggal 10 Maret 2026, setara 3 JP', expected: { jp: 3, startDate: '2026-03-10', endDate: '2026-03-10' } },
  { name: 'layout: JP spelled out "24 (dua puluh empat) Jam Pelajaran"', text: 'selama 24 (dua puluh empat) Jam Pelajaran', expected: { jp: 24 } },
  { name: 'layout: decimal JP "1,5 JP"', text: 'setara 1,5 JP', expected: { jp: 1.5 } },
  { name: 'issue 13 duration "selama 90 menit" (minutes, not JP)', text: 'selama 90 menit', expected: { durationMinutes: 90 } },
  { name: 'layout: "selama 2 jam 30 menit"', text: 'selama 2 jam 30 menit', expected: { durationMinutes: 150 } },
  { name: 'layout: days "selama 3 (tiga) hari"', text: 'Bimtek selama 3 (tiga) hari', expected: { title: 'Bimtek', days: 3 } },
  {
    name: 'brief: a JP table: the "Jumlah" row, not the rows above it',
    text: 'No Materi JP\n1 Kebijakan 8\n2 Perencanaan 8\n3 Pemilihan Penyedia 10\nJumlah 26',
    expected: { jp: 26 },
  },
  {
    name: 'brief: a JP table with "Total 24 JP" and per-row units',
    text: 'Mata Pelatihan Jam Pelajaran\nKonsep SAKIP 6 JP\nIndikator 18 JP\nTotal 24 JP',
    expected: { jp: 24 },
  },
  { name: 'brief: number "Nomor: 800/1234/BPSDM/2026"', text: 'Nomor: 800/1234/BPSDM/2026', expected: { number: '800/1234/BPSDM/2026' } },
  { name: 'brief: number "No. 045/WEB/KOMINFO/III/2026"', text: 'No. 045/WEB/KOMINFO/III/2026', expected: { number: '045/WEB/KOMINFO/III/2026' } },
  { name: 'brief: number "No: UM-2026-0417"', text: 'Certificate No: UM-2026-0417', expected: { number: 'UM-2026-0417' } },
  {
    name: 'layout: a letterhead address "Jl. Medan Merdeka Barat No. 9" above the certificate number',
    text: 'KEMENTERIAN KOMUNIKASI DAN INFORMATIKA\nJl. Medan Merdeka Barat No. 9, Jakarta Pusat\nSERTIFIKAT\nNo. 045/WEB/2026',
    expected: { number: '045/WEB/2026' },
  },
  { name: 'layout: a letterhead address alone gives no number', text: 'Jalan Jenderal Sudirman No. 12, Pangkalpinang\nTelp. (0717) 438 000', expected: {} },
  { name: 'layout: a table header "No Materi JP" is not a number', text: 'No Materi JP\n1 Kebijakan 8', expected: {} },
  { name: 'brief: international "internasional" in the title', text: 'sebagai peserta Seminar Internasional Tata Kelola', expected: { title: 'Seminar Internasional Tata Kelola', international: true } },
  { name: 'brief: foreign organiser words "organized by JICA"', text: 'organized by JICA Indonesia Office', expected: { organizer: 'JICA Indonesia Office', international: true } },
  { name: 'layout: a JP-table topic with "Internasional" is no hint', text: 'No Materi JP\n1 Standar Internasional ISO 9001 6\nJumlah 6', expected: { jp: 6 } },
  {
    name: 'OCR misread: "V1" for the roman VI in a title',
    text: 'telah mengikuti Pelatihan Kepemimpinan Administrator Angkatan V1',
    expected: { title: 'Pelatihan Kepemimpinan Administrator Angkatan VI' },
  },
  { name: 'OCR misread: O for 0 and l for 1 in a date "1O Maret 2O26"', text: 'pada tanggal 1O Maret 2O26', expected: { startDate: '2026-03-10', endDate: '2026-03-10' } },
  { name: 'OCR misread: "l2 s.d. l4 Mei 2026"', text: 'pada tanggal l2 s.d. l4 Mei 2026', expected: { startDate: '2026-05-12', endDate: '2026-05-14' } },
  { name: 'OCR misread: spaces around the separators of a number "800 / 12 / BPSDM / 2026"', text: 'Nomor : 800 / 12 / BPSDM / 2026', expected: { number: '800/12/BPSDM/2026' } },
  { name: 'OCR misread: "I11" for the roman month III in a number', text: 'No. 045/WEB/KOMINFO/I11/2026', expected: { number: '045/WEB/KOMINFO/III/2026' } },
  { name: 'OCR misread: "!11" for the roman month III in a number', text: 'No. 045/WEB/KOMINFO/!11/2026', expected: { number: '045/WEB/KOMINFO/III/2026' } },
  {
    name: 'OCR misread: "11" for the roman month II of a February certificate (LAN corpus scan)',
    text: 'Nomor: 12/LAN/WS/11/2026\nJakarta, 5 Februari 2026',
    expected: { number: '12/LAN/WS/II/2026', startDate: '2026-02-05', endDate: '2026-02-05', issuedDate: '2026-02-05' },
  },
  {
    name: 'layout: "11" before the year of a November certificate stays 11',
    text: 'Nomor: 12/LAN/WS/11/2026\nJakarta, 5 November 2026',
    expected: { number: '12/LAN/WS/11/2026', startDate: '2026-11-05', endDate: '2026-11-05', issuedDate: '2026-11-05' },
  },
  {
    name: 'OCR noise (mail-merge scan in the bench): specks between "Nama" and the colon, noise after "Diberikan kepada:"',
    text: 'Diberikan kepada: So EE so\nNama - : | | : | : Ahmad Fauzi, S.T.',
    expected: { participant: 'Ahmad Fauzi, S.T.' },
  },
  { name: 'OCR noise: a JP table total with rules read as punctuation "Jumlah: : - 32"', text: 'No Mata Pelatihan JP\nJumlah: : - 32 |', expected: { jp: 32 } },
  { name: 'OCR noise: doubled spaces and a stray line', text: 'diberikan   kepada\n. ,\nBudi   Santoso', expected: { participant: 'Budi Santoso' } },
  { name: 'brief: an unrelated text yields nothing', text: 'Daftar belanja: beras, gula, minyak goreng', expected: {} },
];

describe('extractFields', () => {
  it.each(FIELD_CASES)('$name', ({ text, expected }) => {
    const fields = extractFields(text);
    const { internationalHint: _hint, ...checked } = fields;
    // Every field the case names must be found, and nothing the case does not name (no guesses).
    expect(checked).toEqual(expected);
  });
});

describe('extractFields on hostile text', () => {
  it.each([
    ['one 20000-character line of digits and month names', '1 Maret 2026 - '.repeat(1400)],
    ['20000 characters of "diberikan kepada" cues on their own lines', 'diberikan kepada\n'.repeat(1200)],
    ['20000 characters of open brackets after numbers', '12 (jam pelajaran '.repeat(1200)],
  ])('%s: done in well under a second (it runs on the main thread)', (_name, text) => {
    const start = performance.now();
    extractFields(text);
    expect(performance.now() - start).toBeLessThan(250);
  });
});

const DATE_CASES: { name: string; line: string; expected: [string, string][] }[] = [
  { name: 'issue 13 "10 - 11 Maret 2026"', line: '10 - 11 Maret 2026', expected: [['2026-03-10', '2026-03-11']] },
  { name: 'issue 13 "10 s.d. 12 Maret 2026"', line: '10 s.d. 12 Maret 2026', expected: [['2026-03-10', '2026-03-12']] },
  { name: 'layout: "10 s/d 12 Maret 2026"', line: '10 s/d 12 Maret 2026', expected: [['2026-03-10', '2026-03-12']] },
  { name: 'layout: "10 sampai dengan 12 Maret 2026"', line: '10 sampai dengan 12 Maret 2026', expected: [['2026-03-10', '2026-03-12']] },
  { name: 'layout: two days "10 dan 11 Maret 2026"', line: '10 dan 11 Maret 2026', expected: [['2026-03-10', '2026-03-11']] },
  { name: 'layout: across years "28 Desember 2025 s/d 2 Januari 2026"', line: '28 Desember 2025 s/d 2 Januari 2026', expected: [['2025-12-28', '2026-01-02']] },
  { name: 'issue 13 "10/03/2026"', line: '10/03/2026', expected: [['2026-03-10', '2026-03-10']] },
  { name: 'layout: "10/03/2026 - 12/03/2026"', line: '10/03/2026 - 12/03/2026', expected: [['2026-03-10', '2026-03-12']] },
  { name: 'layout: ISO "2026-03-10"', line: '2026-03-10', expected: [['2026-03-10', '2026-03-10']] },
  { name: 'layout: old spelling "5 Pebruari 2026"', line: '5 Pebruari 2026', expected: [['2026-02-05', '2026-02-05']] },
  { name: 'layout: abbreviation "10 Agt 2026"', line: '10 Agt 2026', expected: [['2026-08-10', '2026-08-10']] },
  { name: 'English "March 10-11, 2026"', line: 'March 10-11, 2026', expected: [['2026-03-10', '2026-03-11']] },
  { name: 'English "5 March 2026"', line: '5 March 2026', expected: [['2026-03-05', '2026-03-05']] },
  { name: 'layout: weekdays on both ends "Senin, 9 Maret 2026 - Rabu, 11 Maret 2026"', line: 'Senin, 9 Maret 2026 - Rabu, 11 Maret 2026', expected: [['2026-03-09', '2026-03-11']] },
  { name: 'English ordinals "10th - 12th March 2026"', line: '10th - 12th March 2026', expected: [['2026-03-10', '2026-03-12']] },
  { name: 'English ordinals "March 5th, 2026"', line: 'March 5th, 2026', expected: [['2026-03-05', '2026-03-05']] },
  { name: 'not a day: "31 April 2026"', line: '31 April 2026', expected: [] },
  { name: 'not a range: ends before it starts "12 - 10 Maret 2026"', line: '12 - 10 Maret 2026', expected: [] },
  { name: 'not a date: a letter number "800/1234/BPSDM/2026"', line: '800/1234/BPSDM/2026', expected: [] },
  { name: 'not a date: an NIP "19850312 201001 1 004"', line: '19850312 201001 1 004', expected: [] },
];

describe('findDates', () => {
  it.each(DATE_CASES)('$name', ({ line, expected }) => {
    expect(findDates(line).map((d) => [d.start, d.end])).toEqual(expected);
  });
});

const TIDY_CASES: { name: string; line: string; expected: string }[] = [
  { name: 'OCR: "V1" → "VI"', line: 'Angkatan V1', expected: 'Angkatan VI' },
  { name: 'OCR: "X1V" → "XIV"', line: 'Angkatan X1V', expected: 'Angkatan XIV' },
  { name: 'OCR: "2O26" → "2026"', line: 'Maret 2O26', expected: 'Maret 2026' },
  { name: 'OCR: "l0" → "10"', line: 'l0 Maret', expected: '10 Maret' },
  { name: 'OCR: words and degrees stay "S1 Ilmu Komputer, S.Kom."', line: 'S1 Ilmu Komputer, S.Kom.', expected: 'S1 Ilmu Komputer, S.Kom.' },
  { name: 'OCR: a speck read as a full stop "Webinar.Transformasi"', line: 'Webinar.Transformasi Digital', expected: 'Webinar Transformasi Digital' },
  { name: 'OCR: degrees and domains keep their dots "S.Kom., kominfo.go.id"', line: 'Budi, S.Kom., kominfo.go.id', expected: 'Budi, S.Kom., kominfo.go.id' },
  { name: 'OCR: extra spaces collapse', line: '  Budi    Santoso ', expected: 'Budi Santoso' },
];

describe('tidyLine', () => {
  it.each(TIDY_CASES)('$name', ({ line, expected }) => {
    expect(tidyLine(line)).toBe(expected);
  });
});
