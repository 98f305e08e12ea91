import type { Logger } from '../../src/app/platform.js';
import type { Outbox } from '../../src/delivery/outbox.js';
import type { Engine } from '../../src/engine/engine.js';
import type { InboundEvent, OutboundMessage } from '../../src/engine/events.js';
import type { Store } from '../../src/store/store.js';
import type { SlackDirectory } from './directory.js';
import type { FileDownloadOptions } from './files.js';
import { commandToEvent, dmToEvents, parseBlockActions, parseDmMessage, slackUser, type SlackPress } from './inbound.js';
import { encodeMessageRef } from './message-ref.js';
import { unescapeMrkdwn } from './mrkdwn.js';
import { RecentKeys } from './recent.js';

export interface HandlerDeps {
  engine: Engine;
  outbox: Outbox;
  store: Store;
  log: Logger;
  directory: SlackDirectory;
  download: FileDownloadOptions;
}

/**
 * Slack requests → engine events → outbox. Each entry point resolves when the replies are delivered
 * (so that stop() can wait for them) and never throws: bad input is dropped, failures are logged.
 */
export class SlackHandlers {
  /** Pressed messages (in hand or retired): a second press of one, as from a double click, is dropped. */
  private readonly pressed = new RecentKeys(2000);

  constructor(private readonly deps: HandlerDeps) {}

  async onMessage(event: unknown): Promise<void> {
    await this.guard('message', async () => {
      const message = parseDmMessage(event);
      if (!message) return;
      this.deps.directory.rememberIm(message.user, message.channel);
      for (const inbound of dmToEvents(message, this.deps.download)) await this.run(await this.withEmail(inbound));
    });
  }

  async onCommand(body: unknown): Promise<void> {
    await this.guard('command', async () => {
      const inbound = commandToEvent(body);
      if (inbound) await this.run(await this.withEmail(inbound));
    });
  }

  async onPress(body: unknown): Promise<void> {
    await this.guard('press', async () => {
      const press = parseBlockActions(body);
      if (!press) return;
      const ref = press.channel && press.ts ? encodeMessageRef(press.channel, press.ts) : undefined;
      // Only a message in the presser's own DM is theirs to retire; a press must not take away someone else's buttons.
      const mine =
        ref !== undefined && press.messageText !== undefined && (await this.deps.directory.isImOf(press.user, press.channel!));
      if (mine && !this.pressed.add(ref)) return;
      const out = await this.deps.engine.handle({
        kind: 'press',
        from: slackUser(press.user),
        action: press.action,
        ...(ref ? { messageRef: ref } : {}),
      });
      const retire = mine ? this.retirement(press, ref, out) : undefined;
      // The reply first, so that it is not held up by the channel's pace; the pressed buttons go right after.
      const report = await this.deps.outbox.deliver(retire ? [...out, retire] : out);
      if (retire && report.failed.some((f) => f.message === retire)) this.pressed.delete(ref!);
    });
  }

  /**
   * The update that takes the buttons off a pressed message and shows the choice; none when the engine
   * edits that message itself (its text wins; buttons it keeps stay pressable).
   */
  private retirement(press: SlackPress, ref: string, out: OutboundMessage[]): OutboundMessage | undefined {
    const own = out.find((m) => m.kind === 'edit' && m.messageRef === ref);
    if (own) {
      if (own.buttons?.some((row) => row.length > 0)) this.pressed.delete(ref);
      return undefined;
    }
    const text = unescapeMrkdwn(press.messageText ?? '');
    return {
      kind: 'edit',
      to: slackUser(press.user),
      messageRef: ref,
      text: press.label ? `${text}\n\n✓ ${press.label}` : text,
    };
  }

  /** A text event of a user not linked yet carries their Slack profile email, for linking by email. */
  private async withEmail(event: InboundEvent): Promise<InboundEvent> {
    if (event.kind !== 'text' || event.email) return event;
    if (await this.deps.store.getAccount('slack', event.from.id)) return event;
    const email = await this.deps.directory.email(event.from.id);
    return email ? { ...event, email } : event;
  }

  private async run(event: InboundEvent): Promise<void> {
    await this.deps.outbox.deliver(await this.deps.engine.handle(event));
  }

  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.log.error(`slack: handling a ${what} failed`, { error: err instanceof Error ? err.stack : String(err) });
    }
  }
}
