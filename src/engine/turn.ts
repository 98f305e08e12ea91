import type { Account, Employee, Lang } from '../domain/types.js';
import type { EngineDeps } from './deps.js';
import type { Button, OutboundMessage, UserRef } from '../chat/events.js';
import { catalog, type Catalog } from './i18n/index.js';

/** One inbound event being handled: who sent it, in which language to answer, and what goes out. */
export class Turn {
  readonly t: Catalog;

  constructor(
    readonly deps: EngineDeps,
    readonly from: UserRef,
    readonly lang: Lang,
    readonly account?: Account,
    readonly employee?: Employee,
    /** Shared with an earlier turn when one event continues in a new language. */
    readonly out: OutboundMessage[] = [],
  ) {
    this.t = catalog(lang);
  }

  get stateKey(): string {
    return `${this.from.platform}:${this.from.id}`;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  reply(text: string, buttons?: Button[][]): void {
    this.out.push({ kind: 'send', to: this.from, text, ...(buttons?.length ? { buttons } : {}) });
  }

  edit(messageRef: string | undefined, text: string, buttons?: Button[][]): void {
    if (messageRef === undefined) return;
    this.out.push({ kind: 'edit', to: this.from, messageRef, text, ...(buttons?.length ? { buttons } : {}) });
  }

  push(messages: OutboundMessage[]): void {
    this.out.push(...messages);
  }
}
