import type { ActivityStatus, Evidence } from '../../domain/types.js';
import { daysInclusive, earliestReportableDate, formatDateLong, parseUserDate, todayIn } from '../../domain/dates.js';
import { checkEvidence, EVIDENCE_LIMITS, EvidenceError, evidenceName } from '../../domain/evidence.js';
import { keepEvidence } from '../../domain/keep-evidence.js';
import { findForms, formRule, getForm, listForms } from '../../rules/index.js';
import type { Jalur, Scope } from '../../rules/types.js';
import type { Button, IncomingFile } from '../../chat/events.js';
import type { Turn } from '../turn.js';
import type { QuestionStep, ReportData } from './data.js';
import { jpTooLarge, MAX_ACTIVITY_JP, parseCount, parseJpOrDuration, parseStatedJp, type NumberAnswer } from './parse-amount.js';
import { controlWord, isSlashCommand } from '../words.js';
import { stayKeeping } from './stay.js';
import { kitButton, type Outcome, type StepDef as KitStepDef } from '../dialog-kit/index.js';

export type { Outcome, Question } from '../dialog-kit/index.js';
export type StepDef = KitStepDef<ReportData>;

export const stepButton = (step: string, value: string, label: string): Button => kitButton('r', step, value, label);

const ok: Outcome = { ok: true };
const fail = (error: string): Outcome => ({ ok: false, error });
const FORM_PAGE_SIZE = 6;
const JALUR: Jalur[] = ['pendidikan', 'klasikal', 'nonklasikal'];

function jalurLabel(turn: Turn, jalur: Jalur): string {
  return { pendidikan: turn.t.jalurPendidikan, klasikal: turn.t.jalurKlasikal, nonklasikal: turn.t.jalurNonklasikal }[jalur];
}

export function formLabel(turn: Turn, key: string): string {
  const form = getForm(key);
  if (!form) return key;
  return turn.lang === 'en' ? form.labelEn : form.label;
}

function pairs(buttons: Button[]): Button[][] {
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return rows;
}

function setForm(data: ReportData, key: string): void {
  const form = getForm(key);
  if (!form) return;
  data.type = key;
  data.jalur = form.jalur;
  delete data.choices;
  for (const s of ['jalur', 'form'] as QuestionStep[]) if (!data.answered.includes(s)) data.answered.push(s);
}

/** A typed skip word ("lewati", "skip", "-"; see words.ts). A slash command ("/skip") is no answer. */
const isSkip = (text: string): boolean => !isSlashCommand(text) && controlWord(text) === 'skip';
/** "None" for the certificate's JP, besides the skip words. */
const NO_CERT_JP = /^(tidak|tidak ada|tdk|tdk ada|gak ada|ga ada|nggak ada|no|none|nothing)$/;

/** Lower case, single spaces, no trailing full stop or exclamation mark: how typed choices are compared. */
const normChoice = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '');

/**
 * The jalur a typed answer names exactly: "nonklasikal", "non klasikal", "Non-klasikal", "pelatihan klasikal",
 * "classroom", "non-classroom training", "education". Not a substring match: "nonklasikal" contains "klasikal".
 */
export function jalurFromText(text: string): Jalur | undefined {
  const core = normChoice(text)
    .replace(/[-_]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^(jalur|pelatihan) /, '')
    .replace(/ (training|learning)$/, '')
    .replace(/^non /, 'non');
  const words: Record<string, Jalur> = {
    pendidikan: 'pendidikan',
    education: 'pendidikan',
    klasikal: 'klasikal',
    classroom: 'klasikal',
    nonklasikal: 'nonklasikal',
    nonclassroom: 'nonklasikal',
  };
  return Object.hasOwn(words, core) ? words[core] : undefined;
}

const SCOPE_WORDS: Record<string, Scope> = {
  nasional: 'nasional',
  nas: 'nasional',
  national: 'nasional',
  'dalam negeri': 'nasional',
  domestic: 'nasional',
  'nasional (dalam negeri)': 'nasional',
  internasional: 'internasional',
  inter: 'internasional',
  international: 'internasional',
  'luar negeri': 'internasional',
  abroad: 'internasional',
  'internasional (luar negeri)': 'internasional',
};

