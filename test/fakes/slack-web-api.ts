import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMultipart, parseMultipart } from './multipart.js';

/** One Web API call as the fake received it (form fields JSON-decoded where they hold JSON). */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
}

/** A block element: a button (action_id, value, text.text) or a context element (text as a string). */
export interface SlackElementJson {
  type?: string;
  action_id?: string;
  value?: string;
  text?: any;
}

export interface SlackBlockJson {
  type: string;
  text?: { text: string };
  elements?: SlackElementJson[];
}

/** A message as it currently stands in the fake workspace. */
export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlockJson[];
  updates: number;
  /** Files shared with the message (files.completeUploadExternal); its text is then their comment. */
  files?: SharedFile[];
}

/** A file uploaded and shared into a channel. */
export interface SharedFile {
  id: string;
  name: string;
  title: string;
  bytes: Uint8Array;
}

export interface Fault {
  /** HTTP status; 429 answers with Retry-After. Default 200 with `ok: false`. */
  status?: number;
  retryAfterSeconds?: number;
  /** Slack error code for an `ok: false` answer. */
  error?: string;
  /** Calls of the method to let through before this fault. */
  skip?: number;
}

export interface FileDownload {
  path: string;
  authorization?: string;
}

/** DM channel of a user in this fake workspace: U123 → D123. */
export const imOf = (userId: string) => `D${userId.slice(1)}`;

const BOT = { user_id: 'UBOTBANGKOM', bot_id: 'BBOTBANGKOM', team_id: 'T0BANGKOM' };

/**
 * A loopback stand-in for Slack's Web API (`SLACK_API_URL` = `url`) and its file host: records calls,
 * keeps posted messages so that updates can be checked, answers users.info with configured profile emails,
 * serves files only to the bot token, and can be told to fail or slow down a method. File uploads go as
 * Slack's do: files.getUploadURLExternal gives an upload URL on this server (calls to it are recorded as
 * method `upload`), the bytes are POSTed there (raw, or as a multipart form as @slack/web-api sends them),
 * and files.completeUploadExternal shares the uploaded files into a channel (a DM `D…`, not a user id).
 */
