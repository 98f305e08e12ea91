import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A chat platform on 127.0.0.1 that enforces rate limits the way the real ones are documented, counting
 * requests when they ARRIVE: at most `globalPerSecond` accepted requests in any sliding second (a log of
 * arrival times, not a fixed window), and per chat a token bucket of `perChat.burst` refilled at
 * `perChat.perSecond`. Past either it answers 429 with a retry-after in whole seconds (at least 1).
 *
 * It speaks just enough of both APIs for a broadcast:
 * - Telegram Bot API: POST /bot<token>/sendMessage (JSON), 429 as
 *   {"ok":false,"error_code":429,"description":"Too Many Requests: retry after N","parameters":{"retry_after":N}};
 * - Slack Web API: POST /api/chat.postMessage (form or JSON), 429 with a `Retry-After: N` header.
 *
 * `jitterMs` models the network: each request counts as arriving up to that much later than it reached
 * the server (uniformly at random), so a pace with no room for jitter trips the limit.
 */

export interface RateLimitedPlatformOptions {
  globalPerSecond: number;
  perChat?: { perSecond: number; burst?: number };
  jitterMs?: number;
}

export interface Arrival {
  chat: string;
  at: number;
  status: 200 | 429;
  /** What was exceeded, for a 429. */
  limit?: 'global' | 'chat';
}

export interface PlatformStats {
  accepted: number;
  refused: number;
  refusedGlobal: number;
  refusedChat: number;
  /** Accepted arrivals (ms, the server's clock), in order. */
  arrivals: { chat: string; at: number }[];
  /** Refused ones (429), in order. */
  refusals: { chat: string; at: number; limit?: 'global' | 'chat' }[];
  /** The most accepted requests in any sliding second. */
  maxPerSecond: number;
}

const WINDOW_MS = 1000;

/** The most of `times` within any window [t, t + ms) (a sliding window, as a platform counts them). */
export function maxInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= ms) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

export class RateLimitedPlatform {
  url = '';
  readonly arrivals: Arrival[] = [];
  private readonly server: Server;
  /** Accepted arrival times of the last two seconds. */
  private window: number[] = [];
  private readonly buckets = new Map<string, number>();
  private nextId = 1;

  constructor(private readonly opts: RateLimitedPlatformOptions) {
    this.server = createServer((req, res) => this.handle(req, res, performance.now()));
    this.server.keepAliveTimeout = 60_000;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  stats(): PlatformStats {
    const ok = this.arrivals.filter((a) => a.status === 200).sort((p, q) => p.at - q.at);
    const refused = this.arrivals.filter((a) => a.status === 429);
    return {
      accepted: ok.length,
      refused: refused.length,
      refusedGlobal: refused.filter((a) => a.limit === 'global').length,
      refusedChat: refused.filter((a) => a.limit === 'chat').length,
      arrivals: ok.map(({ chat, at }) => ({ chat, at })),
      refusals: refused.map(({ chat, at, limit }) => ({ chat, at, ...(limit ? { limit } : {}) })),
      maxPerSecond: maxInWindow(
        ok.map((a) => a.at),
        WINDOW_MS,
      ),
    };
  }

  /** Admits a request arriving at `at` for `chat`, or says how many seconds to wait. */
  private admit(chat: string, at: number): { ok: true } | { ok: false; retryAfter: number; limit: 'global' | 'chat' } {
    // With jitter, arrivals are counted slightly out of order: every sliding second that would hold this
    // one is checked, not only the one ending with it.
    this.window = this.window.filter((t) => t > at - 2 * WINDOW_MS);
    const near = this.window.filter((t) => t > at - WINDOW_MS && t < at + WINDOW_MS);
    let most = 0;
    for (const start of [...near.filter((t) => t <= at), at]) {
      most = Math.max(most, near.filter((t) => t >= start && t < start + WINDOW_MS).length);
    }
    if (most >= this.opts.globalPerSecond) {
      const before = near.filter((t) => t <= at);
      const oldest = before[Math.max(0, before.length - this.opts.globalPerSecond)] ?? at;
      return { ok: false, retryAfter: Math.max(1, Math.ceil((oldest + WINDOW_MS - at) / 1000)), limit: 'global' };
    }
    const perChat = this.opts.perChat;
    if (perChat) {
      const interval = 1000 / perChat.perSecond;
      const tolerance = (Math.max(1, perChat.burst ?? 1) - 1) * interval;
      const tat = this.buckets.get(chat) ?? Number.NEGATIVE_INFINITY;
      if (at < tat - tolerance) return { ok: false, retryAfter: Math.max(1, Math.ceil((tat - tolerance - at) / 1000)), limit: 'chat' };
      this.buckets.set(chat, Math.max(tat, at) + interval);
    }
    this.window.push(at);
    return { ok: true };
  }

  private handle(req: IncomingMessage, res: ServerResponse, reached: number): void {
    const at = reached + Math.random() * (this.opts.jitterMs ?? 0);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const slack = path.startsWith('/api/');
      const method = path.split('/').at(-1);
      const args = parseBody(body, req.headers['content-type'] ?? '');
      const chat = String((slack ? args.channel : args.chat_id) ?? '');
      if (method !== (slack ? 'chat.postMessage' : 'sendMessage')) {
        return this.json(res, slack ? 200 : 404, slack ? { ok: false, error: 'unknown_method' } : { ok: false, error_code: 404, description: 'Not Found' });
      }
      const verdict = this.admit(chat, at);
      if (!verdict.ok) {
        this.arrivals.push({ chat, at, status: 429, limit: verdict.limit });
        const n = verdict.retryAfter;
        if (slack) return this.json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(n) });
        return this.json(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${n}`, parameters: { retry_after: n } });
      }
      this.arrivals.push({ chat, at, status: 200 });
      const id = this.nextId++;
      if (slack) return this.json(res, 200, { ok: true, channel: chat, ts: `${1_790_000_000 + id}.000100` });
      const text = String(args.text ?? '');
      return this.json(res, 200, { ok: true, result: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' }, text } });
    });
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }
}

function parseBody(body: string, contentType: string): Record<string, unknown> {
  if (!body) return {};
  if (contentType.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}
