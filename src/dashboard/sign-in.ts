import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../domain/store.js';
import type { Employee } from '../domain/types.js';

/** A sign-in link works once, within this long. */
export const LINK_TTL_MS = 15 * 60 * 1000;
/** A session (the cookie) lasts this long. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** 32 random bytes, base64url: what the link and the cookie carry. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The store keeps the sha256 of a token, never the token: reading the database gives no way in. */
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * Who may open the dashboard: an admin (every unit), or an atasan, someone with at least one subordinate
 * in the roster (their subordinates and theirs down the tree). Nobody else.
 */
export async function mayUseDashboard(store: Store, employee: Employee): Promise<boolean> {
  if (employee.role === 'admin') return true;
  return (await store.subordinatesOf(employee.nip)).length > 0;
}

/** A one-time sign-in link's token for `nip`, kept (as its hash) in the store, in the caller's transaction when given one. */
export async function issueSignInToken(store: Store, nip: string, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS).toISOString();
  await store.createDashboardToken({ id: tokenId(token), kind: 'link', nip, createdAt: now.toISOString(), expiresAt });
  return { token, expiresAt };
}

export type Redeemed =
  | { ok: true; session: string; nip: string; expiresAt: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'not-allowed' };

/**
 * Exchanges a sign-in link's token for a new session, in one transaction: the link is marked used with
 * compare-and-set, so of two requests (in two processes) with the same link exactly one gets a session.
 * A forged, expired or used link gets nothing; so does one whose employee is no longer an admin or atasan.
 */
export async function redeemSignInToken(store: Store, token: string, now: Date): Promise<Redeemed> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' };
  const id = tokenId(token);
  return store.transaction(async (tx): Promise<Redeemed> => {
    const link = await tx.getDashboardToken(id);
    if (!link || link.kind !== 'link') return { ok: false, reason: 'unknown' };
    if (link.usedAt !== undefined) return { ok: false, reason: 'used' };
    if (Date.parse(link.expiresAt) <= now.getTime()) return { ok: false, reason: 'expired' };
    const employee = await tx.getEmployee(link.nip);
    if (!employee || !(await mayUseDashboard(tx, employee))) return { ok: false, reason: 'not-allowed' };
    if (!(await tx.useDashboardToken(id, now.toISOString()))) return { ok: false, reason: 'used' };
    const session = newToken();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
    await tx.createDashboardToken({ id: tokenId(session), kind: 'session', nip: link.nip, createdAt: now.toISOString(), expiresAt });
    return { ok: true, session, nip: link.nip, expiresAt };
  });
}

/** Whether a sign-in link would still work, without using it (the page with the button shows this). */
export async function signInLinkState(store: Store, token: string, now: Date): Promise<'ok' | 'unknown' | 'expired' | 'used'> {
  if (!TOKEN.test(token)) return 'unknown';
  const link = await store.getDashboardToken(tokenId(token));
  if (!link || link.kind !== 'link') return 'unknown';
  if (link.usedAt !== undefined) return 'used';
  return Date.parse(link.expiresAt) <= now.getTime() ? 'expired' : 'ok';
}

/** The NIP of a live session (the cookie's token), or undefined: unknown, ended or expired. */
export async function sessionNip(store: Store, token: string | undefined, now: Date): Promise<string | undefined> {
  if (!token || !TOKEN.test(token)) return undefined;
  const session = await store.getDashboardToken(tokenId(token));
  if (!session || session.kind !== 'session' || session.usedAt !== undefined) return undefined;
  return Date.parse(session.expiresAt) > now.getTime() ? session.nip : undefined;
}

/** Ends a session at once (sign out). */
export async function endSession(store: Store, token: string, now: Date): Promise<void> {
  if (TOKEN.test(token)) await store.useDashboardToken(tokenId(token), now.toISOString());
}
