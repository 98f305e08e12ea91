import type { ConversationState } from '../../domain/types.js';
import { REPORT_SPEC } from '../report/dialog.js';
import { PLAN_ITEM_SPEC } from '../plan/item-dialog.js';
import { START_SPEC } from '../plan/start-dialog.js';
import type { DialogSpec } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDialogSpec = DialogSpec<any, string>;

/** Every kit dialogue the engine routes to. */
const SPECS: AnyDialogSpec[] = [REPORT_SPEC, PLAN_ITEM_SPEC, START_SPEC] as unknown as AnyDialogSpec[];

/** The kit dialogue a stored conversation state belongs to, if any. */
export function dialogOf(state: ConversationState | undefined): AnyDialogSpec | undefined {
  return state ? SPECS.find((s) => s.dialog === state.dialog) : undefined;
}
