import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMultipart, parseMultipart, type FormFile } from '../../../test/fakes/multipart.js';

/**
 * A Telegram Bot API server over real HTTP, for tests: long-polled getUpdates, sendMessage,
 * editMessageText (HTML or entities), editMessageReplyMarkup, answerCallbackQuery, getFile and file
 * downloads, sendDocument (a multipart upload, as grammY sends an InputFile, or a known file_id), setWebhook (after which updates are POSTed to the bot with the secret header, and
 * getUpdates answers 409 as Telegram does), with the constraints Telegram enforces (HTML entities, 4096
 * characters, 64-byte callback data, blocked users) and scripted failures (429 with retry_after, 5xx,
 * a second instance taking over polling, ...). A press carries the pressed message's text, entities and
 * keyboard, as Telegram's callback_query.message does. Like Telegram, it delivers only the update types
 * the bot asked for (`allowed_updates` of getUpdates or setWebhook, kept until asked otherwise).
 */

export const FAKE_TOKEN = '123456:TEST-token_abc';
export const BOT_ID = 123456;

export interface InlineKey {
  text: string;
  callback_data: string;
}

export interface Entity {
  type: string;
  offset: number;
  length: number;
}

export interface ChatMessage {
  message_id: number;
  chat_id: number;
  /** The text as a user sees it (HTML tags removed, entities decoded). */
  text: string;
  /** The text as sent. */
  raw: string;
  /** The forum topic it was sent to (message_thread_id); undefined for the chat's main topic ("General"). */
  thread?: number;
  parse_mode?: string;
  /** The formatting of `text`, as Telegram reports it (from the HTML, or as given with an edit). */
  entities: Entity[];
  keyboard: InlineKey[][];
  edits: number;
  /** Every keyboard the message has shown, the first one included. */
  keyboards: InlineKey[][][];
  /** A document message (sendDocument): the file as the user receives it; `text` is then its caption. */
  document?: SentDocument;
}

export interface SentDocument {
  file_id: string;
  /** The file name as Telegram read it from the upload. */
  name: string;
  mime: string;
  bytes: Uint8Array;
}

export interface Call {
  method: string;
  payload: Record<string, any>;
  at: number;
}

/**
 * Telegram's update types. With no allowed_updates given yet, or an empty list, Telegram sends all but
 * chat_member, message_reaction and message_reaction_count (Bot API, getUpdates).
 */
const UPDATE_TYPES = [
  'message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection', 'business_message',
  'edited_business_message', 'deleted_business_messages', 'message_reaction', 'message_reaction_count', 'inline_query',
  'chosen_inline_result', 'callback_query', 'shipping_query', 'pre_checkout_query', 'purchased_paid_media', 'poll',
  'poll_answer', 'my_chat_member', 'chat_member', 'chat_join_request', 'chat_boost', 'removed_chat_boost',
];
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

interface Scripted {
  method: string;
  chatId?: number;
  skip: number;
  times: number;
  error: ApiFailure;
}

type Json = Record<string, any>;

export class FakeBotApi {
  url = '';
  readonly calls: Call[] = [];
  readonly chats = new Map<number, ChatMessage[]>();
  readonly blocked = new Set<number>();
  /** The topics of forum supergroups (chat id → message_thread_id), as created by topicText(). */
  readonly topics = new Map<number, Set<number>>();
  /** Milliseconds to hold the answer of a method, as a slow network would (getUpdates included). */
  readonly latency = new Map<string, number>();
  /** Milliseconds to hold the answer of any call addressed to a chat (chat_id), as a slow chat would. */
  readonly chatLatency = new Map<number, number>();
  /** Set by conflict(): another instance polls with this token, every getUpdates answers 409. */
  private conflicting = false;
  private server: Server;
  private updates: Json[] = [];
  /** Every update pushed, by update_id (for redeliver). */
  private readonly pushed = new Map<number, Json & { update_id: number }>();
  private nextUpdateId = 1;
  private nextMessageId = 100;
  private polls = new Set<{ offset: number; limit: number; res: ServerResponse; timer: NodeJS.Timeout }>();
  private confirmed = 0;
  private confirmWaiters: { id: number; resolve: () => void }[] = [];
  private failures: Scripted[] = [];
  private files = new Map<string, { path: string; bytes: Uint8Array }>();
  /**
   * The update types the bot last asked for (allowed_updates of getUpdates or setWebhook); undefined
   * until it asks. A call without allowed_updates keeps the previous setting, as Telegram does.
   */
  allowedUpdates?: string[];
  /** Ids of pushed updates never delivered because the bot did not ask for their type. */
  readonly withheld: number[] = [];
  /** What the bot last gave setWebhook; undefined while polling. */
  webhook?: { url: string; secret_token?: string; allowed_updates?: string[] };
  /**
   * Where webhook updates are actually posted: this origin plus the path of the registered URL, as a
   * reverse proxy in front of the bot would (the registered URL is the public HTTPS one).
   */
  webhookOrigin = '';

