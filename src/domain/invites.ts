import { randomInt } from 'node:crypto';
import { addDays } from 'date-fns';
import type { Store } from './store.js';
import type { Invite } from './types.js';

export const INVITE_DAYS = 14;
// No 0/O, 1/I/L: codes are read aloud and typed on phones.
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Long enough that guessing is hopeless even at the guessing limit (the README gives the figure). */
export const INVITE_CODE_LENGTH = 12;
/** Codes issued before the longer ones; they keep working until they expire. */
export const LEGACY_INVITE_CODE_LENGTH = 8;
const GROUP = 4;

const SHAPE = new RegExp(
  `^(?:[${INVITE_ALPHABET}]{${INVITE_CODE_LENGTH}}|[${INVITE_ALPHABET}]{${LEGACY_INVITE_CODE_LENGTH}})$`,
);

export function newInviteCode(length = INVITE_CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

/** What the user typed (`abcd-efgh jkmn`), as stored (`ABCDEFGHJKMN`). */
export function normalizeInviteCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]/g, '');
}

/** True when a normalized code could have been issued (either length, only the alphabet). */
export function isInviteCodeShape(code: string): boolean {
  return SHAPE.test(code);
}

/** For people to read and type: `ABCD-EFGH-JKMN`. Typed back with or without the dashes. */
export function formatInviteCode(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? code;
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
