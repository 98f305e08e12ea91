import { z } from 'zod';

/**
 * The shape of every stored record, checked at the store boundary: on every write (a record that does
 * not fit is refused and the commit changes nothing) and on every load (one that does not fit is set
 * aside, never served). Unknown extra fields are allowed, so that a newer field does not make an older
 * record invalid; text must be well-formed Unicode (no lone UTF-16 surrogates).
 */

const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` holds a UTF-16 surrogate that is not part of a pair (it cannot be encoded as UTF-8). */
export function hasBrokenText(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Text no store can keep: broken UTF-16, or a NUL (PostgreSQL text and jsonb refuse it). */
const unstorable = (text: string): boolean => hasBrokenText(text) || text.includes('\u0000');

/** Every string anywhere in `value` is well-formed (dialogue data holds free-form answers). */
function wellFormedDeep(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !unstorable(value);
  if (depth > 20 || value === null || typeof value !== 'object') return true;
  for (const [k, v] of Object.entries(value)) {
    if (unstorable(k) || !wellFormedDeep(v, depth + 1)) return false;
  }
  return true;
}

const text = (max = 10_000) => z.string().max(max).refine((s) => !unstorable(s), 'broken text (lone surrogate or NUL)');
const key = (max = 200) => text(max).min(1);
const instant = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a date-time');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date');
const nip = z.string().regex(/^\d{18}$/, 'not an 18-digit NIP');
const count = z.number().finite().nonnegative();
const platform = z.enum(['console', 'telegram', 'slack']);
const lang = z.enum(['id', 'en']);
export const activityStatus = z.enum(['pending', 'approved', 'rejected', 'returned', 'cancelled']);

export const employeeRecord = z.looseObject({
  nip,
  name: key(),
  position: text(300),
  unit: text(300),
  atasanNip: nip.nullable(),
  email: text(320).optional(),
  role: z.enum(['user', 'admin']),
  lang: lang.optional(),
  pangkat: text(100).optional(),
  golongan: text(20).optional(),
  tempatLahir: text(100).optional(),
  tanggalLahir: day.optional(),
  jenisKelamin: z.enum(['L', 'P']).optional(),
  jenisAsn: z.enum(['PNS', 'PPPK', 'TKK']).optional(),
  updatedAt: instant,
});

export const accountRecord = z.looseObject({
  platform,
  userId: key(),
  nip,
  linkedAt: instant,
  /** Empty when linked from the roster and never seen since. */
  lastSeenAt: instant.or(z.literal('')),
  unreachableAt: instant.optional(),
});

export const inviteRecord = z.looseObject({
  code: z.string().regex(/^[A-Z0-9]{4,32}$/),
  nip,
  createdAt: instant,
  expiresAt: instant,
  usedAt: instant.optional(),
  usedBy: key().optional(),
});

export const dashboardTokenRecord = z.looseObject({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['link', 'session']),
  nip,
  createdAt: instant,
  expiresAt: instant,
  usedAt: instant.optional(),
});

const statusChange = z.looseObject({
  status: activityStatus,
  by: nip,
  at: instant,
  reason: text(1000).optional(),
});

const evidence = z.looseObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  name: key(300),
  mime: key(100),
  size: count,
  path: key(1000),
});

const gapEvaluation = z.looseObject({
  gap: z.enum(['rendah', 'sedang', 'tinggi']),
  note: text(1000).optional(),
  by: nip,
  at: instant,
});

export const activityRecord = z.looseObject({
  schemaVersion: z.number().int().min(1),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  nip,
  input: z.looseObject({
    type: key(100),
    scope: z.enum(['nasional', 'internasional']),
    days: count.optional(),
    count: count.optional(),
    jp: count.optional(),
    durationMinutes: count.optional(),
    start: day,
    end: day,
  }),
  title: key(1000),
  organizer: text(1000),
  certificateNumber: text(200).optional(),
  evidence: evidence.optional(),
  answers: z.looseObject({ programJp: count.optional(), certJp: count.optional() }).optional(),
  profile: key(100),
  jp: count,
  explanation: text(),
  year: z.number().int().min(1900).max(2200),
  status: activityStatus,
  history: z.array(statusChange).max(1000),
  source: z
    .looseObject({ kind: z.literal('impor'), by: key(200), at: instant, file: key(500), line: z.number().int().positive() })
    .optional(),
  myAsnUploadedAt: instant.optional(),
  planItem: z.looseObject({ year: z.number().int().min(1900).max(2200), no: z.number().int().min(1) }).optional(),
  evaluation: gapEvaluation.optional(),
  createdAt: instant,
  updatedAt: instant,
});

export const planItemStatus = z.enum(['draf', 'diusulkan', 'diterima', 'ditolak', 'dikembalikan']);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'not a YYYY-MM month');

const planItem = z.looseObject({
  no: z.number().int().min(1).max(999),
  jalur: z.enum(['pendidikan', 'klasikal', 'nonklasikal']),
  type: key(100),
  materi: key(300),
  penyelenggara: key(300),
  jadwal: z.union([z.looseObject({ month }), z.looseObject({ start: day, end: day })]),
  amount: z.looseObject({ days: count.optional(), count: count.optional(), jp: count.optional() }),
  jp: count,
  biaya: count,
  sumberDana: z.enum(['APBN', 'APBD', 'mandiri', 'lainnya']),
  alasan: key(1000),
  status: planItemStatus,
  history: z
    .array(z.looseObject({ status: planItemStatus, by: nip, at: instant, reason: text(1000).optional() }))
    .max(1000),
  started: z
    .looseObject({ start: day, end: day, place: key(300), pattern: z.enum(['sekali', 'harian', 'mingguan', 'bulanan']), at: instant })
    .optional(),
  activityId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
});

export const planRecord = z.looseObject({
  schemaVersion: z.number().int().min(1),
  nip,
  year: z.number().int().min(1900).max(2200),
  items: z.array(planItem).max(200),
  nextNo: z.number().int().min(1).max(1000),
  round: z.number().int().nonnegative(),
  reopened: z.looseObject({ by: key(200), at: instant }).optional(),
  createdAt: instant,
  updatedAt: instant,
});

export const stateRecord = z.looseObject({
  key: key(300),
  dialog: key(100),
  step: key(100),
  data: z.record(z.string(), z.unknown()).refine((d) => wellFormedDeep(d), 'broken text (lone surrogate or NUL)'),
  trail: z.array(text(100)).max(100),
  updatedAt: instant,
});

export const markRecord = z.looseObject({
  kind: key(100),
  period: key(100),
  /** `-` for marks of no one employee (the schedule's own last run). */
  nip: nip.or(z.literal('-')),
  at: instant,
});

const button = z.looseObject({ id: key(64), label: key(300) });
const userRef = z.looseObject({ platform, id: key() });
const outboundMessage = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('send'),
    to: userRef,
    text: text(100_000),
    buttons: z.array(z.array(button)).optional(),
    thread: key(100).optional(),
  }),
  z.looseObject({
    kind: z.literal('edit'),
    to: userRef,
    messageRef: key(),
    text: text(100_000),
    buttons: z.array(z.array(button)).optional(),
  }),
  z.looseObject({ kind: z.literal('retire'), to: userRef, messageRef: key(), note: text(300).optional() }),
  // A reference to a file kept in the store (never its bytes); a caption within Telegram's 1024 characters.
  z.looseObject({ kind: z.literal('document'), to: userRef, file: evidence, text: text(1000) }),
]);

export const outboundRecord = z.looseObject({
  id: key(),
  seq: z.number().int().nonnegative(),
  message: outboundMessage,
  createdAt: instant,
  status: z.enum(['pending', 'failed']),
  error: text().optional(),
  failedAt: instant.optional(),
});

export const inboundRecord = z.looseObject({ key: key(300), at: instant });

/** What yearTotals reads of an activity (Store.activityFiguresOfMany): checked like the whole record's fields. */
export const activityFiguresRecord = activityRecord.pick({ id: true, nip: true, status: true, year: true, input: true, jp: true });

export const RECORD_SCHEMAS = {
  employee: employeeRecord,
  activityFigures: activityFiguresRecord,
  account: accountRecord,
  invite: inviteRecord,
  activity: activityRecord,
  state: stateRecord,
  mark: markRecord,
  outbound: outboundRecord,
  inbound: inboundRecord,
  plan: planRecord,
  dashboardToken: dashboardTokenRecord,
} as const;

export type RecordKind = keyof typeof RECORD_SCHEMAS;

/** Why `value` is not a valid record of `kind` (the first problem, with its field path), or undefined. */
export function recordProblem(kind: RecordKind, value: unknown): string | undefined {
  const result = RECORD_SCHEMAS[kind].safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : kind;
  return `${where}: ${issue.message}`;
}
