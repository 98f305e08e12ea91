import { formatDateLong, formatMonth, todayIn } from '../../domain/dates.js';
import type { SumberDana } from '../../domain/types.js';
import { formRule } from '../../rules/index.js';
import type { Button } from '../../chat/events.js';
import { kitButton, type Outcome, type Question, type StepDef } from '../dialog-kit/index.js';
import type { ReportData } from '../report/data.js';
import { jpTooLarge, MAX_ACTIVITY_JP, parseCount, parseStatedJp } from '../report/parse-amount.js';
import { STEPS as REPORT_STEPS } from '../report/steps.js';
import type { Turn } from '../turn.js';
import { isSlashCommand } from '../words.js';
import { SUMBER_DANA, type PlanItemData, type PlanStep } from './item-data.js';
import { jadwalSpan, parseJadwal } from './parse-jadwal.js';
import { parseRupiah } from './parse-rupiah.js';

const ok: Outcome = { ok: true };
const fail = (error: string): Outcome => ({ ok: false, error });
const button = (step: PlanStep, value: string, label: string): Button => kitButton('p', step, value, label);

/**
 * The report's own question (jalur, form), asked as a plan question: the same buttons and answers, with
 * its button ids moved from the report's prefix to the plan item's.
 */
function asInReport(step: 'jalur' | 'form'): StepDef<PlanItemData> {
  const def = REPORT_STEPS[step];
  const asReport = (data: PlanItemData) => data as unknown as ReportData;
  return {
    ask: async (turn, data): Promise<Question> => {
      const q = await def.ask(turn, asReport(data));
      const buttons = q.buttons?.map((row) => row.map((b) => ({ ...b, id: b.id.replace(/^r:/, 'p:') })));
      return { text: q.text, ...(buttons ? { buttons } : {}) };
    },
    press: (turn, data, value) => def.press!(turn, asReport(data), value),
    text: (turn, data, text) => def.text!(turn, asReport(data), text),
  };
}

function freeText(field: 'materi' | 'penyelenggara' | 'alasan', min: number, max: number): StepDef<PlanItemData>['text'] {
  return (turn, data, text) => {
    const value = text.trim().replace(/\s+/g, ' ');
    if (isSlashCommand(value)) return fail(turn.t.commandNotAnswer);
    if (!/\p{L}/u.test(value)) return fail(turn.t.needsLetters);
    if (value.length < min || value.length > max) return fail(turn.t.textLength(min, max));
    data[field] = value;
    return ok;
  };
}

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** The unit word of the amount question, per the form's rule. */
function amountUnit(turn: Turn, data: PlanItemData): 'day' | 'session' | 'activity' | 'semester' | 'jp' {
  const rule = formRule(turn.deps.profile, data.type ?? '');
  return rule.needsStatedJp ? 'jp' : rule.unit;
}

const DANA_WORDS: Record<string, SumberDana> = {
  apbn: 'APBN',
  apbd: 'APBD',
  mandiri: 'mandiri',
  'biaya sendiri': 'mandiri',
  sendiri: 'mandiri',
  'self-funded': 'mandiri',
  'self funded': 'mandiri',
  lainnya: 'lainnya',
  lain: 'lainnya',
  'lain-lain': 'lainnya',
  other: 'lainnya',
};

export const danaLabel = (turn: Pick<Turn, 't'>, dana: SumberDana): string =>
  ({ APBN: 'APBN', APBD: 'APBD', mandiri: turn.t.planDanaMandiri, lainnya: turn.t.planDanaLainnya })[dana];