  constructor() {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err) => this.reply(res, { ok: false, error_code: 500, description: String(err) }));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const p of this.polls) this.answerPoll(p, []);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- what users do -------------------------------------------------------------------------

  /**
   * Delivers an update (`times` > 1: the same update_id again, as Telegram does after a lost answer).
   * Polling: resolves once the bot has fetched it and asked for the next ones (so it is in hand).
   * Webhook: resolves once the bot has answered the POST(s).
   */
  async push(update: Json, opts: { times?: number } = {}): Promise<number> {
    const id = this.nextUpdateId++;
    const full = { update_id: id, ...update };
    this.pushed.set(id, full);
    return this.deliver(full, opts.times ?? 1);
  }

  /**
   * Delivers an update pushed before once more, with its update_id: what Telegram does when the bot
   * stopped before confirming it (polling) or answering it (webhook).
   */
  redeliver(id: number): Promise<number> {
    const full = this.pushed.get(id);
    if (!full) throw new Error(`no update ${id} was pushed`);
    if (!this.webhook) this.confirmed = Math.min(this.confirmed, id);
    return this.deliver(full, 1);
  }

  private async deliver(full: Json & { update_id: number }, times: number): Promise<number> {
    const id = full.update_id;
    if (this.webhook) {
      if (!this.wanted(full)) {
        this.withheld.push(id);
        return id;
      }
      for (let i = 0; i < times; i++) {
        const { status } = await this.postWebhook(full);
        if (status !== 200) throw new Error(`webhook answered ${status}`);
      }
      return id;
    }
    for (let i = 0; i < times; i++) this.updates.push(full);
    this.feedPolls();
    return new Promise((resolve) => {
      if (this.confirmed > id || this.withheld.includes(id)) resolve(id);
      else this.confirmWaiters.push({ id, resolve: () => resolve(id) });
    });
  }

  /** POSTs one update to the registered webhook; `secret` null sends no secret header. */
  async postWebhook(update: Json, secret: string | null = this.webhook?.secret_token ?? null): Promise<{ status: number; body: string }> {
    if (!this.webhook) throw new Error('no webhook set');
    const target = `${this.webhookOrigin}${new URL(this.webhook.url).pathname}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
    const res = await fetch(target, { method: 'POST', headers, body: JSON.stringify(update) });
    return { status: res.status, body: await res.text() };
  }

  text(userId: number, text: string, opts: { times?: number } = {}): Promise<number> {
    return this.push({ message: { ...this.envelope(userId), text, ...entitiesOf(text) } }, opts);
  }

  /** A text in a group chat (commands and @mentions marked as Telegram marks them). */
  groupText(userId: number, groupId: number, text: string, extra: Json = {}): Promise<number> {
    const chat = { id: groupId, type: groupId < -1e12 ? 'supergroup' : 'group', title: `Grup ${groupId}` };
    return this.push({ message: { ...this.envelope(userId, chat), text, ...entitiesOf(text), ...extra } });
  }

  /**
   * A text in a topic of a forum supergroup, shaped like Telegram's (a recorded one: bodes-corp/bodao_corp_bot
   * docs/reponse.tst): the chat has `is_forum`, the message `message_thread_id` and `is_topic_message`, and
   * it replies to the topic's creation message unless it replies to something else.
   */
  topicText(userId: number, groupId: number, thread: number, text: string): Promise<number> {
    const chat = { id: groupId, title: `Forum ${groupId}`, is_forum: true, type: 'supergroup' };
    const known = this.topics.get(groupId) ?? new Set<number>();
    known.add(thread);
    this.topics.set(groupId, known);
    const created = {
      message_id: thread,
      from: this.user(userId),
      chat,
      date: 1739752487,
      message_thread_id: thread,
      forum_topic_created: { name: `Topik ${thread}`, icon_color: 16478047 },
      is_topic_message: true,
    };
    return this.push({
      message: { ...this.envelope(userId, chat), message_thread_id: thread, reply_to_message: created, text, ...entitiesOf(text), is_topic_message: true },
    });
  }

  /** Sends a photo (three sizes, the largest with these bytes) the bot can download through getFile. */
  photo(userId: number, bytes: Uint8Array): Promise<number> {
    const fileId = `photo${this.files.size + 1}`;
    this.files.set(fileId, { path: `photos/${fileId}.jpg`, bytes });
    const size = (id: string, w: number, fileSize: number) => ({ file_id: id, file_unique_id: `u${id}`, width: w, height: w, file_size: fileSize });
    return this.push({
      message: { ...this.envelope(userId), photo: [size(`${fileId}s`, 90, 900), size(fileId, 1280, bytes.byteLength), size(`${fileId}m`, 320, 3000)] },
    });
  }

  /** The newest message in this user's chat showing a button with this label, and that button. */
  button(userId: number, label: string): { message: ChatMessage; key: InlineKey } {
    const message = [...(this.chats.get(userId) ?? [])].reverse().find((m) => m.keyboard.flat().some((k) => k.text === label));
    if (!message) throw new Error(`no button "${label}" in chat ${userId}: ${JSON.stringify(this.lastText(userId))}`);
    return { message, key: message.keyboard.flat().find((k) => k.text === label)! };
  }

  /** Presses a button of a message the bot sent to this user, by label. */
  press(userId: number, label: string): Promise<number> {
    const { message, key } = this.button(userId, label);
    return this.pressData(userId, key.callback_data, message.message_id);
  }

  /**
   * Presses `data` on message `messageId` of this user's chat. The callback query carries the message as
   * it stands (text, entities, keyboard), as Telegram's does; a message not in the chat (a forged press)
   * comes with an empty text and no keyboard.
   */
  pressData(userId: number, data: string, messageId: number): Promise<number> {
    const shown = this.messages(userId).find((m) => m.message_id === messageId);
    const message: Json = { message_id: messageId, date: 1, chat: { id: userId, type: 'private' }, text: shown?.text ?? '' };
    if (shown && shown.entities.length > 0) message.entities = shown.entities;
    if (shown && shown.keyboard.length > 0) message.reply_markup = { inline_keyboard: shown.keyboard };
    return this.push({
      callback_query: { id: `cq${this.nextUpdateId}`, from: this.user(userId), chat_instance: `ci${userId}`, data, message },
    });
  }

  /**
   * Sends a document whose bytes the bot can download through getFile. `thumbnail`: an image sent as a
   * file comes with a thumbnail Telegram made (`thumbnail`, and the same again as the older `thumb`).
   */
  document(userId: number, doc: { name: string; mime: string; bytes: Uint8Array; size?: number; thumbnail?: boolean }): Promise<number> {
    const fileId = `file${this.files.size + 1}`;
    this.files.set(fileId, { path: `documents/${fileId}_${doc.name}`, bytes: doc.bytes });
    const thumb = { file_id: `${fileId}t`, file_unique_id: `u${fileId}t`, file_size: 1432, width: 240, height: 320 };
    return this.push({
      message: {
        ...this.envelope(userId),
        document: {
          file_name: doc.name,
          mime_type: doc.mime,
          ...(doc.thumbnail ? { thumbnail: thumb, thumb } : {}),
          file_id: fileId,
          file_unique_id: `u${fileId}`,
          file_size: doc.size ?? doc.bytes.byteLength,
        },
      },
    });
  }

  envelope(userId: number, chat: Json = { id: userId, type: 'private', first_name: `User${userId}` }): Json {
    return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: this.user(userId) };
  }

  // ---- what the bot did ----------------------------------------------------------------------

  messages(chatId: number): ChatMessage[] {
    return this.chats.get(chatId) ?? [];
  }

  lastText(chatId: number): string | undefined {
    return this.messages(chatId).at(-1)?.text;
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Another instance of the bot starts polling: the poll in hand and every later getUpdates answer 409. */
  conflict(): void {
    this.conflicting = true;
    for (const p of this.polls) this.answerPoll(p, CONFLICT);
  }

  /** Makes `times` calls of `method` (to `chatId`, if given) fail with `error`, after letting `skip` pass. */
  fail(method: string, error: ApiFailure, opts: { chatId?: number; times?: number; skip?: number } = {}): void {
    this.failures.push({ method, chatId: opts.chatId, skip: opts.skip ?? 0, times: opts.times ?? 1, error });
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && file) return this.download(res, file[1]!, decodeURIComponent(file[2]!));
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m) return this.reply(res, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== FAKE_TOKEN) return this.reply(res, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    const body = await readBody(req);
    let payload: Json = {};
    let uploads: FormFile[] = [];
    if (isMultipart(req.headers['content-type'])) {
      try {
        const form = parseMultipart(body, req.headers['content-type']!);
        payload = Object.fromEntries(Object.entries(form.fields).map(([k, v]) => [k, /^[[{]/.test(v) ? JSON.parse(v) : v]));
        uploads = form.files;
      } catch (err) {
        return this.reply(res, bad(err instanceof Error ? err.message : String(err)));
      }
    } else if (body.byteLength > 0) payload = JSON.parse(body.toString('utf8')) as Json;
    this.calls.push({ method, payload, at: Date.now() });
    const failure = this.scripted(method, payload);
    const wait = (this.latency.get(method) ?? 0) + (this.chatLatency.get(Number(payload.chat_id)) ?? 0);
    if (wait) await held(wait, res);
    if (res.destroyed) return;
    if (!failure && method === 'getUpdates') return this.getUpdates(payload, res);
    const result = failure ?? (method === 'sendDocument' ? this.sendDocument(payload, uploads) : this.handle(method, payload));
    this.reply(res, result);
  }

  private scripted(method: string, payload: Json): Json | undefined {
    const i = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === Number(payload.chat_id)));
    if (i < 0) return undefined;
    const f = this.failures[i]!;
    if (f.skip-- > 0) return undefined;
    if (--f.times <= 0) this.failures.splice(i, 1);
    return { ok: false, ...f.error };
  }

  private handle(method: string, p: Json): Json {
    switch (method) {
      case 'getMe':
        return ok({ id: BOT_ID, is_bot: true, first_name: 'Bangkom', username: 'bangkom_test_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'setWebhook':
        this.webhook = { url: String(p.url), secret_token: p.secret_token, allowed_updates: p.allowed_updates };
        if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates.map(String);
        return ok(true);
      case 'deleteWebhook':
        this.webhook = undefined;
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 });
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return ok(true);
      case 'sendMessage':
        return this.sendMessage(p);
      case 'editMessageText':
        return this.editMessageText(p);
      case 'editMessageReplyMarkup':
        return this.editMessageReplyMarkup(p);
      case 'getFile': {
        const f = this.files.get(String(p.file_id));
        if (!f) return bad('Bad Request: invalid file_id');
        return ok({ file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: f.bytes.byteLength, file_path: f.path });
      }
      default:
        return { ok: false, error_code: 404, description: `Not Found: method ${method} not in FakeBotApi` };
    }
  }

  private sendMessage(p: Json): Json {
    const chatId = Number(p.chat_id);
    if (this.blocked.has(chatId)) return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    const checked = checkText(p);
    if ('error' in checked) return bad(checked.error);
    const keys = checkKeyboard(p.reply_markup);
    if ('error' in keys) return bad(keys.error);
    const thread = p.message_thread_id === undefined ? undefined : Number(p.message_thread_id);
    if (thread !== undefined && !this.topics.get(chatId)?.has(thread)) return bad('Bad Request: message thread not found');
    const msg: ChatMessage = {
      message_id: this.nextMessageId++,
      chat_id: chatId,
      text: checked.text,
      raw: p.text,
      ...(thread !== undefined ? { thread } : {}),
      parse_mode: p.parse_mode,
      entities: checked.entities,
      keyboard: keys.rows,
      edits: 0,
      keyboards: [keys.rows],
    };
    const list = this.chats.get(chatId) ?? [];
    list.push(msg);
    this.chats.set(chatId, list);
    return ok({ message_id: msg.message_id, date: 1, chat: { id: chatId, type: 'private' }, text: msg.text });
  }

  /**
   * A document: `document` is `attach://<part>` naming an uploaded part of this request (its file name as
   * the multipart header gave it) or the file_id of a file Telegram has; the caption as a message's text
   * (HTML or entities), at most 1024 characters.
   */
  private sendDocument(p: Json, uploads: FormFile[]): Json {
    const chatId = Number(p.chat_id);
    if (this.blocked.has(chatId)) return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    const ref = typeof p.document === 'string' ? p.document : '';
    const attached = /^attach:\/\/(.+)$/.exec(ref);
    let file: { name: string; bytes: Uint8Array } | undefined;
    if (attached) {
      const part = uploads.find((u) => u.field === attached[1]);
      if (part) file = { name: part.filename, bytes: part.bytes };
    } else if (ref) {
      const known = this.files.get(ref);
      if (!known) return bad('Bad Request: wrong file identifier/HTTP URL specified');
      file = { name: known.path.split('/').at(-1)!, bytes: known.bytes };
    }
    if (!file) return bad('Bad Request: there is no document in the request');
    if (file.bytes.byteLength === 0) return bad('Bad Request: file must be non-empty');
    let caption: { text: string; entities: Entity[] } = { text: '', entities: [] };
    if (typeof p.caption === 'string' && p.caption !== '') {
      const checked = checkText({ text: p.caption, parse_mode: p.parse_mode, entities: p.caption_entities });
      if ('error' in checked) return bad(checked.error);
      if (checked.text.length > 1024) return bad('Bad Request: message caption is too long');
      caption = checked;
    }
    const keys = checkKeyboard(p.reply_markup);
    if ('error' in keys) return bad(keys.error);
    const fileId = `doc${this.files.size + 1}`;
    this.files.set(fileId, { path: `documents/${fileId}_${file.name}`, bytes: file.bytes });
    const document: SentDocument = { file_id: fileId, name: file.name, mime: MIME_OF_EXT[/\.[^.]*$/.exec(file.name)?.[0]?.toLowerCase() ?? ''] ?? 'application/octet-stream', bytes: file.bytes };
    const msg: ChatMessage = {
      message_id: this.nextMessageId++,
      chat_id: chatId,
      text: caption.text,
      raw: typeof p.caption === 'string' ? p.caption : '',
      parse_mode: p.parse_mode,
      entities: caption.entities,
      keyboard: keys.rows,
      edits: 0,
      keyboards: [keys.rows],
      document,
    };
    const list = this.chats.get(chatId) ?? [];
    list.push(msg);
    this.chats.set(chatId, list);
    return ok({
      message_id: msg.message_id,
      date: 1,
      chat: { id: chatId, type: 'private' },
      document: { file_name: document.name, mime_type: document.mime, file_id: fileId, file_unique_id: `u${fileId}`, file_size: file.bytes.byteLength },
      ...(caption.text ? { caption: caption.text, ...(caption.entities.length > 0 ? { caption_entities: caption.entities } : {}) } : {}),
    });
  }

  private editMessageText(p: Json): Json {
    const msg = this.messages(Number(p.chat_id)).find((m) => m.message_id === Number(p.message_id));
    if (!msg) return bad('Bad Request: message to edit not found');
    if (msg.document) return bad('Bad Request: there is no text in the message to edit');
    const checked = checkText(p);
    if ('error' in checked) return bad(checked.error);
    const keys = checkKeyboard(p.reply_markup);
    if ('error' in keys) return bad(keys.error);
    if (msg.raw === p.text && JSON.stringify(msg.entities) === JSON.stringify(checked.entities) && JSON.stringify(msg.keyboard) === JSON.stringify(keys.rows)) {
      return bad('Bad Request: message is not modified: specified new message content and reply markup are exactly the same');
    }
    Object.assign(msg, { text: checked.text, raw: p.text, parse_mode: p.parse_mode, entities: checked.entities, keyboard: keys.rows, edits: msg.edits + 1 });
    msg.keyboards.push(keys.rows);
    return ok({ message_id: msg.message_id, date: 1, chat: { id: msg.chat_id, type: 'private' }, text: msg.text });
  }

  private editMessageReplyMarkup(p: Json): Json {
    const msg = this.messages(Number(p.chat_id)).find((m) => m.message_id === Number(p.message_id));
    if (!msg) return bad('Bad Request: message to edit not found');
    const keys = checkKeyboard(p.reply_markup);
    if ('error' in keys) return bad(keys.error);
    if (JSON.stringify(msg.keyboard) === JSON.stringify(keys.rows)) {
      return bad('Bad Request: message is not modified: specified new message content and reply markup are exactly the same');
    }
    Object.assign(msg, { keyboard: keys.rows, edits: msg.edits + 1 });
    msg.keyboards.push(keys.rows);
    return ok({ message_id: msg.message_id, date: 1, chat: { id: msg.chat_id, type: 'private' }, text: msg.text });
  }

  private download(res: ServerResponse, token: string, path: string): void {
    const f = [...this.files.values()].find((x) => x.path === path);
    if (token !== FAKE_TOKEN || !f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(f.bytes));
  }

  private getUpdates(p: Json, res: ServerResponse): void {
    if (this.conflicting) return this.reply(res, CONFLICT);
    if (this.webhook) {
      this.reply(res, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
      return;
    }
    if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates.map(String);
    const offset = Number(p.offset ?? 0);
    if (offset > 0) {
      this.updates = this.updates.filter((u) => u.update_id >= offset);
      this.confirmed = Math.max(this.confirmed, offset);
      this.confirmWaiters = this.confirmWaiters.filter((w) => (w.id < this.confirmed ? (w.resolve(), false) : true));
    }
    const poll = { offset, limit: Number(p.limit ?? 100), res, timer: setTimeout(() => this.answerPoll(poll, []), Number(p.timeout ?? 0) * 1000) };
    this.polls.add(poll);
    res.on('close', () => {
      clearTimeout(poll.timer);
      this.polls.delete(poll);
    });
    this.feedPolls();
  }

  /** True when the bot asked for this update's type. A type this fake does not know (junk) is let through. */
  private wanted(update: Json): boolean {
    const type = UPDATE_TYPES.find((t) => t in update);
    if (type === undefined) return true;
    const asked = this.allowedUpdates ?? [];
    return asked.length === 0 ? !NOT_BY_DEFAULT.has(type) : asked.includes(type);
  }

  private feedPolls(): void {
    // Decided once the bot has asked (its getUpdates carries allowed_updates), as Telegram keeps only what was asked for.
    if (this.polls.size > 0) {
      this.updates = this.updates.filter((u) => {
        if (this.wanted(u)) return true;
        this.withheld.push(u.update_id);
        this.confirmWaiters = this.confirmWaiters.filter((w) => (w.id === u.update_id ? (w.resolve(), false) : true));
        return false;
      });
    }
    for (const poll of this.polls) {
      const ready = this.updates.filter((u) => u.update_id >= poll.offset).slice(0, poll.limit);
      if (ready.length > 0) this.answerPoll(poll, ready);
    }
  }

  private answerPoll(poll: { res: ServerResponse; timer: NodeJS.Timeout }, answer: Json[] | Json): void {
    clearTimeout(poll.timer);
    this.polls.delete(poll as never);
    if (!poll.res.writableEnded) this.reply(poll.res, Array.isArray(answer) ? ok(answer) : answer);
  }

  private reply(res: ServerResponse, body: Json): void {
    const status = body.ok ? 200 : (body.error_code as number);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private user(id: number): Json {
    return { id, is_bot: false, first_name: `User${id}`, language_code: 'id' };
  }
}

const ok = (result: unknown): Json => ({ ok: true, result });

const CONFLICT: Json = {
  ok: false,
  error_code: 409,
  description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
};

/** Waits `ms`, or less when the client goes away meanwhile (an aborted call). */
function held(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}

/** The bot_command and mention entities Telegram attaches to a text. */
function entitiesOf(text: string): Json {
  const entities: Json[] = [];
  for (const m of text.matchAll(/(?<![\w@\/])(\/\w+(?:@\w+)?|@\w{5,})/g)) {
    entities.push({ type: m[0].startsWith('/') ? 'bot_command' : 'mention', offset: m.index, length: m[0].length });
  }
  return entities.length > 0 ? { entities } : {};
}
const bad = (description: string): Json => ({ ok: false, error_code: 400, description });

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The mime type Telegram gives an uploaded document, from its name's extension. */
const MIME_OF_EXT: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 's', 'code', 'pre']);

