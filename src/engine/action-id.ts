import { z } from 'zod';
import { STEP_ORDER } from './report/data.js';
import { PLAN_STEP_ORDER } from './plan/item-steps-order.js';
import type { SubjectKind } from './approval/subject.js';

/**
 * The closed grammar of button action ids. A press arrives from the platform as an opaque string
 * (Telegram callback_data, Slack action value) that a modified client can set to any bytes: nothing of
 * it is used before it has parsed here.
 *
 * - `r:<nonce>:<step>:<value>` a report dialogue button (value may hold `:`, e.g. `page:1`)
 * - `p:<nonce>:<step>:<value>` a plan item dialogue button (the same dialogue kit)
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
  | { kind: 'myasn-uploaded'; id: string };

export type DialogPrefix = 'r' | 'p';

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
const valuePart = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/);

const grammar = z.union([
  z.tuple([z.literal('r'), nonce, step, valuePart], valuePart).transform(
    ([, n, s, ...value]): Action => ({ kind: 'dialog', prefix: 'r', nonce: n, step: s, value: value.join(':') }),
  ),
  z.tuple([z.literal('p'), nonce, planStep, valuePart], valuePart).transform(
    ([, n, s, ...value]): Action => ({ kind: 'dialog', prefix: 'p', nonce: n, step: s, value: value.join(':') }),
  ),
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
