import { z } from 'zod';
import { STEP_ORDER } from './report/data.js';
import { PLAN_OPS, PLAN_STEP_ORDER, START_STEP_ORDER, type PlanOp } from './plan/item-steps-order.js';
import type { SubjectKind } from './approval/subject.js';

/**
 * The closed grammar of button action ids. A press arrives from the platform as an opaque string
 * (Telegram callback_data, Slack action value) that a modified client can set to any bytes: nothing of
 * it is used before it has parsed here.
 *
 * - `r:<nonce>:<step>:<value>` a report dialogue button (value may hold `:`, e.g. `page:1`)
 * - `p:<nonce>:<step>:<value>` a plan item dialogue button (the same dialogue kit)
 * - `s:<nonce>:<step>:<value>` a button of "mulai" on an accepted plan item (the same dialogue kit)
 * - `pl:<year>:<op>[:<no>]` a button of the plan view (add, send, edit, del, start, report, view)
 * - `pp:<nip>:<year>:<no>:<rev>:<a|r|v>` the first press of a decision on plan item `no` (0: accept every proposed item)
 * - `pd:<nip>:<year>:<no>:<rev>:<a|r|v>:<reason index>` a plan decision complete in one press (a reason always)
 * - `pdc:<nip>:<year>:<no>` cancel the plan decision in progress
 * - `ev:<id>:<r|s|t|n>` the atasan's six-month rating of the remaining gap (rendah / sedang / tinggi; n: no note)
 * - `ap:<id>:<rev>:<a|r|v>` the first press of a decision (asks the reason or note)
 * - `ad:<id>:<rev>:<a|r|v>:<reason index | ->` a decision complete in one press
 * - `adc:<id>` cancel the decision in progress
 * - `rv:<id>` revise a returned report
 * - `mu:<id>` the employee uploaded an approved report to MyASN
 */
export type Action =
  /** A button of a dialogue-kit dialogue: `prefix` names the dialogue (`r` report, `p` plan item). */
  | { kind: 'dialog'; prefix: DialogPrefix; nonce: string; step: string; value: string }
  | { kind: 'ask-decision'; subject: SubjectKind; id: string; rev: string; decision: DecisionCode }
  | { kind: 'decide'; subject: SubjectKind; id: string; rev: string; decision: DecisionCode; reason: number | null }
  | { kind: 'cancel-decision'; subject: SubjectKind; id: string }
  | { kind: 'revise'; id: string }
  | { kind: 'plan'; year: number; op: PlanOp; no?: number }
  | { kind: 'evaluate'; id: string; gap: GapCode }
  | { kind: 'myasn-uploaded'; id: string };

export type DialogPrefix = 'r' | 'p' | 's';

/** rendah, sedang, tinggi; `n`: no note after the rating. */
export const GAP_CODES = ['r', 's', 't', 'n'] as const;
export type GapCode = (typeof GAP_CODES)[number];

export const DECISION_CODES = ['a', 'r', 'v'] as const;
export type DecisionCode = (typeof DECISION_CODES)[number];

/** Telegram's callback_data limit; our own ids stay below it. */
export const MAX_ACTION_BYTES = 64;

const activityId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);
const revision = z.string().regex(/^\d{1,4}$/);
const decision = z.enum(DECISION_CODES);
const reasonKey = z.union([z.literal('-').transform(() => null), z.string().regex(/^\d$/).transform(Number)]);
const nonce = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/);
const kitSteps = ['summary', 'editpick'] as const;
const step = z.enum([...STEP_ORDER, ...kitSteps]);
const planStep = z.enum([...PLAN_STEP_ORDER, ...kitSteps]);
const startStep = z.enum([...START_STEP_ORDER, ...kitSteps]);
const year = z.string().regex(/^20\d\d$/).transform(Number);
const itemNo = z.string().regex(/^\d{1,3}$/).transform(Number);
const nip = z.string().regex(/^\d{18}$/);
const digitReason = z.string().regex(/^\d$/).transform(Number);
const valuePart = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/);

const grammar = z.union([
  z.tuple([z.literal('r'), nonce, step, valuePart], valuePart).transform(
    ([, n, s, ...value]): Action => ({ kind: 'dialog', prefix: 'r', nonce: n, step: s, value: value.join(':') }),
  ),
  z.tuple([z.literal('p'), nonce, planStep, valuePart], valuePart).transform(
    ([, n, s, ...value]): Action => ({ kind: 'dialog', prefix: 'p', nonce: n, step: s, value: value.join(':') }),
  ),
  z.tuple([z.literal('s'), nonce, startStep, valuePart], valuePart).transform(
    ([, n, s, ...value]): Action => ({ kind: 'dialog', prefix: 's', nonce: n, step: s, value: value.join(':') }),
  ),
  z.tuple([z.literal('pl'), year, z.enum(PLAN_OPS)]).transform(([, y, op]): Action => ({ kind: 'plan', year: y, op })),
  z.tuple([z.literal('pl'), year, z.enum(PLAN_OPS), itemNo]).transform(([, y, op, no]): Action => ({ kind: 'plan', year: y, op, no })),
  z
    .tuple([z.literal('pp'), nip, year, itemNo, revision, decision])
    // Item 0 is "accept every proposed item": an acceptance only.
    .refine(([, , , no, , d]) => no > 0 || d === 'a')
    .transform(([, n, y, no, rev, d]): Action => ({ kind: 'ask-decision', subject: 'plan', id: `${n}:${y}:${no}`, rev, decision: d })),
  z
    .tuple([z.literal('pd'), nip, year, itemNo, revision, decision, digitReason])
    .refine(([, , , no, , d]) => no > 0 || d === 'a')
    .transform(([, n, y, no, rev, d, reason]): Action => ({ kind: 'decide', subject: 'plan', id: `${n}:${y}:${no}`, rev, decision: d, reason })),
  z.tuple([z.literal('pdc'), nip, year, itemNo]).transform(([, n, y, no]): Action => ({ kind: 'cancel-decision', subject: 'plan', id: `${n}:${y}:${no}` })),
  z.tuple([z.literal('ev'), activityId, z.enum(GAP_CODES)]).transform(([, id, gap]): Action => ({ kind: 'evaluate', id, gap })),
  z.tuple([z.literal('ap'), activityId, revision, decision]).transform(
    ([, id, rev, d]): Action => ({ kind: 'ask-decision', subject: 'report', id, rev, decision: d }),
  ),
  z
    .tuple([z.literal('ad'), activityId, revision, decision, reasonKey])
    // An approval takes no preset reason (`-`); a rejection or return always one.
    .refine(([, , , d, reason]) => (d === 'a') === (reason === null))
    .transform(
    ([, id, rev, d, reason]): Action => ({ kind: 'decide', subject: 'report', id, rev, decision: d, reason }),
  ),
  z.tuple([z.literal('adc'), activityId]).transform(([, id]): Action => ({ kind: 'cancel-decision', subject: 'report', id })),
  z.tuple([z.literal('rv'), activityId]).transform(([, id]): Action => ({ kind: 'revise', id })),
  z.tuple([z.literal('mu'), activityId]).transform(([, id]): Action => ({ kind: 'myasn-uploaded', id })),
]);

/** The parsed action, or undefined for anything outside the grammar (which changes nothing). */
export function parseAction(raw: unknown): Action | undefined {
  if (typeof raw !== 'string' || Buffer.byteLength(raw, 'utf8') > MAX_ACTION_BYTES) return undefined;
  const parsed = grammar.safeParse(raw.split(':'));
  return parsed.success ? parsed.data : undefined;
}
