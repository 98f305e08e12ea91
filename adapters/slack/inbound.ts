import { z } from 'zod';
import type { InboundEvent, UserRef } from '../../src/chat/events.js';
import { slackIncomingFile, type FileDownloadOptions, type SlackFileInfo } from './files.js';
import { plainFromSlack } from './mrkdwn.js';
import { shownBlocks, type ShownMessage } from './pressed.js';

const id = z.string().min(1).max(64);

const fileSchema = z.object({
  id,
  name: z.string().max(1000).optional(),
  title: z.string().max(1000).optional(),
  mimetype: z.string().max(255).optional(),
  size: z.number().nonnegative().optional(),
  mode: z.string().optional(),
  url_private_download: z.string().max(4000).optional(),
  url_private: z.string().max(4000).optional(),
});

const messageSchema = z.object({
  type: z.literal('message'),
  channel: id,
  channel_type: z.string().optional(),
  user: id.optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});

/** A message a person wrote in their DM with the app. */
export interface DmMessage {
  user: string;
  channel: string;
  text: string;
  files: SlackFileInfo[];
}

/**
 * A DM `message` event worth handling: written by a person (not a bot, not this app), new (no edits,
 * deletions or other subtypes), plain or `file_share`. undefined for everything else.
 */
export function parseDmMessage(event: unknown): DmMessage | undefined {
  const parsed = messageSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const isIm = m.channel_type ? m.channel_type === 'im' : m.channel.startsWith('D');
  if (!isIm || !m.user || m.bot_id) return undefined;
  if (m.subtype !== undefined && m.subtype !== 'file_share') return undefined;
  const files = (m.files ?? []).flatMap((f) => {
    const ok = fileSchema.safeParse(f);
    return ok.success && ok.data.mode !== 'tombstone' && ok.data.mode !== 'hidden_by_limit' ? [ok.data] : [];
  });
  return { user: m.user, channel: m.channel, text: m.text ?? '', files };
}

export const slackUser = (userId: string): UserRef => ({ platform: 'slack', id: userId });

/** A DM message as engine events: one file event per shared file, else one text event (none when blank). */
export function dmToEvents(message: DmMessage, download: FileDownloadOptions): InboundEvent[] {
  const from = slackUser(message.user);
  if (message.files.length > 0) {
    return message.files.map((f) => ({ kind: 'file', from, file: slackIncomingFile(f, download) }));
  }
  const text = plainFromSlack(message.text);
  return text.trim() === '' ? [] : [{ kind: 'text', from, text }];
}

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id }),
  container: z.object({ type: z.string().optional(), channel_id: id.optional(), message_ts: z.string().optional() }).optional(),
  channel: z.object({ id }).optional(),
  message: z.object({ ts: z.string().optional(), text: z.string().optional(), blocks: z.array(z.unknown()).optional() }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string().min(1).max(255),
        value: z.string().max(2000).optional(),
        text: z.object({ text: z.string() }).optional(),
      }),
    )
    .min(1),
});

/** A button press: who, which button (its value, else its action_id), and the message it sits on. */
export interface SlackPress {
  user: string;
  action: string;
  label: string;
  channel?: string;
  ts?: string;
  /** The pressed message as Slack sent it along (fallback text and blocks), to retire its buttons. */
  shown?: ShownMessage;
}

export function parseBlockActions(body: unknown): SlackPress | undefined {
  const parsed = blockActionsSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const b = parsed.data;
  const action = b.actions[0]!;
  const channel = b.container?.channel_id ?? b.channel?.id;
  const ts = b.container?.message_ts ?? b.message?.ts;
  return {
    user: b.user.id,
    action: action.value || action.action_id,
    label: action.text?.text ?? '',
    ...(channel ? { channel } : {}),
    ...(ts ? { ts } : {}),
    ...(b.message ? { shown: { text: b.message.text ?? '', blocks: shownBlocks(b.message.blocks) } } : {}),
  };
}

const commandSchema = z.object({
  command: z.string().regex(/^\/[\w-]{1,40}$/),
  text: z.string().max(4000).optional(),
  user_id: id,
});

/** Slash commands whose text is the whole request (`/bangkom lapor webinar` = "lapor webinar"). */
const UMBRELLA_COMMANDS = new Set(['/bangkom']);

/** A slash command (`/start CODE`, `/jp`, `/bangkom …`) as the text the user would have typed in the DM. */
export function commandToEvent(body: unknown): InboundEvent | undefined {
  const parsed = commandSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { command, text = '', user_id } = parsed.data;
  const typed = UMBRELLA_COMMANDS.has(command.toLowerCase()) ? text.trim() : `${command} ${text}`.trim();
  return { kind: 'text', from: slackUser(user_id), text: typed === '' ? 'bantuan' : plainFromSlack(typed) };
}
