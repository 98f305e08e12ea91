import { NIP, type World } from '../helpers/script-driver.js';
import { activity } from '../reminders/fixtures.js';

/** The world of these tests: Bidang SDM 1 of 3 at 20 JP, Sekretariat 1 of 2. */
export async function seedRekap(world: World): Promise<void> {
  const add = (nip: string, a: Parameters<typeof activity>[1]) => world.store.addActivity(activity(nip, a));
  await add(NIP.siti, { type: 'seminar', start: '2026-02-02', end: '2026-02-03', jp: 8.4 });
  await add(NIP.siti, { type: 'kursus', start: '2026-05-05', jp: 4, status: 'pending' });
  await add(NIP.andi, { type: 'pelatihan-teknis', start: '2026-04-01', jp: 24 });
  await add(NIP.admin, { type: 'kursus', start: '2026-03-03', jp: 20 });
  // Three coaching sessions in one month: the monthly cap counts two (4 of 6 JP).
  await add(NIP.orphan, { type: 'coaching', start: '2026-03-02', end: '2026-03-20', count: 3, jp: 6 });
  await add(NIP.orphan, { type: 'seminar', start: '2026-03-25', jp: 10, status: 'rejected' });
  await add(NIP.atasan, { type: 'seminar', start: '2025-06-01', jp: 30 }); // another year
}

export const EXPECTED_ROWS = [
  { nip: NIP.andi, name: 'Andi Wijaya', unit: 'Bidang SDM', approvedJp: 24, pendingJp: 0, targetJp: 20, met: true },
  { nip: NIP.atasan, name: 'Budi Santoso', unit: 'Bidang SDM', approvedJp: 0, pendingJp: 0, targetJp: 20, met: false },
  { nip: NIP.siti, name: 'Siti Rahmawati', unit: 'Bidang SDM', approvedJp: 8.4, pendingJp: 4, targetJp: 20, met: false },
  { nip: NIP.orphan, name: 'Dewi Lestari', unit: 'Sekretariat', approvedJp: 4, pendingJp: 0, targetJp: 20, met: false },
  { nip: NIP.admin, name: 'Rina Admin', unit: 'Sekretariat', approvedJp: 20, pendingJp: 0, targetJp: 20, met: true },
];