/** Free text in a text step that is no answer: a slash command, or no letter at all ("😀👍", "???"). */
function notAnAnswer(turn: Turn, value: string, allowDigitsOnly = false): Outcome | undefined {
  if (value.startsWith('/')) return fail(turn.t.commandNotAnswer);
  if (!(allowDigitsOnly ? /[\p{L}\p{N}]/u : /\p{L}/u).test(value)) return fail(turn.t.needsLetters);
  return undefined;
}

/** The button that leaves an optional answer empty (no certificate JP, number or file). */
function skipButton(field: 'certJp' | 'certNo' | 'evidence', value: string): StepDef['press'] {
  return (turn, data, pressed) => {
    if (pressed !== value) return fail(turn.t.staleButton);
    data[field] = null;
    return ok;
  };
}

function textStep(field: 'title' | 'organizer', min: number, max: number): StepDef['text'] {
  return (turn, data, text) => {
    const value = text.trim().replace(/\s+/g, ' ');
    const refused = notAnAnswer(turn, value);
    if (refused) return refused;
    if (value.length < min || value.length > max) return fail(turn.t.textLength(min, max));
    data[field] = value;
    return ok;
  };
}

function dateAnswer(turn: Turn, text: string): { date: string } | { error: string } {
  const parsed = parseUserDate(text, turn.now(), turn.deps.tz);
  if (!parsed.ok) return { error: parsed.reason === 'impossible' ? turn.t.dateImpossible : turn.t.dateFormat };
  if (parsed.date > todayIn(turn.now(), turn.deps.tz)) return { error: turn.t.dateFuture };
  return { date: parsed.date };
}

/** Why a start date is refused (still to come, older than reports may be), if it is. */
export function startProblem(turn: Turn, date: string): string | undefined {
  if (date > todayIn(turn.now(), turn.deps.tz)) return turn.t.dateFuture;
  const earliest = earliestReportableDate(turn.now(), turn.deps.tz);
  return date < earliest ? turn.t.dateTooOld(formatDateLong(earliest, turn.lang)) : undefined;
}

/** Why an end date is refused (still to come, before the start), if it is. */
export function endProblem(turn: Turn, data: ReportData, date: string): string | undefined {
  if (date > todayIn(turn.now(), turn.deps.tz)) return turn.t.dateFuture;
  return data.start && date < data.start ? turn.t.dateEndBeforeStart(formatDateLong(data.start, turn.lang)) : undefined;
}

const dateButtons = (turn: Turn, step: string): Button[][] => [
  [stepButton(step, 'today', turn.t.today), stepButton(step, 'yesterday', turn.t.yesterday)],
];

const SAME_AS_START = /^(sama|same|sama dengan tanggal mulai|same as start|same as start date)$/;

function relativeDate(turn: Turn, value: string): string | undefined {
  if (value === 'today') return 'hari ini';
  if (value === 'yesterday') return 'kemarin';
  return undefined;
}

