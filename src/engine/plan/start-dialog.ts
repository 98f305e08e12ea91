import { formatDateLong, parseUserDate } from '../../domain/dates.js';
import type { ReportPattern } from '../../domain/types.js';
import { kitButton, startDialog, type DialogSpec, type KitData, type Outcome, type StepDef } from '../dialog-kit/index.js';
import type { Turn } from '../turn.js';
import { isSlashCommand } from '../words.js';
import { itemOf } from './plan-ops.js';
import { START_STEP_ORDER, type StartStep } from './item-steps-order.js';
import { showPlan } from './view.js';

export const PATTERNS: readonly ReportPattern[] = ['sekali', 'harian', 'mingguan', 'bulanan'];
export const PLAN_START_DIALOG = 'plan-start';

/** "mulai" on an accepted plan item: its dates, place and reporting pattern. */
export interface StartData extends KitData<StartStep> {
  year: number;
  no: number;
  start?: string;
  end?: string;
  place?: string;
  pattern?: ReportPattern;
}

const ok: Outcome = { ok: true };
const fail = (error: string): Outcome => ({ ok: false, error });

function dateStep(field: 'start' | 'end'): StepDef<StartData> {
  const step: StartStep = field === 'start' ? 'mulai' : 'selesai';
  return {
    ask: (turn) => ({
      text: field === 'start' ? turn.t.planAskStartDate : turn.t.planAskEndDate,
      buttons: [
        field === 'start'
          ? [kitButton('s', step, 'today', turn.t.today)]
          : [kitButton('s', step, 'same', turn.t.sameAsStart)],
      ],
    }),
    press: (turn, data, value) => {
      if (value === 'today') return dateStep(field).text!(turn, data, 'hari ini');
      if (value === 'same' && data.start) return dateStep(field).text!(turn, data, data.start);
      return fail(turn.t.staleButton);
    },
    text: (turn, data, text) => {
      const parsed = parseUserDate(text, turn.now(), turn.deps.tz);
      if (!parsed.ok) return fail(parsed.reason === 'impossible' ? turn.t.dateImpossible : turn.t.dateFormat);
      if (!parsed.date.startsWith(String(data.year))) return fail(turn.t.planJadwalOutsideYear(data.year));
      if (field === 'end' && data.start && parsed.date < data.start) return fail(turn.t.dateEndBeforeStart(formatDateLong(data.start, turn.lang)));
      data[field] = parsed.date;
      return ok;
    },
  };
}

export const START_STEPS: Record<StartStep, StepDef<StartData>> = {
  mulai: dateStep('start'),
  selesai: dateStep('end'),
  tempat: {
    ask: (turn) => ({ text: turn.t.planAskPlace }),
    text: (turn, data, text) => {
      const value = text.trim().replace(/\s+/g, ' ');
      if (isSlashCommand(value)) return fail(turn.t.commandNotAnswer);
      if (!/\p{L}/u.test(value)) return fail(turn.t.needsLetters);
      if (value.length < 2 || value.length > 300) return fail(turn.t.textLength(2, 300));
      data.place = value;
      return ok;
    },
  },
  pola: {
    ask: (turn) => ({
      text: turn.t.planAskPattern,
      buttons: [PATTERNS.slice(0, 2).map((p) => kitButton('s', 'pola', p, turn.t.planPattern[p])), PATTERNS.slice(2).map((p) => kitButton('s', 'pola', p, turn.t.planPattern[p]))],
    }),
    press: (turn, data, value) => {
      if (!PATTERNS.includes(value as ReportPattern)) return fail(turn.t.staleButton);
      data.pattern = value as ReportPattern;
      return ok;
    },
    text: (turn, data, text) => {
      const word = text.trim().toLowerCase().replace(/[.!]$/, '');
      const found = PATTERNS.find((p) => p === word || turn.t.planPattern[p].toLowerCase() === word);
      if (!found) return fail(turn.t.chooseButton(PATTERNS.map((p) => turn.t.planPattern[p].toLowerCase())));
      data.pattern = found;
      return ok;
    },
  },
};

export const START_SPEC: DialogSpec<StartData, StartStep> = {
  dialog: PLAN_START_DIALOG,
  prefix: 's',
  order: START_STEP_ORDER,
  steps: START_STEPS,
  editable: START_STEP_ORDER,
  fieldLabel: (turn, step) => ({ mulai: turn.t.planFieldStart, selesai: turn.t.planFieldEnd, tempat: turn.t.planFieldPlace, pola: turn.t.planFieldPattern })[step],
  isApplicable: () => true,
  unanswer: (data, step) => {
    const drop = new Set<StartStep>([step, ...(step === 'mulai' ? (['selesai'] as const) : [])]);
    data.answered = data.answered.filter((s) => !drop.has(s));
  },
  summary: async (turn, data) => {
    const plan = await turn.deps.store.getPlan(turn.employee!.nip, data.year);
    const item = itemOf(plan, data.no);
    const dates = data.start === data.end ? formatDateLong(data.start!, turn.lang) : `${formatDateLong(data.start!, turn.lang)} – ${formatDateLong(data.end!, turn.lang)}`;
    return {
      text: [
        turn.t.planStartSummaryTitle(data.no, item?.materi ?? '–'),
        `${turn.t.planFieldDates}: ${dates}`,
        `${turn.t.planFieldPlace}: ${data.place}`,
        `${turn.t.planFieldPattern}: ${turn.t.planPattern[data.pattern!]}`,
      ].join('\n'),
      canSend: true,
    };
  },
  sendLabel: (turn) => turn.t.planSaveItem,
  sendWords: /^(simpan|save|kirim|send|ya|yes|ok|oke)$/,
  summaryHint: (turn) => turn.t.planSummaryHint,
  send: async (turn, data) => {
    const nip = turn.employee!.nip;
    const at = turn.nowIso();
    let refused = false;
    const plan = await turn.deps.store.updatePlan(nip, data.year, (current) => {
      const item = itemOf(current, data.no);
      if (!current || !item || item.status !== 'diterima') {
        refused = true;
        return undefined;
      }
      const started = { start: data.start!, end: data.end!, place: data.place!, pattern: data.pattern!, at };
      return { ...current, items: current.items.map((i) => (i.no === data.no ? { ...i, started } : i)), updatedAt: at };
    });
    if (refused) turn.reply(turn.t.planStartNotAllowed);
    else turn.reply(turn.t.planStarted(data.no, formatDateLong(data.end!, turn.lang)));
    await showPlan(turn, data.year, plan);
    return { done: true };
  },
  cancelled: (turn) => turn.t.planStartCancelled,
  inProgress: (turn) => turn.t.planItemInProgress,
};

/** Opens "mulai" for an accepted item. */
export function startPlanStart(turn: Turn, year: number, no: number): Promise<void> {
  return startDialog(turn, START_SPEC, { year, no, answered: [] });
}
