import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Store } from './store.js';
import { checkNip, nipProblemText } from './nip.js';
import type { Employee } from './types.js';

export interface RosterRowError {
  /** 1-based line of the CSV file (the header is line 1). */
  line: number;
  reason: string;
}

export interface RosterRow {
  employee: Employee;
  telegramId?: string;
  slackId?: string;
}

export interface RosterImportResult {
  created: number;
  updated: number;
  linked: number;
  errors: RosterRowError[];
}

const REQUIRED = ['nip', 'nama', 'jabatan', 'unit', 'atasan_nip'] as const;

const text = (max: number) => z.string().trim().max(max);
const rowSchema = z.object({
  nip: z.string(),
  nama: text(200).min(1, 'nama kosong'),
  jabatan: text(200).default(''),
  unit: text(200).min(1, 'unit kosong'),
  atasan_nip: z.string().default(''),
  email: z.union([z.literal(''), z.email('email tidak valid')]).default(''),
  telegram_id: z.union([z.literal(''), z.string().regex(/^\d{1,20}$/, 'telegram_id harus angka')]).default(''),
  slack_id: z.union([z.literal(''), z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'slack_id tidak valid (mis. U012ABCDEF)')]).default(''),
  role: z.union([z.literal(''), z.literal('admin'), z.literal('user')], { message: "role harus kosong atau 'admin'" }).default(''),
});

/** Reads the roster CSV; bad rows are reported by line with the reason and left out, the rest come back. */
export function parseRoster(csv: string, now: Date): { rows: RosterRow[]; errors: RosterRowError[] } {
  const records = parse(csv, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
    relax_column_count: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  const errors: RosterRowError[] = [];
  const rows: RosterRow[] = [];
  if (records.length > 0) {
    const header = Object.keys(records[0]!.record);
    const missing = REQUIRED.filter((c) => !header.includes(c));
    if (missing.length) return { rows, errors: [{ line: 1, reason: `kolom wajib tidak ada: ${missing.join(', ')}` }] };
  }
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      errors.push({ line, reason: parsed.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; ') });
      continue;
    }
    const r = parsed.data;
    const nip = checkNip(r.nip);
    if (!nip.ok) {
      errors.push({ line, reason: `nip: ${nipProblemText(nip.problem)}` });
      continue;
    }
    let atasanNip: string | null = null;
    if (r.atasan_nip) {
      const atasan = checkNip(r.atasan_nip);
      if (!atasan.ok) {
        errors.push({ line, reason: `atasan_nip: ${nipProblemText(atasan.problem)}` });
        continue;
      }
      if (atasan.nip === nip.nip) {
        errors.push({ line, reason: 'atasan_nip: sama dengan nip pegawai' });
        continue;
      }
      atasanNip = atasan.nip;
    }
    const previous = seen.get(nip.nip);
    if (previous !== undefined) {
      errors.push({ line, reason: `nip ganda (sudah ada di baris ${previous})` });
      continue;
    }
    seen.set(nip.nip, line);
    rows.push({
      employee: {
        nip: nip.nip,
        name: r.nama,
        position: r.jabatan,
        unit: r.unit,
        atasanNip,
        ...(r.email ? { email: r.email.toLowerCase() } : {}),
        role: r.role === 'admin' ? 'admin' : 'user',
        updatedAt: now.toISOString(),
      },
      ...(r.telegram_id ? { telegramId: r.telegram_id } : {}),
      ...(r.slack_id ? { slackId: r.slack_id } : {}),
    });
  }
  return { rows, errors };
}

/** Upserts the good rows by NIP (activities are never touched) and links the chat ids the roster names. */
export async function importRoster(store: Store, csv: string, now: Date): Promise<RosterImportResult> {
  const { rows, errors } = parseRoster(csv, now);
  const merged: Employee[] = [];
  for (const { employee } of rows) {
    const existing = await store.getEmployee(employee.nip);
    merged.push(existing?.lang ? { ...employee, lang: existing.lang } : employee);
  }
  const { created, updated } = await store.upsertEmployees(merged);
  let linked = 0;
  const at = now.toISOString();
  for (const row of rows) {
    for (const [platform, userId] of [['telegram', row.telegramId], ['slack', row.slackId]] as const) {
      if (!userId) continue;
      const current = await store.getAccount(platform, userId);
      if (current?.nip === row.employee.nip) continue;
      await store.linkAccount({ platform, userId, nip: row.employee.nip, linkedAt: at, lastSeenAt: current?.lastSeenAt ?? '' });
      linked++;
    }
  }
  return { created, updated, linked, errors };
}
