import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { DeliveryError, type DeliveryFailure, type PlatformSender, type RateLimits } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/engine/events.js';

/**
 * A fake chat API on 127.0.0.1. Each message text may carry a script of answers, e.g. "halo #429h:1,200":
 * the first request is answered 429 with `Retry-After: 1`, the next 200. Codes: `429h:N` (Retry-After header,
 * Slack style), `429b:N` (Telegram style body `parameters.retry_after`), `500`, `400`, `200` (the default
 * once the script is used up). Every request is logged with the server's own clock.
 */
interface Hit {
  chat: string;
  text: string;
  status: number;
  at: number;
}

let server: Server;
let base: string;
let hits: Hit[] = [];
const attempts = new Map<string, number>();

function answer(req: IncomingMessage, res: ServerResponse, body: string) {
  const at = performance.now();
  const { chat, text } = JSON.parse(body) as { chat: string; text: string };
  const n = attempts.get(text) ?? 0;
  attempts.set(text, n + 1);
  const script = text.split('#')[1]?.split(',') ?? [];
  const step = script[n] ?? '200';
  const [code, arg] = step.split(':');
  const status = Number(code?.slice(0, 3));
  hits.push({ chat, text, status, at });
  res.setHeader('content-type', 'application/json');
  if (code === '429h') {
    res.writeHead(429, { 'retry-after': String(arg) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
  } else if (code === '429b') {
    res
      .writeHead(429)
      .end(JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: Number(arg) } }));
  } else if (status === 200) {
    res.writeHead(200).end(JSON.stringify({ ok: true, result: { message_id: hits.length } }));
  } else {
    res.writeHead(status).end(JSON.stringify({ ok: false, error_code: status, description: `scripted ${status}` }));
  }
}

