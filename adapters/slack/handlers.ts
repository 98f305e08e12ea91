import type { Logger } from '../../src/platform/adapter.js';
import type { Outbox } from '../../src/delivery/outbox.js';
import type { Engine } from '../../src/engine/engine.js';
import type { InboundEvent, OutboundMessage } from '../../src/chat/events.js';
import { KeyedLock } from '../../src/engine/keyed-lock.js';
import type { Store } from '../../src/domain/store.js';
import type { SlackDirectory } from './directory.js';
import type { FileDownloadOptions } from './files.js';
import { commandToEvent, dmToEvents, parseBlockActions, parseDmMessage, slackUser, type SlackPress } from './inbound.js';
import { encodeMessageRef } from './message-ref.js';
import type { PressedMessages } from './pressed.js';
import type { WorkInHand } from './work.js';

export interface HandlerDeps {
  engine: Engine;
  outbox: Outbox;
  store: Store;
  log: Logger;
  directory: SlackDirectory;
  download: FileDownloadOptions;
  /** Deliveries handed to the outbox are tracked here, so that idle() and stop() wait for them. */
  work: WorkInHand;
  /** Filled with what each pressed message showed, for the sender to retire its buttons. */
  pressed: PressedMessages;
}

/**
 * Slack requests → engine events → outbox; the adapter only translates, the engine decides (a second
 * press on a decided request, a stale keyboard, whose buttons to retire).
 *
 * One user's requests are queued in the order they arrive here, before anything is awaited: the Slack
 * lookups done while translating (users.info for the email, conversations.open for the DM) take
 * different times and must not let a typed message overtake the press before it. Each entry point
 * resolves once its event is handled by the engine; the engine's messages are handed to the outbox
 * without waiting for their delivery (tracked in `work`): the outbox keeps the order of messages into
 * one chat across deliver() calls, which are made in the order of the user's events, so nothing is
 * gained by waiting, and a slow delivery (to the atasan, or paced by Slack) never holds up the user's
 * next message. Entry points never throw: bad input is dropped, failures are logged.
 */
export class SlackHandlers {
  private readonly lock = new KeyedLock();

  constructor(private readonly deps: HandlerDeps) {}

  /** `eventId`: the Events API event_id, recorded with the turn so that a re-delivered event changes nothing. */
  onMessage(event: unknown, eventId?: string): Promise<void> {
    return this.accept('message', () => parseDmMessage(event), (m) => m.user, async (message) => {
      this.deps.directory.rememberIm(message.user, message.channel);
      for (const [i, inbound] of dmToEvents(message, this.deps.download).entries()) {
        await this.run(await this.withEmail(inbound), eventId === undefined ? undefined : `slack:event:${eventId}:${i}`);
      }
    });
  }

  /**
   * `user_change` (users:read): a user deactivated in the workspace (`deleted: true`) cannot be reached
   * there any more; Slack may still accept messages to them, so the account is marked here.
   */
  onUserChange(event: unknown, eventId?: string): Promise<void> {
    return this.accept('user_change', () => deactivatedUser(event), (id) => id, async (id) => {
      await this.run({ kind: 'blocked', from: slackUser(id) }, eventId === undefined ? undefined : `slack:event:${eventId}:0`);
    });
  }

  onCommand(body: unknown): Promise<void> {
    return this.accept('command', () => commandToEvent(body), (e) => e.from.id, async (inbound) => {
      await this.run(await this.withEmail(inbound));
    });
  }

  onPress(body: unknown): Promise<void> {
    return this.accept('press', () => parseBlockActions(body), (p) => p.user, async (press) => {
      await this.run(await this.pressEvent(press));
    });
  }

  /**
   * A press as an engine event. It names its message (messageRef) only when that message is in the
   * presser's own DM: a press forged on someone else's message must not have the engine retire or edit
   * that one. What the message showed is kept for the sender, which retires its buttons.
   */
  private async pressEvent(press: SlackPress): Promise<InboundEvent> {
    const ref = press.channel && press.ts ? encodeMessageRef(press.channel, press.ts) : undefined;
    const own = ref !== undefined && (await this.deps.directory.isImOf(press.user, press.channel!));
    if (own && press.shown) this.deps.pressed.remember(ref, press.shown);
    return {
      kind: 'press',
      from: slackUser(press.user),
      action: press.action,
      ...(own ? { messageRef: ref } : {}),
      ...(press.label ? { label: press.label } : {}),
    };
  }

  /** A text event of a user not linked yet carries their Slack profile email, for linking by email. */
  private async withEmail(event: InboundEvent): Promise<InboundEvent> {
    if (event.kind !== 'text' || event.email) return event;
    if (await this.deps.store.getAccount('slack', event.from.id)) return event;
    const email = await this.deps.directory.email(event.from.id);
    return email ? { ...event, email } : event;
  }

  /** Resolves once the event's turn is committed; its messages leave through the relay. */
  private async run(event: InboundEvent, inboundKey?: string): Promise<void> {
    const result = await this.deps.engine.handleTurn(event, inboundKey ? { inboundKey } : {});
    if (!result.committed) this.sendDirect(result.messages);
  }

  /** Replies of a turn the store could not commit (they say so) are not in the outbox: sent directly. */
  private sendDirect(messages: OutboundMessage[]): void {
    if (messages.length === 0) return;
    void this.deps.work.track(
      this.deps.outbox
        .deliver(messages)
        .catch((err: unknown) => this.deps.log.error('slack: delivery failed', { error: String(err) })),
    );
  }

  /** Parses a request (synchronously) and queues its handling behind the same user's earlier requests. */
  private accept<T>(what: string, parse: () => T | undefined, userOf: (parsed: T) => string, work: (parsed: T) => Promise<void>): Promise<void> {
    let parsed: T | undefined;
    try {
      parsed = parse();
    } catch (err) {
      this.logFailure(what, err);
      return Promise.resolve();
    }
    if (parsed === undefined) return Promise.resolve();
    const request = parsed;
    return this.lock.run(userOf(request), async () => {
      try {
        await work(request);
      } catch (err) {
        this.logFailure(what, err);
      }
    });
  }

  private logFailure(what: string, err: unknown): void {
    this.deps.log.error(`slack: handling a ${what} failed`, { error: err instanceof Error ? err.stack : String(err) });
  }
}

/** The id of a user a `user_change` event says was deactivated, else undefined. */
function deactivatedUser(event: unknown): string | undefined {
  const user = (event as { user?: { id?: unknown; deleted?: unknown } } | undefined)?.user;
  return user?.deleted === true && typeof user.id === 'string' && user.id !== '' ? user.id : undefined;
}
