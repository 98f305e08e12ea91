/**
 * The records of the scale benchmark: the same shapes bench/store-write.ts builds (a realistic employee,
 * a full activity with history and evidence, a half-filled report dialogue), so lowdb and PostgreSQL hold
 * the same data. Employee i is linked as telegram user 100000+i; every 25th employee (i % 25 === 0) is an
 * atasan with no atasan of their own; employee 0 is the admin. Activity n belongs to employee n % employees.
 */
import { SCHEMA_VERSION, type Account, type Activity, type ConversationState, type Employee } from '../src/domain/types.js';

export const SEED_AT = '2026-03-01T08:00:00.000Z';

export function nipOf(i: number): string {
  return `19${String(70 + (i % 30)).padStart(2, '0')}0101${String(200000 + (i % 99999)).padStart(6, '0')}1${String(i).padStart(5, '0')}`.slice(0, 18);
}

export const userIdOf = (i: number) => String(100000 + i);

export function employee(i: number, now = SEED_AT): Employee {
  return {
    nip: nipOf(i),
    name: `Pegawai Negeri Sipil Nomor ${i}`,
    position: 'Analis Kebijakan Ahli Muda',
    unit: `Direktorat ${Math.floor(i / 250)}`,
    atasanNip: i % 25 === 0 ? null : nipOf(i - (i % 25)),
    email: `pegawai${i}@instansi.go.id`,
    role: i === 0 ? 'admin' : 'user',
    updatedAt: now,
  };
}

export function account(i: number, now = SEED_AT): Account {
  return { platform: 'telegram', userId: userIdOf(i), nip: nipOf(i), linkedAt: now, lastSeenAt: now };
}

const STATUSES = ['approved', 'approved', 'approved', 'pending', 'rejected', 'returned'] as const;

export function activity(n: number, nip: string, now = SEED_AT): Activity {
  const year = 2022 + (n % 5);
  const month = String(1 + (n % 12)).padStart(2, '0');
  const status = STATUSES[n % STATUSES.length]!;
  return {
    schemaVersion: SCHEMA_VERSION,
    id: `act-${n.toString(36).padStart(8, '0')}-${((n * 2654435761) >>> 0).toString(16)}`,
    nip,
    input: { type: 'pelatihan-teknis', scope: 'nasional', days: 3, jp: 24, start: `${year}-${month}-10`, end: `${year}-${month}-12` },
    title: `Pelatihan Teknis Penyusunan Kebijakan Publik Berbasis Bukti Angkatan ${n % 40}`,
    organizer: 'Pusat Pengembangan Kompetensi Aparatur Sipil Negara',
    certificateNumber: `SERT/${year}/${month}/${String(n).padStart(6, '0')}`,
    ...(n % 2 === 0
      ? {
          evidence: {
            hash: (n * 97).toString(16).padStart(64, 'a'),
            name: `sertifikat-${n}.pdf`,
            mime: 'application/pdf',
            size: 250_000,
            path: `data/evidence/${(n * 97).toString(16).padStart(64, 'a')}.pdf`,
          },
        }
      : {}),
    profile: 'lan-2018',
    jp: 24,
    explanation: 'Pelatihan teknis klasikal: 24 JP sesuai sertifikat (Peraturan LAN No. 10 Tahun 2018, Lampiran I).',
    year,
    status,
    history: [
      { status: 'pending', by: nip, at: now },
      ...(status === 'pending' ? [] : [{ status, by: nipOf(0), at: now, ...(status === 'approved' ? {} : { reason: 'Mohon lengkapi bukti dukung.' }) }]),
    ],
    createdAt: now,
    updatedAt: now,
  };
}

/** A half-filled report dialogue, kept for every second employee. */
export function state(key: string, step: number, now = SEED_AT): ConversationState {
  return {
    key,
    dialog: 'report',
    step: `step-${step}`,
    data: {
      jalur: 'klasikal',
      form: 'pelatihan-teknis',
      scope: 'nasional',
      title: 'Pelatihan Teknis Penyusunan Kebijakan Publik Berbasis Bukti',
      organizer: 'Pusat Pengembangan Kompetensi ASN',
      start: '2026-03-10',
      end: '2026-03-12',
      jp: 24,
    },
    trail: ['jalur', 'form', 'scope', 'title', 'organizer'].slice(0, 1 + (step % 5)),
    updatedAt: now,
  };
}