export const PLAN_STEPS: Record<PlanStep, StepDef<PlanItemData>> = {
  jalur: asInReport('jalur'),
  form: asInReport('form'),

  materi: {
    ask: (turn) => ({ text: turn.t.planAskMateri }),
    text: freeText('materi', 3, 300),
  },

  penyelenggara: {
    ask: (turn) => ({ text: turn.t.planAskPenyelenggara }),
    text: freeText('penyelenggara', 2, 300),
  },

  jadwal: {
    ask: (turn, data) => {
      const today = todayIn(turn.now(), turn.deps.tz);
      const months = MONTHS.map((m) => `${data.year}-${m}`).filter((m) => m >= today.slice(0, 7));
      const labels = months.map((m) => button('jadwal', m, formatMonth(m, turn.lang).replace(/ \d{4}$/, '')));
      const rows: Button[][] = [];
      for (let i = 0; i < labels.length; i += 4) rows.push(labels.slice(i, i + 4));
      return { text: turn.t.planAskJadwal(data.year), buttons: rows };
    },
    press: (turn, data, value) => PLAN_STEPS.jadwal.text!(turn, data, value),
    text: (turn, data, text) => {
      const parsed = parseJadwal(text, data.year);
      if (!parsed.ok) {
        if (parsed.reason === 'end-before-start') return fail(turn.t.planJadwalEndBeforeStart);
        return fail(parsed.reason === 'impossible' ? turn.t.dateImpossible : turn.t.planJadwalFormat);
      }
      const span = jadwalSpan(parsed.jadwal);
      if (!span.start.startsWith(String(data.year)) || !span.end.startsWith(String(data.year))) {
        return fail(turn.t.planJadwalOutsideYear(data.year));
      }
      const today = todayIn(turn.now(), turn.deps.tz);
      if (span.end < today) return fail(turn.t.planJadwalPast(formatDateLong(today, turn.lang)));
      data.jadwal = parsed.jadwal;
      return ok;
    },
  },

  amount: {
    ask: (turn, data) => {
      const unit = amountUnit(turn, data);
      const presets = unit === 'day' ? [1, 2, 3] : unit === 'session' ? [1, 2, 3] : unit === 'activity' ? [1] : unit === 'semester' ? [1, 2] : [];
      const buttons = presets.length ? [presets.map((n) => button('amount', String(n), String(n)))] : undefined;
      return { text: turn.t.planAskAmount(unit), ...(buttons ? { buttons } : {}) };
    },
    press: (turn, data, value) => PLAN_STEPS.amount.text!(turn, data, value),
    text: (turn, data, text) => {
      const unit = amountUnit(turn, data);
      delete data.days;
      delete data.count;
      delete data.jp;
      if (unit === 'jp') {
        const answer = parseStatedJp(text);
        if (!answer.ok) return fail(turn.t.jpNumberInvalid);
        if (jpTooLarge({ jp: answer.value })) return fail(turn.t.jpTooLarge(MAX_ACTIVITY_JP));
        data.jp = answer.value;
        return ok;
      }
      const answer = parseCount(text, unit);
      if (!answer.ok) return fail(turn.t.wholeCountInvalid(unit));
      if (unit === 'day') {
        const span = data.jadwal ? jadwalSpan(data.jadwal) : undefined;
        const days = span ? Math.round((Date.parse(span.end) - Date.parse(span.start)) / 86_400_000) + 1 : undefined;
        if (days !== undefined && answer.value > days) return fail(turn.t.daysOverSpan(days));
        data.days = answer.value;
      } else data.count = answer.value;
      return ok;
    },
  },

  biaya: {
    ask: (turn) => ({ text: turn.t.planAskBiaya, buttons: [[button('biaya', '0', turn.t.planNoCost)]] }),
    press: (turn, data, value) => (value === '0' ? PLAN_STEPS.biaya.text!(turn, data, '0') : fail(turn.t.staleButton)),
    text: (turn, data, text) => {
      const value = parseRupiah(text);
      if (value === undefined) return fail(turn.t.planBiayaInvalid);
      data.biaya = value;
      return ok;
    },
  },

  dana: {
    ask: (turn) => ({
      text: turn.t.planAskDana,
      buttons: [SUMBER_DANA.slice(0, 2).map((d) => button('dana', d, danaLabel(turn, d))), SUMBER_DANA.slice(2).map((d) => button('dana', d, danaLabel(turn, d)))],
    }),
    press: (turn, data, value) => {
      if (!SUMBER_DANA.includes(value as SumberDana)) return fail(turn.t.staleButton);
      data.dana = value as SumberDana;
      return ok;
    },
    text: (turn, data, text) => {
      const word = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]$/, '').replace(/^(dana|sumber dana|dari) /, '');
      const dana = Object.hasOwn(DANA_WORDS, word) ? DANA_WORDS[word] : undefined;
      if (!dana) return fail(turn.t.chooseButton(['APBN', 'APBD', turn.t.planDanaMandiri.toLowerCase(), turn.t.planDanaLainnya.toLowerCase()]));
      data.dana = dana;
      return ok;
    },
  },

  alasan: {
    ask: (turn) => ({ text: turn.t.planAskAlasan }),
    text: freeText('alasan', 3, 1000),
  },
};
