import type { Employee } from '../domain/types.js';
import type { EngineDeps } from './deps.js';
import type { Button, OutboundMessage, UserRef } from '../chat/events.js';
import { reachOf } from '../domain/reach.js';
import { catalog, type Catalog } from './i18n/index.js';

export interface Composed {
  text: string;
  buttons?: Button[][];
}

/** The account an employee should be reached on (see reachOf), or undefined. */
export async function reachableAccount(deps: EngineDeps, nip: string): Promise<UserRef | undefined> {
  const reach = await reachOf(deps.store, nip);
  return reach.kind === 'linked' ? reach.to : undefined;
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
