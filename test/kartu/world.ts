import { createHash } from 'node:crypto';
import { importRoster } from '../../src/domain/roster.js';
import type { Store } from '../../src/domain/store.js';
import type { Activity } from '../../src/domain/types.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, NIP, ROSTER_CSV, type World } from '../helpers/script-driver.js';

export { NIP };

export const NOW = '2026-11-22T03:00:00Z';

/** A certificate's bytes kept through the Store port, as the report dialog keeps them. */
async function storedEvidence(store: Store, name: string): Promise<NonNullable<Activity['evidence']>> {
  const bytes = new TextEncoder().encode(`%PDF-1.4\n% ${name}\n%%EOF\n`);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const path = await store.putEvidence({ hash, mime: 'application/pdf', ext: '.pdf', bytes });
  return { hash, name, mime: 'application/pdf', size: bytes.length, path };
}

const imported = (line: number): Activity['source'] => ({
  kind: 'impor',
  by: 'hr-operator',
  at: '2026-01-05T02:00:00.000Z',
  file: 'riwayat-2024-2025.xlsx',
  line,
});

/**
 * Siti's records: approved ones reported in chat (one with its certificate stored and marked uploaded to
 * MyASN, three coaching sessions in one month of which the cap counts two), two imported from the history,
 * and pending, returned, rejected and cancelled ones that are no record yet; Andi has one of his own.
 * Siti's rank and birth place come from the roster; her birth date and sex only from her NIP.
 */
export async function seedKartu(store: Store): Promise<void> {
  const siti = (await store.getEmployee(NIP.siti))!;
  await store.upsertEmployees([{ ...siti, pangkat: 'Penata', golongan: 'III/c', tempatLahir: 'Sendawar' }]);
  const add = async (over: Parameters<typeof activity>[1], nip = NIP.siti) => store.addActivity(activity(nip, over));
  await add({
    type: 'seminar',
    start: '2026-02-02',
    end: '2026-02-03',
    jp: 8.4,
    title: 'Webinar SPBE',
    organizer: 'Kementerian PANRB',
    certificateNumber: 'SRT/01',
    evidence: await storedEvidence(store, 'sertifikat-spbe.pdf'),
    myAsnUploadedAt: '2026-02-10T01:00:00.000Z',
  });
  await add({ type: 'coaching', start: '2026-03-02', end: '2026-03-20', count: 3, jp: 6, title: 'Coaching Analis SDM', organizer: 'Bidang SDM' });
  await add({ type: 'kursus', start: '2026-05-05', jp: 10, title: 'Kursus Excel', status: 'pending' });
  await add({ type: 'workshop', start: '2026-06-01', jp: 5, title: 'Workshop Ditolak', status: 'rejected' });
  await add({ type: 'seminar', start: '2026-07-01', jp: 3, title: 'Seminar Dikembalikan', status: 'returned' });
  await add({ type: 'seminar', start: '2026-08-01', jp: 3, title: 'Seminar Dibatalkan', status: 'cancelled' });
  await add({
    type: 'pelatihan-teknis',
    start: '2025-04-07',
    end: '2025-04-10',
    jp: 30,
    title: 'Pelatihan Pengadaan Barang/Jasa',
    organizer: 'LKPP',
    certificateNumber: 'PBJ/2025/77',
    evidence: await storedEvidence(store, 'pbj.pdf'),
    source: imported(2),
  });
  await add({
    type: 'pelatihan-struktural-kepemimpinan',
    start: '2024-05-04',
    end: '2024-08-28',
    jp: 180,
    title: 'PKP Angkatan II',
    organizer: 'BPSDM Provinsi Kalimantan Timur',
    certificateNumber: 'PKP/77',
    source: imported(3),
  });
  await add({ type: 'seminar', start: '2026-04-04', jp: 2, title: 'Seminar Milik Andi' }, NIP.andi);
}

/** The same roster as the chat tests, on any store. */
export async function seedRoster(store: Store): Promise<void> {
  await importRoster(store, ROSTER_CSV, new Date(NOW));
}

export async function kartuWorld(): Promise<World> {
  const w = await makeWorld({ now: NOW });
  await seedKartu(w.store);
  return w;
}

/** Titles of Siti's records that are not on her card. */
export const NOT_ON_CARD = ['Kursus Excel', 'Workshop Ditolak', 'Seminar Dikembalikan', 'Seminar Dibatalkan', 'Seminar Milik Andi'];