/** The small PlatformSender of this test: POSTs each message to the fake API and classifies its answer. */
function httpSender(limits: RateLimits): PlatformSender {
  return {
    platform: 'telegram',
    limits,
    async send(message: OutboundMessage) {
      const res = await fetch(`${base}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat: message.to.id, text: message.text }),
      });
      const json = (await res.json()) as { ok: boolean; result?: { message_id: number }; parameters?: { retry_after?: number } };
      if (res.ok) return { ref: String(json.result?.message_id) };
      if (res.status === 429) {
        const seconds = json.parameters?.retry_after ?? Number(res.headers.get('retry-after'));
        throw new DeliveryError('429 Too Many Requests', { retryAfterMs: seconds * 1000, status: 429 });
      }
      throw new DeliveryError(`HTTP ${res.status}`, { status: res.status, permanent: res.status >= 400 && res.status < 500 });
    },
  };
}

const FAST: RateLimits = { globalPerSecond: 1000, perChatPerSecond: 1000 };
const msg = (chat: string, text: string): OutboundMessage => ({ kind: 'send', to: { platform: 'telegram', id: chat }, text });
const delivered = (text: string) => hits.filter((h) => h.text === text && h.status === 200);
const requests = (text: string) => hits.filter((h) => h.text === text);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  hits = [];
  attempts.clear();
});

describe('Outbox against a local HTTP API', () => {
  it('waits out 429 Retry-After (header) and retry_after (body), then delivers each message exactly once', async () => {
    const outbox = new Outbox([httpSender(FAST)], { minBackoffMs: 10, maxBackoffMs: 50 });
    const report = await outbox.deliver([msg('a', 'slack-style #429h:1,200'), msg('b', 'telegram-style #429b:1,200'), msg('c', 'plain')]);
    expect(report).toEqual({ sent: 3, failed: [] });
    for (const text of ['slack-style #429h:1,200', 'telegram-style #429b:1,200']) {
      const [first, second, ...more] = requests(text);
      expect(more).toEqual([]);
      expect(first!.status).toBe(429);
      expect(second!.status).toBe(200);
      // Server-side clocks: the retry came no sooner than the second the API asked for.
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
      expect(delivered(text)).toHaveLength(1);
    }
    expect(delivered('plain')).toHaveLength(1);
    // A 429 in one chat does not hold up the others.
    expect(delivered('plain')[0]!.at - requests('slack-style #429h:1,200')[0]!.at).toBeLessThan(500);
  });

  it('retries a transient 500 and keeps the order of messages into one chat', async () => {
    const outbox = new Outbox([httpSender(FAST)], { minBackoffMs: 20, maxBackoffMs: 50 });
    const chatA = ['a1', 'a2 #500,500,200', 'a3', 'a4 #429b:0.2,200', 'a5'];
    const chatB = ['b1', 'b2', 'b3'];
    const report = await outbox.deliver([...chatA.map((t) => msg('A', t)), ...chatB.map((t) => msg('B', t))]);
    expect(report.sent).toBe(8);
    expect(report.failed).toEqual([]);
    expect(requests('a2 #500,500,200').map((h) => h.status)).toEqual([500, 500, 200]);
    const okA = hits.filter((h) => h.chat === 'A' && h.status === 200).map((h) => h.text);
    expect(okA).toEqual(chatA);
    // a3 was not even tried before a2 got through.
    const a2Done = delivered('a2 #500,500,200')[0]!.at;
    expect(requests('a3')[0]!.at).toBeGreaterThanOrEqual(a2Done);
    for (const t of [...chatA, ...chatB]) expect(delivered(t)).toHaveLength(1);
  });

  it('does not retry a permanent error: one request, reported as failed, the rest still delivered', async () => {
    const failures: DeliveryFailure[] = [];
    const outbox = new Outbox([httpSender(FAST)], { minBackoffMs: 10, onFailure: (f) => failures.push(f) });
    const blocked = msg('A', 'blocked #400');
    const report = await outbox.deliver([blocked, msg('A', 'after'), msg('B', 'other')]);
    expect(requests('blocked #400')).toHaveLength(1);
    expect(report.sent).toBe(2);
    expect(report.failed).toEqual([{ message: blocked, error: 'HTTP 400' }]);
    expect(failures).toEqual(report.failed);
    expect(delivered('after')).toHaveLength(1);
    expect(delivered('other')).toHaveLength(1);
  });

  it('gives up on a transient error after the configured retries and reports it once', async () => {
    const outbox = new Outbox([httpSender(FAST)], { retries: 2, minBackoffMs: 10, maxBackoffMs: 20 });
    const report = await outbox.deliver([msg('A', 'down #500,500,500,500')]);
    expect(requests('down #500,500,500,500')).toHaveLength(3);
    expect(report.sent).toBe(0);
    expect(report.failed.map((f) => f.error)).toEqual(['HTTP 500']);
  });

  it('keeps the per-chat limit across separate deliver() calls, and the bulk limit across chats', async () => {
    const outbox = new Outbox([httpSender({ globalPerSecond: 2, perChatPerSecond: 1 })], { minBackoffMs: 10 });
    // One chat, one message at a time (as the engine replies turn by turn).
    await outbox.deliver([msg('A', 'one')]);
    await outbox.deliver([msg('A', 'two')]);
    expect(delivered('two')[0]!.at - delivered('one')[0]!.at).toBeGreaterThanOrEqual(950);
    await outbox.idle();

    hits = [];
    const other = new Outbox([httpSender({ globalPerSecond: 2, perChatPerSecond: 1000 })], { minBackoffMs: 10 });
    await other.deliver(['x', 'y', 'z'].map((c) => msg(c, `bulk-${c}`)));
    const times = hits.map((h) => h.at).sort((p, q) => p - q);
    expect(times).toHaveLength(3);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('reports a message for a platform without a sender instead of dropping it', async () => {
    const outbox = new Outbox([httpSender(FAST)]);
    const slack: OutboundMessage = { kind: 'send', to: { platform: 'slack', id: 'U1' }, text: 'x' };
    const report = await outbox.deliver([slack]);
    expect(report).toEqual({ sent: 0, failed: [{ message: slack, error: 'no sender for platform slack' }] });
    expect(hits).toEqual([]);
  });
});
