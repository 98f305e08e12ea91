import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Who signs "Mengetahui" on a unit's Kartu Data: the head of the unit (or of the office). HR keeps these
 * in a small JSON file named by BANGKOM_UNIT_HEADS (or `bangkom kartu --unit-heads FILE`), keyed by the
 * unit name as the roster spells it, with "*" for every unit not named:
 *
 *   { "Bidang SDM": { "nama": "Budi Santoso, S.T.", "nip": "197501012000031002",
 *                     "jabatan": "Kepala Bidang SDM", "tempat": "Sendawar" },
 *     "*": { "nama": "…", "jabatan": "Kepala Dinas Pekerjaan Umum dan Penataan Ruang Kab. Kutai Barat" } }
 *
 * A file rather than a store record: it changes once in years, HR edits it by hand, and every process
 * (CLI and assistant, lowdb or PostgreSQL) reads the same file without a new Store method.
 */
export interface UnitHead {
  nama: string;
  /** 18 digits; printed as "NIP. 19750101 200003 1 002". Blank dots when not given. */
  nip?: string;
  jabatan: string;
  /** The town the card is signed in ("Sendawar, 22 November 2026"); blank dots when not given. */
  tempat?: string;
}

export type UnitHeads = Readonly<Record<string, UnitHead>>;

const text = (max: number) => z.string().trim().min(1).max(max);

const unitHeadSchema = z.strictObject({
  nama: text(200),
  nip: z
    .string()
    .transform((s) => s.replace(/[\s.-]/g, ''))
    .pipe(z.string().regex(/^\d{18}$/, 'NIP harus 18 digit angka'))
    .optional(),
  jabatan: text(300),
  tempat: text(100).optional(),
});

const unitHeadsSchema = z.record(z.string().min(1), unitHeadSchema);

/** Parses the settings (already read as JSON text); throws one readable line naming the bad entry. */
export function parseUnitHeads(json: string, source = 'BANGKOM_UNIT_HEADS'): UnitHeads {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`${source}: bukan JSON yang sah (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = unitHeadsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join(' → ') || 'isi file';
    throw new Error(`${source}: ${where}: ${issue.message}`);
  }
  return Object.freeze({ ...parsed.data });
}

/** The settings file named by `file`, else by BANGKOM_UNIT_HEADS; none named means no heads (blank lines). */
export async function loadUnitHeads(file?: string, env: NodeJS.ProcessEnv = process.env): Promise<UnitHeads> {
  const path = file ?? (env.BANGKOM_UNIT_HEADS || undefined);
  if (!path) return {};
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`Data kepala unit ${path} tidak bisa dibaca${code === 'ENOENT' ? ': file tidak ada' : ` (${code ?? String(err)})`}`);
  }
  return parseUnitHeads(json, path);
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** The head of `unit`: its own entry (exact, else ignoring case and spacing), else "*", else none. */
export function unitHeadFor(heads: UnitHeads, unit: string): UnitHead | undefined {
  if (Object.hasOwn(heads, unit)) return heads[unit];
  const wanted = norm(unit);
  const key = Object.keys(heads).find((k) => k !== '*' && norm(k) === wanted);
  if (key !== undefined) return heads[key];
  return Object.hasOwn(heads, '*') ? heads['*'] : undefined;
}