const ENTITY_OF_TAG: Record<string, string> = { b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', s: 'strikethrough', code: 'code', pre: 'pre' };

/**
 * The visible text of a message and its entities (offsets in UTF-16 units, as Telegram counts), or the
 * error Telegram gives for it. HTML with parse_mode; otherwise the text as is, with the entities given.
 */
function checkText(p: Json): { text: string; entities: Entity[] } | { error: string } {
  const raw = typeof p.text === 'string' ? p.text : '';
  let text = raw;
  let entities: Entity[] = Array.isArray(p.entities) ? (p.entities as Entity[]) : [];
  if (p.parse_mode === 'HTML') {
    const open: { tag: string; offset: number }[] = [];
    entities = [];
    text = '';
    let last = 0;
    for (const m of raw.matchAll(/<(\/?)([a-z]*)[^>]*>|&[a-z#0-9]*;?|[<>]/gi)) {
      const [all, close, tag] = m;
      text += raw.slice(last, m.index);
      last = m.index + all.length;
      if (all.startsWith('&')) {
        if (!ENTITIES[all]) return { error: `Bad Request: can't parse entities: unsupported entity ${all}` };
        text += ENTITIES[all];
      } else if (all === '<' || all === '>') {
        return { error: `Bad Request: can't parse entities: unexpected ${all}` };
      } else if (!TAGS.has(tag!.toLowerCase())) {
        return { error: `Bad Request: can't parse entities: unsupported start tag "${tag}"` };
      } else if (close) {
        const opened = open.pop();
        if (!opened || opened.tag !== tag) return { error: `Bad Request: can't parse entities: can't find end tag corresponding to start tag` };
        entities.push({ type: ENTITY_OF_TAG[tag!.toLowerCase()]!, offset: opened.offset, length: text.length - opened.offset });
      } else open.push({ tag: tag!, offset: text.length });
    }
    text += raw.slice(last);
    if (open.length > 0) return { error: "Bad Request: can't parse entities: can't find end tag corresponding to start tag" };
    entities.sort((a, b) => a.offset - b.offset);
  }
  if (text.trim() === '') return { error: 'Bad Request: message text is empty' };
  if (text.length > 4096) return { error: 'Bad Request: message is too long' };
  for (const e of entities) {
    if (e.offset < 0 || e.length <= 0 || e.offset + e.length > text.length) return { error: "Bad Request: can't parse entities: entity beyond the end of the text" };
  }
  return { text, entities };
}

function checkKeyboard(markup: Json | undefined): { rows: InlineKey[][] } | { error: string } {
  const rows = (markup?.inline_keyboard ?? []) as InlineKey[][];
  for (const key of rows.flat()) {
    if (!key.text) return { error: 'Bad Request: text buttons are unallowed in the inline keyboard' };
    if (Buffer.byteLength(key.callback_data ?? '', 'utf8') > 64 || !key.callback_data) return { error: 'Bad Request: BUTTON_DATA_INVALID' };
  }
  return { rows };
}