export const STEPS: Record<QuestionStep, StepDef> = {
  jalur: {
    ask: (turn) => ({
      text: turn.t.askJalur,
      buttons: JALUR.map((j) => [stepButton('jalur', j, jalurLabel(turn, j))]),
    }),
    press: (turn, data, value) => {
      if (!JALUR.includes(value as Jalur)) return fail(turn.t.staleButton);
      data.jalur = value as Jalur;
      data.formPage = 0;
      return ok;
    },
    text: (turn, data, text) => {
      const jalur = jalurFromText(text);
      if (jalur) {
        data.jalur = jalur;
        data.formPage = 0;
        return ok;
      }
      const found = findForms(text)[0];
      if (found) {
        setForm(data, found.key);
        return ok;
      }
      return fail(turn.t.formNotFound);
    },
  },

  form: {
    ask: (turn, data) => {
      if (data.choices?.length) {
        const rows = pairs(data.choices.map((key) => stepButton('form', key, formLabel(turn, key))));
        rows.push([stepButton('form', 'other', turn.t.formChoiceOther)]);
        return { text: turn.t.askFormChoice, buttons: rows };
      }
      const forms = listForms().filter((f) => !data.jalur || f.jalur === data.jalur);
      const pages = Math.max(1, Math.ceil(forms.length / FORM_PAGE_SIZE));
      const page = Math.min(data.formPage ?? 0, pages - 1);
      const shown = forms.slice(page * FORM_PAGE_SIZE, (page + 1) * FORM_PAGE_SIZE);
      const rows = pairs(shown.map((f) => stepButton('form', f.key, turn.lang === 'en' ? f.labelEn : f.label)));
      const nav: Button[] = [];
      if (page > 0) nav.push(stepButton('form', `page:${page - 1}`, turn.t.prevPage));
      if (page < pages - 1) nav.push(stepButton('form', `page:${page + 1}`, turn.t.nextPage));
      if (nav.length) rows.push(nav);
      return { text: turn.t.askForm(data.jalur ? jalurLabel(turn, data.jalur) : ''), buttons: rows };
    },
    press: (turn, data, value) => {
      if (value === 'other') {
        delete data.choices;
        data.formPage = 0;
        return stayKeeping(turn, data);
      }
      if (value.startsWith('page:')) {
        const page = Number(value.slice(5));
        data.formPage = Number.isSafeInteger(page) && page >= 0 ? page : 0;
        return { ok: true, notice: 'stay' };
      }
      if (!getForm(value)) return fail(turn.t.staleButton);
      setForm(data, value);
      return ok;
    },
    text: (turn, data, text) => {
      const found = findForms(text);
      if (found.length === 0) return fail(turn.t.formNotFound);
      setForm(data, found[0]!.key);
      return ok;
    },
  },

  title: {
    ask: (turn, data) => ({ text: turn.t.askTitle(formLabel(turn, data.type ?? '')) }),
    text: textStep('title', 3, 200),
  },

  organizer: {
    ask: (turn) => ({ text: turn.t.askOrganizer }),
    text: textStep('organizer', 2, 200),
  },

  scope: {
    ask: (turn, data) => ({
      // A certificate's hint ("International Conference") is shown, never taken: "ASEAN" may be the topic.
      text: data.certificate?.internationalHint ? `${turn.t.askScope}\n${turn.t.scopeHint(data.certificate.internationalHint)}` : turn.t.askScope,
      buttons: [[stepButton('scope', 'nasional', turn.t.scopeNasional), stepButton('scope', 'internasional', turn.t.scopeInternasional)]],
    }),
    press: (turn, data, value) => {
      if (value !== 'nasional' && value !== 'internasional') return fail(turn.t.staleButton);
      data.scope = value;
      return ok;
    },
    text: (turn, data, text) => {
      const word = normChoice(text).replace(/^(kegiatan|lingkup|skala|tingkat) /, '');
      const scope = Object.hasOwn(SCOPE_WORDS, word) ? SCOPE_WORDS[word] : undefined;
      if (!scope) {
        const options = turn.lang === 'en' ? ['national', 'international'] : ['nasional', 'internasional'];
        return fail(turn.t.chooseButton(options));
      }
      data.scope = scope;
      return ok;
    },
  },

  start: {
    ask: (turn) => ({ text: turn.t.askStart, buttons: dateButtons(turn, 'start') }),
    press: (turn, data, value) => STEPS.start.text!(turn, data, relativeDate(turn, value) ?? value),
    text: (turn, data, text) => {
      const answer = dateAnswer(turn, text);
      if ('error' in answer) return fail(answer.error);
      const problem = startProblem(turn, answer.date);
      if (problem) return fail(problem);
      data.start = answer.date;
      return ok;
    },
  },

  end: {
    ask: (turn) => ({
      text: turn.t.askEnd,
      buttons: [[stepButton('end', 'same', turn.t.sameAsStart)], ...dateButtons(turn, 'end')],
    }),
    press: (turn, data, value) => {
      if (value === 'same') return STEPS.end.text!(turn, data, data.start ?? '');
      return STEPS.end.text!(turn, data, relativeDate(turn, value) ?? value);
    },
    text: (turn, data, text) => {
      if (SAME_AS_START.test(normChoice(text)) && data.start) return STEPS.end.text!(turn, data, data.start);
      const answer = dateAnswer(turn, text);
      if ('error' in answer) return fail(answer.error);
      const problem = endProblem(turn, data, answer.date);
      if (problem) return fail(problem);
      data.end = answer.date;
      return ok;
    },
  },

  amount: {
    ask: (turn, data) => {
      const rule = formRule(turn.deps.profile, data.type ?? '');
      const suggested = data.start && data.end ? daysInclusive(data.start, data.end) : 1;
      if (rule.needsStatedJp) return { text: turn.t.askStatedJp };
      switch (rule.unit) {
        case 'day':
          return {
            text: rule.dailyCap ? turn.t.askDaysAccess(suggested) : turn.t.askDays(suggested),
            buttons: [[stepButton('amount', String(suggested), turn.t.daysButton(suggested))]],
          };
        case 'jp':
          return { text: turn.t.askJp };
        case 'session':
          return { text: turn.t.askSessions, buttons: [[1, 2, 3].map((n) => stepButton('amount', String(n), String(n)))] };
        case 'activity':
          return { text: turn.t.askActivities, buttons: [[stepButton('amount', '1', '1')]] };
        case 'semester':
        default:
          return { text: turn.t.askSemesters, buttons: [[1, 2].map((n) => stepButton('amount', String(n), String(n)))] };
      }
    },
    press: (turn, data, value) => STEPS.amount.text!(turn, data, value),
    // Typed answers and pressed values (the suggested-days button, 1/2/3 sessions) pass the same checks.
    text: (turn, data, text) => {
      const rule = formRule(turn.deps.profile, data.type ?? '');
      const unit = rule.unit;
      if (rule.needsStatedJp || unit === 'jp') {
        let answer: ReturnType<typeof parseJpOrDuration>;
        if (rule.needsStatedJp) {
          const stated = parseStatedJp(text);
          if (!stated.ok) return fail(jpError(turn, stated, false));
          answer = { jp: stated.value };
        } else {
          answer = parseJpOrDuration(text);
          if (!answer) return fail(turn.t.durationInvalid);
        }
        if (jpTooLarge(answer)) return fail(turn.t.jpTooLarge(MAX_ACTIVITY_JP));
        delete data.jp;
        delete data.durationMinutes;
        if ('jp' in answer) data.jp = answer.jp;
        else data.durationMinutes = answer.minutes;
        return ok;
      }
      const answer = parseCount(text, unit);
      if (!answer.ok) return fail(turn.t.wholeCountInvalid(unit));
      if (unit === 'day') {
        // Never more days than the dates cover: one seminar day typed as "30" would count 30 days.
        const span = data.start && data.end ? daysInclusive(data.start, data.end) : undefined;
        if (span !== undefined && answer.value > span) return fail(turn.t.daysOverSpan(span));
        data.days = answer.value;
      } else data.count = answer.value;
      return ok;
    },
  },

  certjp: {
    ask: (turn) => ({ text: turn.t.askCertJp, buttons: [[stepButton('certjp', 'none', turn.t.noCertJp)]] }),
    press: skipButton('certJp', 'none'),
    text: (turn, data, text) => {
      if (isSkip(text) || NO_CERT_JP.test(normChoice(text))) {
        data.certJp = null;
        return ok;
      }
      const answer = parseStatedJp(text);
      if (!answer.ok) return fail(jpError(turn, answer, true));
      if (jpTooLarge({ jp: answer.value })) return fail(turn.t.jpTooLarge(MAX_ACTIVITY_JP));
      data.certJp = answer.value;
      return ok;
    },
  },

  certno: {
    ask: (turn) => ({ text: turn.t.askCertNo, buttons: [[stepButton('certno', 'skip', turn.t.skip)]] }),
    press: skipButton('certNo', 'skip'),
    text: async (turn, data, text) => {
      const value = text.trim();
      if (isSkip(value)) {
        data.certNo = null;
        return ok;
      }
      const refused = notAnAnswer(turn, value, true);
      if (refused) return refused;
      if (value.length < 1 || value.length > 100) return fail(turn.t.textLength(1, 100));
      data.certNo = value;
      const duplicate = await findCertificateDuplicate(turn, value, data.activityId);
      return duplicate ? { ok: true, notice: turn.t.certNoDuplicate(duplicate) } : ok;
    },
  },

  evidence: {
    ask: (turn) => ({ text: turn.t.askEvidence, buttons: [[stepButton('evidence', 'skip', turn.t.skip)]] }),
    press: skipButton('evidence', 'skip'),
    text: (turn, data, text) => {
      if (isSkip(text)) {
        data.evidence = null;
        return ok;
      }
      return fail(turn.t.evidenceExpected);
    },
    file: async (turn, data, file) => {
      const received = await receiveEvidence(turn, file);
      if (!received.ok) return received;
      data.evidence = received.evidence;
      return { ok: true, notice: turn.t.evidenceSaved(data.evidence.name) };
    },
  },
};

