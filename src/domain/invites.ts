import { randomInt } from 'node:crypto';
import { addDays } from 'date-fns';
import type { Store } from './store.js';
import type { Invite } from './types.js';

export const INVITE_DAYS = 14;
// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newInviteCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export function normalizeInviteCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]/g, '');
}

/** Issues a one-time code for an employee of the roster, valid for 14 days. */
export async function issueInvite(store: Store, nip: string, now: Date): Promise<Invite> {
  const invite: Invite = {
    code: newInviteCode(),
    nip,
    createdAt: now.toISOString(),
    expiresAt: addDays(now, INVITE_DAYS).toISOString(),
  };
  await store.createInvite(invite);
  return invite;
}

export function telegramDeepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername.replace(/^@/, '')}?start=${code}`;
}
