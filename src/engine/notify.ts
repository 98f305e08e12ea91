import type { Employee } from '../domain/types.js';
import type { EngineDeps } from './deps.js';
import type { Button, OutboundMessage, UserRef } from '../chat/events.js';
import { catalog, type Catalog } from './i18n/index.js';

export interface Composed {
  text: string;
  buttons?: Button[][];
}

/**
 * The account an employee should be reached on: the one they wrote from last
 * (someone linked on Telegram and Slack gets a message once, where they are active).
 */
export async function reachableAccount(deps: EngineDeps, nip: string): Promise<UserRef | undefined> {
  const accounts = await deps.store.accountsOf(nip);
  if (accounts.length === 0) return undefined;
  const latest = accounts.reduce((a, b) => (b.lastSeenAt > a.lastSeenAt ? b : a));
  return { platform: latest.platform, id: latest.userId };
}

/** A message to an employee in their own language, or undefined when they have not linked any account. */
export async function messageTo(
  deps: EngineDeps,
  employee: Employee,
  compose: (t: Catalog) => Composed,
): Promise<OutboundMessage | undefined> {
  const to = await reachableAccount(deps, employee.nip);
  if (!to) return undefined;
  const { text, buttons } = compose(catalog(employee.lang));
  return { kind: 'send', to, text, ...(buttons?.length ? { buttons } : {}) };
}