/** A file sent as evidence, checked and kept in the store; its bytes for reading it. */
export async function receiveEvidence(
  turn: Turn,
  file: IncomingFile,
): Promise<{ ok: true; evidence: Evidence; bytes: Uint8Array } | { ok: false; error: string }> {
  // The adapter's claims are checked as untrusted: a file of no shape is one that could not be fetched.
  if (typeof file?.fetch !== 'function') return failed(turn.t.evidenceDownloadFailed);
  const name = evidenceName(file.name);
  const mime = typeof file.mime === 'string' ? file.mime : '';
  const check = checkEvidence(name, mime, file.size ?? 0);
  if (!check.ok) return failed(evidenceError(turn, check.reason));
  let bytes: Uint8Array;
  try {
    bytes = await file.fetch();
  } catch {
    return failed(turn.t.evidenceDownloadFailed);
  }
  if (!(bytes instanceof Uint8Array)) return failed(turn.t.evidenceDownloadFailed);
  const recheck = checkEvidence(name, mime, bytes.byteLength);
  if (!recheck.ok) return failed(evidenceError(turn, recheck.reason));
  // The content decides, not the claimed name and type (keepEvidence): a PNG sent as image/jpeg is
  // kept as a PNG; bytes of no accepted type (a renamed .exe) are refused.
  try {
    const saved = await keepEvidence(turn.deps.store, bytes, name);
    const evidence = name ? saved : { ...saved, name: `bukti${EVIDENCE_LIMITS.types[saved.mime as keyof typeof EVIDENCE_LIMITS.types] ?? ''}` };
    return { ok: true, evidence, bytes };
  } catch (err) {
    if (err instanceof EvidenceError) return failed(evidenceError(turn, err.reason));
    throw err;
  }
}

