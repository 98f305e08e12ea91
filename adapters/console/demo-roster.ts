import type { Employee } from '../../src/domain/types.js';
import type { Store } from '../../src/domain/store.js';

export const DEMO_ATASAN_NIP = '197501012000031002';
export const DEMO_EMPLOYEE_NIP = '199003152015032001';

/** A two-person roster so a newcomer can play the employee and the atasan on a fresh store. */
export async function seedDemoRoster(store: Store, now: Date): Promise<Employee[] | undefined> {
  if ((await store.listEmployees()).length > 0) return undefined;
  const at = now.toISOString();
  const demo: Employee[] = [
    {
      nip: DEMO_ATASAN_NIP,
      name: 'Budi Santoso',
      position: 'Kepala Bidang Pengembangan SDM',
      unit: 'Bidang Pengembangan SDM',
      atasanNip: null,
      role: 'admin',
      updatedAt: at,
    },
    {
      nip: DEMO_EMPLOYEE_NIP,
      name: 'Siti Rahmawati',
      position: 'Analis SDM Aparatur',
      unit: 'Bidang Pengembangan SDM',
      atasanNip: DEMO_ATASAN_NIP,
      role: 'user',
      updatedAt: at,
    },
  ];
  await store.upsertEmployees(demo);
  return demo;
}