export class FakeSlackWebApi {
  readonly calls: SlackCall[] = [];
  readonly messages = new Map<string, FakeMessage>();
  /** Every posted message in order (later updates show on the same objects). */
  readonly posted: FakeMessage[] = [];
  readonly downloads: FileDownload[] = [];
  readonly emails = new Map<string, string>();
  private readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  /** Uploads asked for (getUploadURLExternal), by file id, with their bytes once POSTed. */
  private readonly uploads = new Map<string, { filename: string; length: number; bytes?: Uint8Array }>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly delays = new Map<string, number>();
  private readonly channelDelays = new Map<string, number>();
  private socketOpener: { appToken: string; url: () => string } | undefined;
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token = 'xoxb-test-token'): Promise<FakeSlackWebApi> {
    const server = createServer();
    const fake = new FakeSlackWebApi(server, token);
    server.on('request', (req, res) => {
      fake.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The Web API base, deliberately without a trailing slash (the adapter must add it). */
  get url(): string {
    return `${this.origin}/api`;
  }

  addFile(name: string, bytes: Uint8Array, contentType: string): string {
    const path = `/files-pri/T0BANGKOM/download/${encodeURIComponent(name)}`;
    this.files.set(path, { bytes, contentType });
    return `${this.origin}${path}`;
  }

  failNext(method: string, fault: Fault): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), fault]);
  }

  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** Holds every call addressed to this channel (a DM, or the user id posted to) for `ms`. */
  delayChannel(channel: string, ms: number): void {
    this.channelDelays.set(channel, ms);
  }

  /**
   * Socket Mode: apps.connections.open answers the app-level token (xapp-…, not the bot's) with `url()`,
   * a fresh WebSocket URL for each call, as Slack does.
   */
  openSocketsWith(appToken: string, url: () => string): void {
    this.socketOpener = { appToken, url };
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) return this.download(url.pathname, req, res);
    if (req.method === 'POST' && url.pathname.startsWith('/upload/v1/')) return this.receiveUpload(url.pathname.slice('/upload/v1/'.length), req, res);
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseBody((await readBody(req)).toString('utf8'), req.headers['content-type'] ?? '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    this.calls.push({ method, args, ...(token ? { token } : {}) });
    const to = typeof args.channel === 'string' ? args.channel : '';
    const wait = (this.delays.get(method) ?? 0) + (this.channelDelays.get(to.startsWith('U') ? imOf(to) : to) ?? 0);
    if (wait) await new Promise((r) => setTimeout(r, wait));

    const fault = this.takeFault(method);
    if (fault?.status === 429) {
      res.writeHead(429, { 'Retry-After': String(fault.retryAfterSeconds ?? 1), 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    if (fault?.status && fault.status !== 200) {
      res.writeHead(fault.status);
      return void res.end();
    }
    if (fault) return json(res, { ok: false, error: fault.error ?? 'internal_error' });
    if (method === 'apps.connections.open' && this.socketOpener) {
      if (token === this.socketOpener.appToken) return json(res, { ok: true, url: this.socketOpener.url() });
      return json(res, { ok: false, error: token === this.token ? 'not_allowed_token_type' : 'invalid_auth' });
    }
    if (token !== this.token) return json(res, { ok: false, error: 'invalid_auth' });
    return json(res, this.answer(method, args));
  }

  private takeFault(method: string): Fault | undefined {
    const queued = this.faults.get(method);
    return queued?.[0] && (queued[0].skip ?? 0) > 0 ? (queued[0].skip!--, undefined) : queued?.shift();
  }

  /** The uploaded files shared into `channel`, in order. */
  sharedFiles(channel: string): SharedFile[] {
    return this.posted.filter((m) => m.channel === channel).flatMap((m) => m.files ?? []);
  }

  /** The bytes POSTed to an upload URL: 200 "OK - <length>", as files.slack.com answers. */
  private async receiveUpload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    this.calls.push({ method: 'upload', args: { file_id: id, bytes: body.byteLength } });
    const fault = this.takeFault('upload');
    const upload = this.uploads.get(id);
    if (fault || !upload) {
      res.writeHead(fault?.status ?? 404);
      return void res.end();
    }
    let bytes: Uint8Array = new Uint8Array(body);
    if (isMultipart(req.headers['content-type'])) {
      const form = parseMultipart(body, req.headers['content-type']!);
      const part = form.files[0];
      if (!part) {
        res.writeHead(400);
        return void res.end('no file in the form');
      }
      bytes = part.bytes;
    }
    upload.bytes = bytes;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`OK - ${bytes.byteLength}`);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (typeof args.filename !== 'string' || args.filename === '') return { ok: false, error: 'invalid_arguments' };
        if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = `F0BK${String(++this.seq).padStart(6, '0')}`;
        this.uploads.set(id, { filename: args.filename, length });
        return { ok: true, upload_url: `${this.origin}/upload/v1/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(args.files) ? (args.files as { id?: unknown; title?: unknown }[]) : [];
        if (list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const shared: SharedFile[] = [];
        for (const f of list) {
          const upload = this.uploads.get(String(f.id));
          if (!upload?.bytes) return { ok: false, error: 'file_not_found' };
          if (upload.bytes.byteLength !== upload.length) return { ok: false, error: 'file_upload_size_mismatch' };
          shared.push({ id: String(f.id), name: upload.filename, title: typeof f.title === 'string' ? f.title : upload.filename, bytes: upload.bytes });
        }
        const channel = typeof args.channel_id === 'string' ? args.channel_id : undefined;
        if (channel !== undefined) {
          if (!/^[DCG]/.test(channel)) return { ok: false, error: 'channel_not_found' };
          const ts = `${1_790_000_000 + ++this.seq}.000100`;
          const message: FakeMessage = { channel, ts, text: String(args.initial_comment ?? ''), blocks: [], updates: 0, files: shared };
          this.messages.set(`${channel}/${ts}`, message);
          this.posted.push(message);
        }
        for (const f of shared) this.uploads.delete(f.id);
        return { ok: true, files: shared.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'auth.test':
        return { ok: true, url: 'https://bangkom.slack.com/', team: 'Bangkom', user: 'bangkom', ...BOT };
      case 'chat.postMessage': {
        const to = String(args.channel ?? '');
        if (!/^[UD]/.test(to)) return { ok: false, error: 'channel_not_found' };
        const channel = to.startsWith('U') ? imOf(to) : to;
        const ts = `${1_790_000_000 + ++this.seq}.000100`;
        const message: FakeMessage = { channel, ts, text: String(args.text ?? ''), blocks: blocksOf(args), updates: 0 };
        this.messages.set(`${channel}/${ts}`, message);
        this.posted.push(message);
        return { ok: true, channel, ts, message: { type: 'message', text: message.text, blocks: message.blocks, ts, bot_id: BOT.bot_id } };
      }
      case 'chat.update': {
        const message = this.message(String(args.channel), String(args.ts));
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(args.text ?? '');
        message.blocks = blocksOf(args);
        message.updates++;
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'users.info': {
        const user = String(args.user ?? '');
        if (!/^U/.test(user)) return { ok: false, error: 'user_not_found' };
        const email = this.emails.get(user);
        return { ok: true, user: { id: user, is_bot: false, profile: { real_name: user, ...(email ? { email } : {}) } } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: imOf(String(args.users ?? '')) } };
      case 'conversations.history': {
        const message = this.message(String(args.channel), String(args.latest));
        const messages = message && args.inclusive !== false && args.inclusive !== 'false' ? [{ type: 'message', text: message.text, blocks: message.blocks, ts: message.ts, bot_id: BOT.bot_id }] : [];
        return { ok: true, messages, has_more: false };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private download(path: string, req: IncomingMessage, res: ServerResponse): void {
    this.downloads.push({ path, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const file = this.files.get(path);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      // What Slack does without a valid token: its sign-in page.
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return void res.end('<html>sign in</html>');
    }
    if (!file) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.byteLength) });
    res.end(file.bytes);
  }
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return (JSON.parse(raw || '{}') as Record<string, unknown>) ?? {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function blocksOf(args: Record<string, unknown>): SlackBlockJson[] {
  return Array.isArray(args.blocks) ? (args.blocks as SlackBlockJson[]) : [];
}
