import type { IncomingFile } from '../../chat/events.js';
import { daysInclusive } from '../../domain/dates.js';
import type { Outcome } from '../dialog-kit/index.js';
import { textProblem } from '../input-guard.js';
import type { Turn } from '../turn.js';
import { isApplicable, unanswer, type MarkField, type QuestionStep, type ReportData } from './data.js';
import { jpTooLarge } from './parse-amount.js';
import { receiveEvidence } from './steps.js';
import { stayKeeping } from './stay.js';
import { readForm } from './understand-forms.js';
import type { Understanding } from './understand.js';
import { applyUnderstanding } from './understood.js';

/** What the certificate reader (src/certificate) states; every field may be missing. */
export interface CertificateFieldsRead {
  participant?: string | undefined;
  title?: string | undefined;
  organizer?: string | undefined;
  startDate?: string | undefined;
  endDate?: string | undefined;
  jp?: number | undefined;
  durationMinutes?: number | undefined;
  days?: number | undefined;
  number?: string | undefined;
  international?: true | undefined;
  internationalHint?: string | undefined;
}

export type CertificateReadResult =
  | { ok: true; source: string; text: string; fields: CertificateFieldsRead }
  | { ok: false; reason: string };

/** Reads a certificate file off the event loop (the real one reads PDFs in a child process and OCRs in a worker thread); injected through EngineDeps. */
export type CertificateReader = (bytes: Uint8Array, hint: { mime?: string; name?: string }) => Promise<CertificateReadResult>;

/** The reader has its own limits (seconds); this only keeps a stuck reader from holding the user's turn. */
const READ_GUARD_MS = 30_000;

/** Longest span of a certificate's dates taken as its count of days; a longer one leaves the days to their question. */
export const MAX_INFERRED_DAYS = 60;

/**
 * A file sent at any step of a report: kept as its evidence, then read. What the certificate states fills
 * the questions not yet answered, marked "(dari sertifikat)"; a certificate number or JP left empty is
 * filled too. A file that cannot be read leaves everything as it was, with a short note.
 */
export async function takeCertificate(turn: Turn, data: ReportData, file: IncomingFile, step: string): Promise<Outcome> {
  const received = await receiveEvidence(turn, file);
  if (!received.ok) return received;
  data.evidence = received.evidence;
  delete data.certificate;
  forgetCertificate(data, turn.deps.profile);
  if (!data.answered.includes('evidence')) data.answered.push('evidence');

  const reading = await read(turn, received.bytes, { mime: received.evidence.mime, name: received.evidence.name });
  if (!reading) {
    turn.reply(turn.t.evidenceSaved(received.evidence.name));
  } else if (!reading.ok) {
    turn.reply(turn.t.certificateNotRead(received.evidence.name, reading.reason));
  } else {
    const fields = guarded(reading.fields);
    const { filled, problems } = fill(turn, data, fields, reading.text);
    const labels = filled.map((f) => fieldName(turn, f));
    turn.reply(labels.length ? turn.t.certificateFilled(labels.join(', ')) : turn.t.certificateNothing(received.evidence.name));
    for (const p of problems) turn.reply(p);
    const other = otherName(fields.participant, turn.employee?.name);
    if (other) {
      (data.certificate ??= {}).otherName = other;
      turn.reply(turn.t.certificateOtherName(other));
    }
  }
  // The question asked when the file came stays asked when the file did not answer it.
  const answered = step === 'evidence' || data.answered.includes(step as never) || (step === 'jalur' && data.answered.includes('form'));
  return answered ? { ok: true } : stayKeeping(turn, data);
}

/** The step each mark stands on: forgetting it asks the step again (with what depends on it). */
const STEP_OF: Record<MarkField, QuestionStep> = {
  form: 'form',
  title: 'title',
  organizer: 'organizer',
  scope: 'scope',
  dates: 'start',
  amount: 'amount',
  certjp: 'certjp',
  certno: 'certno',
};

/**
 * A new file replaces the certificate: what the previous one filled is no longer read from "the
 * certificate". Those answers are forgotten, to be filled from the new file or asked; the user's own stay.
 */
function forgetCertificate(data: ReportData, profile: string): void {
  const fromCert = Object.entries(data.marks ?? {}).filter(([, source]) => source === 'cert').map(([field]) => field as MarkField);
  if (data.stated?.source === 'cert') delete data.stated;
  for (const field of fromCert) {
    if (data.marks?.[field] !== 'cert') continue;
    const step = STEP_OF[field];
    unanswer(data, step, profile);
    if (field === 'form') {
      delete data.type;
      delete data.jalur;
      data.answered = data.answered.filter((s) => s !== 'jalur');
    }
    if (field === 'title' || field === 'organizer') delete data[field];
    if (field === 'scope') delete data.scope;
    if (field === 'dates') {
      delete data.start;
      delete data.end;
    }
    if (field === 'certno') delete data.certNo;
    if (field === 'certjp') delete data.certJp;
    delete data.marks?.[field];
  }
}

