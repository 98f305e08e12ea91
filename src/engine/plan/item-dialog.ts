import { RuleError, formatJp } from '../../rules/index.js';
import { MAX_ACTIVITY_JP } from '../report/parse-amount.js';
import type { PlanItem } from '../../domain/types.js';
import { startDialog, type DialogSpec } from '../dialog-kit/index.js';
import type { Turn } from '../turn.js';
import { amountOf, computePlanned, isApplicable, itemAsData, PLAN_STEP_ORDER, unanswer, type PlanItemData, type PlanStep } from './item-data.js';
import { PLAN_STEPS } from './item-steps.js';
import { emptyPlan, historyFull, isEditable, itemOf, mayEdit, PLAN_MAX_ITEMS, PLAN_MAX_NO } from './plan-ops.js';
import { itemLines } from './view-lines.js';
import { showPlan } from './view.js';
import { planDeadline, proposalLock } from './year.js';
import { formatDateLong } from '../../domain/dates.js';

export const PLAN_ITEM_DIALOG = 'plan-item';

const EDITABLE: PlanStep[] = ['form', 'materi', 'penyelenggara', 'jadwal', 'amount', 'biaya', 'dana', 'alasan'];

export const PLAN_ITEM_SPEC: DialogSpec<PlanItemData, PlanStep> = {
  dialog: PLAN_ITEM_DIALOG,
  prefix: 'p',
  order: PLAN_STEP_ORDER,
  steps: PLAN_STEPS,
  editable: EDITABLE,
  fieldLabel: (turn, step) =>
    ({
      jalur: turn.t.fieldForm,
      form: turn.t.fieldForm,
      materi: turn.t.planFieldMateri,
      penyelenggara: turn.t.fieldOrganizer,
      jadwal: turn.t.planFieldJadwal,
      amount: turn.t.fieldAmount,
      biaya: turn.t.planFieldBiaya,
      dana: turn.t.planFieldDana,
      alasan: turn.t.planFieldAlasan,
    })[step],
  isApplicable: (step, data) => isApplicable(step, data),
  unanswer: (data, step) => unanswer(data, step),
  onEditPick: (data, field) => {
    if (field === 'form') data.formPage = 0;
  },
  summary: (turn, data) => {
    const lines = [turn.t.planItemSummaryTitle(data.year), ...itemLines(turn, draftItem(data, 0))];
    try {
      const result = computePlanned(data, turn.deps.profile);
      lines.push(`${turn.t.planFieldJp}: *${formatJp(result.jp, turn.lang)}*`, result.explanation);
      // Many sessions or activities can add up to more JP than one activity counts.
      if (result.jp > MAX_ACTIVITY_JP) {
        lines.push(turn.t.jpTooLarge(MAX_ACTIVITY_JP));
        return { text: lines.join('\n'), canSend: false };
      }
      return { text: lines.join('\n'), canSend: true };
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      lines.push(turn.t.computeFailed(err.message));
      return { text: lines.join('\n'), canSend: false };
    }
  },
  sendLabel: (turn) => turn.t.planSaveItem,
  sendWords: /^(simpan|save|kirim|send|ya|yes|ok|oke)$/,
  summaryHint: (turn) => turn.t.planSummaryHint,
  send: async (turn, data) => {
    let jp: number;
    try {
      jp = computePlanned(data, turn.deps.profile).jp;
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      return { error: turn.t.computeFailed(err.message) };
    }
    if (jp > MAX_ACTIVITY_JP) return { error: turn.t.jpTooLarge(MAX_ACTIVITY_JP) };
    return { done: await saveItem(turn, data, jp) };
  },
  cancelled: (turn) => turn.t.planItemCancelled,
  inProgress: (turn) => turn.t.planItemInProgress,
};

/** The answers as a plan item (status draf), for the summary and for saving. */
function draftItem(data: PlanItemData, jp: number): PlanItem {
  return {
    no: data.editNo ?? 0,
    jalur: data.jalur ?? 'klasikal',
    type: data.type ?? '',
    materi: data.materi ?? '',
    penyelenggara: data.penyelenggara ?? '',
    jadwal: data.jadwal ?? { month: `${data.year}-01` },
    amount: amountOf(data),
    jp,
    biaya: data.biaya ?? 0,
    sumberDana: data.dana ?? 'lainnya',
    alasan: data.alasan ?? '',
    status: 'draf',
    history: [],
  };
}

/** Adds the item to the plan (or replaces the one being changed), as a draft; shows the plan. */
async function saveItem(turn: Turn, data: PlanItemData, jp: number): Promise<boolean> {
  const nip = turn.employee!.nip;
  const at = turn.nowIso();
  let refused: string | undefined;
  const plan = await turn.deps.store.updatePlan(nip, data.year, (current) => {
    const lock = proposalLock(current, data.year, turn.now(), turn.deps.tz);
    const old = data.editNo !== undefined ? itemOf(current, data.editNo) : undefined;
    // After the deadline only an item the atasan returned may still be changed.
    if (lock !== 'open' && !(old && mayEdit(old, lock))) {
      refused = 'locked';
      return undefined;
    }
    const plan = current ?? emptyPlan(nip, data.year, at);
    const item = draftItem(data, jp);
    if (data.editNo !== undefined) {
      if (old && isEditable(old) && historyFull(old)) {
        refused = 'history-full';
        return undefined;
      }
      if (!old || !isEditable(old)) {
        refused = 'not-editable';
        return undefined;
      }
      const replaced = { ...item, no: old.no, history: [...old.history, { status: 'draf' as const, by: nip, at }] };
      return { ...plan, items: plan.items.map((i) => (i.no === old.no ? replaced : i)), updatedAt: at };
    }
    if (plan.items.length >= PLAN_MAX_ITEMS) {
      refused = 'full';
      return undefined;
    }
    if (plan.nextNo > PLAN_MAX_NO) {
      refused = 'numbers-used';
      return undefined;
    }
    const added = { ...item, no: plan.nextNo, history: [{ status: 'draf' as const, by: nip, at }] };
    return { ...plan, items: [...plan.items, added], nextNo: plan.nextNo + 1, updatedAt: at };
  });
  if (refused === 'locked') turn.reply(turn.t.planLocked(data.year, formatDateLong(planDeadline(data.year), turn.lang)));
  else if (refused === 'not-editable') turn.reply(turn.t.planItemNotEditable);
  else if (refused === 'full') turn.reply(turn.t.planFull(PLAN_MAX_ITEMS));
  else if (refused === 'numbers-used') turn.reply(turn.t.planNumbersUsedUp);
  else if (refused === 'history-full') turn.reply(turn.t.planItemTooManyChanges(data.editNo!));
  else turn.reply(data.editNo !== undefined ? turn.t.planItemChanged : turn.t.planItemSaved);
  await showPlan(turn, data.year, plan);
  return true;
}

/** "Tambah": a new item, one question at a time. */
export function startPlanItem(turn: Turn, year: number): Promise<void> {
  return startDialog(turn, PLAN_ITEM_SPEC, { year, answered: [] });
}

/** "Ubah" on an item: its answers, straight to the summary (where "Ubah" picks the field). */
export function startPlanItemEdit(turn: Turn, year: number, item: PlanItem): Promise<void> {
  return startDialog(turn, PLAN_ITEM_SPEC, itemAsData(year, item));
}
