import type { OutboundMessage, UserRef } from '../chat/events.js';
import type { EngineDeps } from './deps.js';
import { replyWaitingRequests } from './approval/waiting.js';
import { catalog } from './i18n/index.js';
import { Turn } from './turn.js';

/** What a direct link did: whether the account was (re)linked, and the messages committed for it. */
export interface DirectLinkResult {
  linked: boolean;
  messages: OutboundMessage[];
  /** Outbox ids of `messages`, to settle once they are delivered. */
  ids: string[];
}

/**
 * Links an account to an employee without an invite, for a transport that vouches for who is typing (the
 * terminal demo's `/as`). Like a late link through an invite, the account receives every approval request
 * that waited for that employee; the link and those messages are one commit. An account already linked to
 * that employee changes nothing and receives nothing, so calling it again is harmless.
 *
 * It runs outside the engine's per-user ordering: the caller must not handle events of the same account
 * at the same time (the terminal handles one line after the other).
 */
export async function linkDirectly(deps: EngineDeps, from: UserRef, nip: string): Promise<DirectLinkResult> {
  return deps.store.transaction(async (tx) => {
    const employee = await tx.getEmployee(nip);
    if (!employee) return { linked: false, messages: [], ids: [] };
    const existing = await tx.getAccount(from.platform, from.id);
    if (existing?.nip === nip) return { linked: false, messages: [], ids: [] };
    const now = deps.clock.now().toISOString();
    const account = { platform: from.platform, userId: from.id, nip, linkedAt: now, lastSeenAt: now };
    await tx.linkAccount(account);
    const lang = employee.lang ?? 'id';
    const turn = new Turn({ ...deps, store: tx }, from, lang, account, employee);
    await replyWaitingRequests(turn, employee, catalog(lang), lang);
    const ids = await tx.enqueueOutbound(turn.out);
    return { linked: true, messages: turn.out, ids };
  });
}