async function read(turn: Turn, bytes: Uint8Array, hint: { mime: string; name: string }): Promise<CertificateReadResult | undefined> {
  const reader = turn.deps.readCertificate;
  if (!reader) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const guard = new Promise<CertificateReadResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), READ_GUARD_MS);
    });
    return await Promise.race([reader(bytes, hint), guard]);
  } catch (err) {
    turn.deps.log?.error('certificate reading failed', { error: err instanceof Error ? err.message : String(err) });
    return { ok: false, reason: 'unreadable' };
  } finally {
    clearTimeout(timer);
  }
}

/** The report fields a certificate states, as an understanding: its title names the form ("Webinar …"). */
export function certificateUnderstanding(fields: CertificateFieldsRead, text: string): Understanding {
  const u: Understanding = {};
  const fromTitle = fields.title ? readForm(fields.title) : { kind: 'none' as const };
  const fromText = fromTitle.kind === 'none' ? readForm(text.slice(0, 2000)) : fromTitle;
  if (fromText.kind === 'form') u.type = fromText.form.key;
  else if (fromTitle.kind === 'choice') u.choices = fromTitle.keys;
  if (fields.title) u.title = fields.title;
  if (fields.organizer) u.organizer = fields.organizer;
  // No hint of an international activity: the certificate's activity is a national one until the user says
  // otherwise. A hint is no answer (a title about ASEAN is not abroad): the scope is asked, the hint shown.
  if (!fields.international) u.scope = 'nasional';
  if (fields.startDate) {
    u.start = fields.startDate;
    u.end = fields.endDate ?? fields.startDate;
  }
  if (fields.jp !== undefined) u.jp = fields.jp;
  if (fields.durationMinutes !== undefined) u.durationMinutes = fields.durationMinutes;
  if (fields.days !== undefined) u.days = fields.days;
  return u;
}

/**
 * The certificate's text fields as a typed answer would pass them: one with control or broken characters
 * (a PDF's text layer may hold any) or that looks like code is dropped, and its question asked instead.
 */
function guarded(fields: CertificateFieldsRead): CertificateFieldsRead {
  const out = { ...fields };
  for (const key of ['participant', 'title', 'organizer', 'number', 'internationalHint'] as const) {
    const value = out[key];
    if (value !== undefined && textProblem(value) !== undefined) delete out[key];
  }
  return out;
}

function fill(turn: Turn, data: ReportData, fields: CertificateFieldsRead, text: string): { filled: MarkField[]; problems: string[] } {
  const u = certificateUnderstanding(fields, text);
  // The days of a day form are the days the certificate covers, when it states no other count; a long span
  // ("2 Januari 2025 - 20 November 2026") is no count of days attended: asked.
  if (u.days === undefined && u.start && u.end && daysInclusive(u.start, u.end) <= MAX_INFERRED_DAYS) u.days = daysInclusive(u.start, u.end);
  const scopeAsked = data.answered.includes('scope');
  const applied = applyUnderstanding(turn, data, u, 'cert');
  // "Nasional" is only the absence of an international hint: not marked as read from the certificate.
  if (!fields.international && !scopeAsked && data.marks?.scope === 'cert') {
    delete data.marks.scope;
    applied.filled = applied.filled.filter((f) => f !== 'scope');
  }
  const hint = fields.internationalHint?.trim();
  if (fields.international && !data.answered.includes('scope')) {
    data.certificate = { ...data.certificate, internationalHint: hint && hint.length <= 100 ? hint : 'internasional' };
  }
  const number = fields.number?.trim();
  if (number && number.length <= 100 && !data.certNo) {
    data.certNo = number;
    if (!data.answered.includes('certno')) data.answered.push('certno');
    (data.marks ??= {}).certno = 'cert';
    applied.filled.push('certno');
  }
  // A JP read above the bound is a misreading: left to the question, which refuses it as typed too.
  if (fields.jp !== undefined && !jpTooLarge({ jp: fields.jp }) && data.certJp === null && isApplicable('certjp', data, turn.deps.profile)) {
    data.certJp = fields.jp;
    (data.marks ??= {}).certjp = 'cert';
    if (!applied.filled.includes('certjp')) applied.filled.push('certjp');
  }
  return applied;
}

/** A name's words without academic titles ("Dr.", "S.Kom.", "M.T.") or what follows a comma, lower case. */
function nameWords(name: string): string[] {
  return name
    .split(',')[0]!
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w && !w.includes('.'))
    .map((w) => w.replace(/[^a-z']/g, ''))
    .filter(Boolean);
}

/**
 * The participant's name as printed, when it is not the employee's: every word of the shorter name must be
 * in the longer one (titles and order aside: "SITI AMINAH, S.Kom." is Siti Aminah). Undefined when it matches
 * or either name is missing.
 */
export function otherName(participant: string | undefined, employee: string | undefined): string | undefined {
  if (!participant || !employee) return undefined;
  const a = nameWords(participant);
  const b = nameWords(employee);
  if (a.length === 0 || b.length === 0) return undefined;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((w) => long.includes(w)) ? undefined : participant.trim();
}

export function fieldName(turn: Pick<Turn, 't'>, field: MarkField): string {
  const t = turn.t;
  return {
    form: t.fieldForm,
    title: t.fieldTitle,
    organizer: t.fieldOrganizer,
    scope: t.fieldScope,
    dates: t.fieldDates,
    amount: t.fieldAmount,
    certjp: t.fieldCertJp,
    certno: t.fieldCertNo,
  }[field].toLowerCase();
}