const failed = (error: string) => ({ ok: false as const, error });

/** Why a stated JP answer was refused: hours/minutes are not JP; anything else is no number. */
function jpError(turn: Turn, answer: NumberAnswer, canSkip: boolean): string {
  return !answer.ok && answer.reason === 'duration' ? turn.t.jpNotDuration(canSkip) : turn.t.jpNumberInvalid;
}

function evidenceError(turn: Turn, reason: 'too-big' | 'bad-type'): string {
  return reason === 'too-big' ? turn.t.evidenceTooBig(EVIDENCE_LIMITS.maxBytes / (1024 * 1024)) : turn.t.evidenceBadType;
}

/** Reports that still count: a rejected or cancelled report does not make a certificate number a duplicate. */
const LIVE_STATUSES: ReadonlySet<ActivityStatus> = new Set(['pending', 'approved', 'returned']);

/** Title of another live report (pending, approved, returned) of this employee with the same certificate number, if any. */
export async function findCertificateDuplicate(
  turn: Pick<Turn, 'employee' | 'deps'>,
  certNo: string,
  ownId?: string,
): Promise<string | undefined> {
  if (!turn.employee) return undefined;
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const mine = await turn.deps.store.activitiesOf(turn.employee.nip);
  const hit = mine.find(
    (a) => a.id !== ownId && LIVE_STATUSES.has(a.status) && a.certificateNumber && norm(a.certificateNumber) === norm(certNo),
  );
  return hit?.title;
}
