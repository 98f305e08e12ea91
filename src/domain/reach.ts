import type { Platform, UserRef } from '../chat/events.js';
import type { Store } from './store.js';
import type { Account } from './types.js';

/**
 * How an employee can be reached: on the account they wrote from last (someone linked on Telegram and
 * Slack gets a message once, where they are active), leaving out accounts the platform said are
 * unreachable (blocked the assistant, deactivated); `unreachable` when every linked account is.
 */
export type Reach =
  | { kind: 'linked'; to: UserRef }
  | { kind: 'unreachable'; accounts: { platform: Platform; since: string }[] }
  | { kind: 'not-linked' };

export async function reachOf(store: Store, nip: string): Promise<Reach> {
  return reachFrom(await store.accountsOf(nip));
}

/** The reach of many employees with one lookup (a rekap, a reminder run over everyone). */
export async function reachOfMany(store: Store, nips: string[]): Promise<Map<string, Reach>> {
  const byNip = new Map<string, Account[]>();
  for (const a of await store.accountsOfMany(nips)) {
    const list = byNip.get(a.nip);
    if (list) list.push(a);
    else byNip.set(a.nip, [a]);
  }
  return new Map(nips.map((nip) => [nip, reachFrom(byNip.get(nip) ?? [])]));
}

function reachFrom(accounts: Account[]): Reach {
  if (accounts.length === 0) return { kind: 'not-linked' };
  const live = accounts.filter((a) => !a.unreachableAt);
  if (live.length === 0) return { kind: 'unreachable', accounts: accounts.map((a) => ({ platform: a.platform, since: a.unreachableAt! })) };
  const latest = live.reduce((a, b) => (b.lastSeenAt > a.lastSeenAt ? b : a));
  return { kind: 'linked', to: { platform: latest.platform, id: latest.userId } };
}
