import { z } from 'zod';
import type { UserRef } from '../chat/events.js';
import type { Store } from '../domain/store.js';
import type { AttemptWindow } from './link-guard.js';

/**
 * The guessing windows live in the store as dialogue-state records, so they are written in the turn's own
 * commit, survive a restart and are shared by every process on the store.
 */

const DIALOG = 'link-guard';
export const GLOBAL_GUARD_KEY = 'link-guard:global';
export const accountGuardKey = (from: UserRef): string => `link-guard:${from.platform}:${from.id}`;

export interface GuardRecord extends AttemptWindow {
  /** The end of the lock this account was told about: refusals within that same lock get no reply. */
  toldUntil?: number;
}

const time = z.number().int().nonnegative();
const guardData = z.object({
  attempts: z.array(time).max(1000),
  lockedUntil: time.optional(),
  toldUntil: time.optional(),
});

/** The stored window; a missing, corrupt or foreign record counts as empty. */
export async function readGuard(store: Store, key: string): Promise<GuardRecord> {
  const state = await store.getState(key);
  if (state?.dialog !== DIALOG) return { attempts: [] };
  const parsed = guardData.safeParse(state.data);
  return parsed.success ? parsed.data : { attempts: [] };
}

export async function writeGuard(store: Store, key: string, record: GuardRecord, now: Date): Promise<void> {
  const data: GuardRecord = { attempts: record.attempts };
  if (record.lockedUntil !== undefined) data.lockedUntil = record.lockedUntil;
  if (record.toldUntil !== undefined) data.toldUntil = record.toldUntil;
  await store.setState({ key, dialog: DIALOG, step: 'window', data: { ...data }, trail: [], updatedAt: now.toISOString() });
}

export async function clearGuard(store: Store, key: string): Promise<void> {
  await store.deleteState(key);
}
