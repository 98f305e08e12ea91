import { describe, expect, it } from 'vitest';
import { parseIntent, type Intent } from '../../src/engine/intents.js';

describe('parseIntent', () => {
  it.each<[string, Intent]>([
    // status
    ['status', { kind: 'status' }],
    ['status laporan', { kind: 'status' }],
    ['Cek status', { kind: 'status' }],
    ['status saya', { kind: 'status' }],
    ['status laporan saya?', { kind: 'status' }],
    ['/status', { kind: 'status' }],
    ['pending', { kind: 'status' }],
    ['check status', { kind: 'status' }],
    ['my status', { kind: 'status' }],
    // approvals ("daftar persetujuan" is not an invite code)
    ['persetujuan', { kind: 'approvals' }],
    ['persetujuan saya', { kind: 'approvals' }],
    ['Daftar persetujuan', { kind: 'approvals' }],
    ['/persetujuan', { kind: 'approvals' }],
    ['approvals', { kind: 'approvals' }],
    ['my approvals', { kind: 'approvals' }],
    // rekap
    ['rekap', { kind: 'rekap' }],
    ['rekap 2025', { kind: 'rekap', year: 2025 }],
    ['rekap tahun 2026', { kind: 'rekap', year: 2026 }],
    ['rekap Bidang SDM tahun 2026', { kind: 'rekap', year: 2026, unit: 'Bidang SDM' }],
    ['rekap Sekretariat 2025', { kind: 'rekap', year: 2025, unit: 'Sekretariat' }],
    ['rekap tahun lalu', { kind: 'rekap', year: 'last' }],
    ['rekap tahun ini', { kind: 'rekap' }],
    ['recap year 2025', { kind: 'rekap', year: 2025 }],
    // history
    ['riwayat', { kind: 'history' }],
    ['riwayat tahun lalu', { kind: 'history', year: 'last' }],
    ['riwayat 2025', { kind: 'history', year: 2025 }],
    ['riwayat tahun 2025', { kind: 'history', year: 2025 }],
    // unchanged behaviour
    ['daftar ABCD1234', { kind: 'link', code: 'ABCD1234' }],
    ['daftar', { kind: 'link' }],
    ['/start XYZ', { kind: 'link', code: 'XYZ' }],
    ['lapor webinar', { kind: 'report', hint: 'webinar' }],
    ['lapor', { kind: 'report' }],
    ['berapa JP saya tahun ini?', { kind: 'jp' }],
    ['jp 2025', { kind: 'jp', year: 2025 }],
    ['tahun lalu', { kind: 'jp', year: 'last' }],
    ['bantuan', { kind: 'help' }],
    ['batal', { kind: 'cancel' }],
    ['apa kabar hari ini?', { kind: 'unknown' }],
    ['status pegawai baru', { kind: 'unknown' }],
  ])('%s', (text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });
});
