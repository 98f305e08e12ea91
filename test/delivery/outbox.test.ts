import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { DeliveryError, type DeliveryFailure, type PlatformSender, type RateLimits } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/chat/events.js';
import { maxInWindow } from '../fakes/rate-limited-platform.js';

/**
 * A fake chat API on 127.0.0.1. Each message text may carry a script of answers, e.g. "halo #429h:1,200":
 * the first request is answered 429 with `Retry-After: 1`, the next 200. Codes: `429h:N` (Retry-After header,
 * Slack style), `429b:N` (Telegram style body `parameters.retry_after`), `500`, `400`, `200` (the default
 * once the script is used up), `slow:MS` (200 after MS milliseconds). `429b:0.3x5` repeats a step 5 times.
 * Every request is logged with the server's own clock (when it arrived).
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
  const script = (text.split('#')[1]?.split(',') ?? []).flatMap((s) => {
    const [step, times] = s.split('x');
    return Array.from({ length: Number(times ?? 1) }, () => step!);
  });
  const step = script[n] ?? '200';
  const [code, arg] = step.split(':');
  const status = code === 'slow' ? 200 : Number(code?.slice(0, 3));
  hits.push({ chat, text, status, at });
  res.setHeader('content-type', 'application/json');
  if (code === 'slow') {
    setTimeout(() => res.writeHead(200).end(JSON.stringify({ ok: true, result: { message_id: hits.length } })), Number(arg));
  } else if (code === '429h') {
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
        body: JSON.stringify({ chat: message.to.id, text: 'text' in message ? message.text : '' }),
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

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

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
    expect(report.failed).toEqual([{ message: blocked, error: 'HTTP 400', reason: 'permanent' }]);
    expect(failures).toEqual(report.failed);
    expect(delivered('after')).toHaveLength(1);
    expect(delivered('other')).toHaveLength(1);
  });

  it('gives up on a transient error after the configured retries and reports it once', async () => {
    const outbox = new Outbox([httpSender(FAST)], { retries: 2, minBackoffMs: 10, maxBackoffMs: 20 });
    const report = await outbox.deliver([msg('A', 'down #500,500,500,500')]);
    expect(requests('down #500,500,500,500')).toHaveLength(3);
    expect(report.sent).toBe(0);
    expect(report.failed.map((f) => [f.error, f.reason])).toEqual([['HTTP 500', 'gave-up']]);
    await outbox.close();
  });

  it('retries a transient failure for the time horizon (maxRetryTimeMs), with backoff, then gives up', async () => {
    const outbox = new Outbox([httpSender(FAST)], { minBackoffMs: 20, maxBackoffMs: 40, maxRetryTimeMs: 300 });
    const text = 'outage #500x100';
    const started = performance.now();
    const report = await outbox.deliver([msg('A', text)]);
    const took = performance.now() - started;
    expect(report.failed.map((f) => f.reason)).toEqual(['gave-up']);
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(1000);
    // 20, 40, 40, … ms apart: more than the 2 retries of a count, fewer than without backoff.
    expect(requests(text).length).toBeGreaterThanOrEqual(5);
    expect(requests(text).length).toBeLessThan(16);
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
    expect(report).toEqual({ sent: 0, failed: [{ message: slack, error: 'no sender for platform slack', reason: 'no-sender' }] });
    expect(hits).toEqual([]);
  });

  it('a 429 storm longer than the retry count: no retry consumed, delivered exactly once', async () => {
    const outbox = new Outbox([httpSender(FAST)], { retries: 1, minBackoffMs: 10, maxBackoffMs: 20 });
    const text = 'storm #429b:0.03x8,200';
    const report = await outbox.deliver([msg('A', text)]);
    expect(report).toEqual({ sent: 1, failed: [] });
    expect(requests(text).map((h) => h.status)).toEqual([...Array<number>(8).fill(429), 200]);
    expect(delivered(text)).toHaveLength(1);
  });

  it('waits exactly retry_after / Retry-After: no backoff on top (server clocks)', async () => {
    // A backoff of 2 s would show: the retries must come within the asked wait, plus at most the other
    // chat's pause, of the 429 before.
    const outbox = new Outbox([httpSender(FAST)], { minBackoffMs: 2000, maxBackoffMs: 2000 });
    const body = 'exact-body #429b:0.3,429b:0.2,200';
    const header = 'exact-header #429h:0.25,200';
    const report = await outbox.deliver([msg('A', body), msg('B', header)]);
    expect(report.sent).toBe(2);
    const gaps = (text: string) => {
      const at = requests(text).map((h) => h.at);
      return at.slice(1).map((t, i) => t - at[i]!);
    };
    // Each 429 pauses the whole platform, so a chat may also sit out the other chat's pause: B's first
    // request, paced a moment after A's, may go only after A's 0.3 s pause, and its 0.25 s pause may then
    // hold A's retry (the sends are spread, not sent in one burst, so which goes first is a race).
    const [first, second] = gaps(body);
    expect(first).toBeGreaterThanOrEqual(295);
    expect(first).toBeLessThan(300 + 250 + 250);
    expect(second).toBeGreaterThanOrEqual(195);
    expect(second).toBeLessThan(250 + 250);
    const [headerGap] = gaps(header);
    expect(headerGap).toBeGreaterThanOrEqual(245);
    expect(headerGap).toBeLessThan(300 + 250);
    for (const t of [body, header]) expect(delivered(t)).toHaveLength(1);
  });

  it('a 429 pauses the whole platform: another chat’s message waits for the retry-after too', async () => {
    // The server and the client share this process's clock: `told` is when the client had the 429 answer.
    const inner = httpSender(FAST);
    let told: number | undefined;
    const sender: PlatformSender = {
      ...inner,
      send: (m) =>
        inner.send(m).catch((err: unknown) => {
          told ??= performance.now();
          throw err;
        }),
    };
    const outbox = new Outbox([sender], { minBackoffMs: 10 });
    const flood = 'flood #429b:0.4,200';
    const first = outbox.deliver([msg('A', flood)]);
    await until('the 429 answer', () => told !== undefined);
    const second = outbox.deliver([msg('B', 'other chat')]);
    expect((await first).sent).toBe(1);
    expect((await second).sent).toBe(1);
    expect(requests('other chat')).toHaveLength(1);
    const waited = requests('other chat')[0]!.at - told!;
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(400 + 250);
    expect(delivered(flood)[0]!.at - told!).toBeGreaterThanOrEqual(395);
  });
});

/**
 * An in-process platform that enforces `limit` sends per sliding second itself (on the same clock as
 * the outbox), answering 429 past it; `refuseFirst` answers the first call 429 with that retry-after.
 */
function slidingWindowSender(limits: RateLimits, opts: { refuseFirst?: number } = {}) {
  const starts: { chat: string; at: number }[] = [];
  let refused = 0;
  let first = opts.refuseFirst;
  const sender: PlatformSender = {
    platform: 'telegram',
    limits,
    async send(message) {
      const at = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (first !== undefined) {
        const wait = first;
        first = undefined;
        refused++;
        throw new DeliveryError('429 Too Many Requests', { retryAfterMs: wait, status: 429 });
      }
      if (starts.filter((s) => s.at > at - 1000).length >= limits.globalPerSecond) {
        refused++;
        throw new DeliveryError('429 Too Many Requests', { retryAfterMs: 1000, status: 429 });
      }
      starts.push({ chat: message.to.id, at });
      return {};
    },
  };
  return { sender, starts, refused: () => refused };
}

describe('Outbox pace', () => {
  it('spreads a broadcast across the second: no burst at a window edge, no 429 from a sliding-window limit', async () => {
    const platform = slidingWindowSender({ globalPerSecond: 20, perChatPerSecond: 1 });
    const outbox = new Outbox([platform.sender], { minBackoffMs: 10 });
    const report = await outbox.deliver(Array.from({ length: 30 }, (_, i) => msg(`c${i}`, `pesan ${i}`)));
    expect(report).toEqual({ sent: 30, failed: [] });
    expect(platform.refused()).toBe(0);
    const at = platform.starts.map((s) => s.at);
    expect(maxInWindow(at, 1000)).toBeLessThanOrEqual(20);
    // 1000 / 20 · 1.02 = 51 ms apart (the old fixed window sent 20 at once). A late timer may let one send
    // catch up with the next, so a busy machine can put 3 into 100 ms, never a burst.
    expect(maxInWindow(at, 100)).toBeLessThanOrEqual(3);
    // Never faster than the limit.
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(29 * 50);
  });

  it('a chat gets its burst at once, then its own pace; other chats are not held by it', async () => {
    const platform = slidingWindowSender({ globalPerSecond: 1000, perChatPerSecond: 10, perChatBurst: 3 });
    const outbox = new Outbox([platform.sender], { minBackoffMs: 10 });
    const report = await outbox.deliver([...Array.from({ length: 6 }, (_, i) => msg('A', `a${i}`)), msg('B', 'b')]);
    expect(report.sent).toBe(7);
    const a = platform.starts.filter((s) => s.chat === 'A').map((s) => s.at);
    const b = platform.starts.find((s) => s.chat === 'B')!.at;
    // a0..a2 at once (each waits only for the previous one's answer), then 102 ms apart: a send never goes
    // before its slot (a late one only makes the total longer).
    expect(a[2]! - a[0]!).toBeLessThan(90);
    expect(a[5]! - a[0]!).toBeGreaterThanOrEqual(3 * 100);
    expect(maxInWindow(a, 1000)).toBeLessThanOrEqual(10 + 2);
    expect(b - a[0]!).toBeLessThan(90);
  });

  it('after a 429 the platform resumes at its pace, not in a burst', async () => {
    const platform = slidingWindowSender({ globalPerSecond: 10, perChatPerSecond: 1 }, { refuseFirst: 300 });
    const outbox = new Outbox([platform.sender], { minBackoffMs: 10 });
    const started = performance.now();
    const report = await outbox.deliver(Array.from({ length: 5 }, (_, i) => msg(`c${i}`, `pesan ${i}`)));
    expect(report).toEqual({ sent: 5, failed: [] });
    expect(platform.refused()).toBe(1);
    const at = platform.starts.map((s) => s.at).sort((p, q) => p - q);
    expect(at[0]! - started).toBeGreaterThanOrEqual(295);
    // 100 ms apart on average, never faster; a late timer may let one send catch up with the next (a gap
    // under 100 ms on a busy machine), but never three in one slot and a half: no burst.
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(4 * 95);
    expect(maxInWindow(at, 150)).toBeLessThanOrEqual(2);
  });
});

describe('Outbox.close', () => {
  it('during a long backoff and a long 429 wait: reports every undelivered message closed at once, sends nothing more', async () => {
    const outbox = new Outbox([httpSender(FAST)], { minBackoffMs: 60_000, maxBackoffMs: 60_000 });
    const down = msg('A', 'down #500');
    const behind = msg('A', 'behind it');
    const flooded = msg('B', 'flooded #429b:30');
    const reminder = msg('C', 'reminder #500');
    // The flooded chat goes last: its 30 s pause holds the whole platform, and the sends are spread
    // (paced), so a message behind it in the pace would not reach the API before close().
    const single = outbox.deliver([reminder]);
    const delivering = outbox.deliver([down, behind, flooded]);
    await until('the first answers', () => requests('down #500').length === 1 && requests('flooded #429b:30').length === 1 && requests('reminder #500').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const started = performance.now();
    await outbox.close();
    expect(performance.now() - started).toBeLessThan(200);
    const report = await delivering;
    expect(report.sent).toBe(0);
    expect(new Set(report.failed.map((f) => f.message))).toEqual(new Set([down, behind, flooded]));
    expect(report.failed.map((f) => f.reason)).toEqual(['closed', 'closed', 'closed']);
    expect((await single).failed).toMatchObject([{ message: reminder, reason: 'closed' }]);
    expect(performance.now() - started).toBeLessThan(200);

    const count = hits.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hits).toHaveLength(count);
    expect(requests('behind it')).toEqual([]);

    // A message given to the closed outbox is reported closed and never sent.
    const late = msg('A', 'late');
    expect((await outbox.deliver([late])).failed).toMatchObject([{ message: late, reason: 'closed' }]);
    await outbox.close();
    expect(requests('late')).toEqual([]);
  });

  it('lets a request on the wire finish within the grace; past it, close() returns and the request still reports its answer', async () => {
    const patient = new Outbox([httpSender(FAST)], { closeGraceMs: 2000 });
    const slow = msg('A', 'slow #slow:150');
    const first = patient.deliver([slow]);
    await until('the slow request', () => requests('slow #slow:150').length === 1);
    const graceful = performance.now();
    await patient.close();
    expect(performance.now() - graceful).toBeGreaterThanOrEqual(100);
    expect(await first).toEqual({ sent: 1, failed: [] });

    const hasty = new Outbox([httpSender(FAST)], { closeGraceMs: 20 });
    const slower = msg('A', 'slower #slow:300');
    const second = hasty.deliver([slower]);
    await until('the slower request', () => requests('slower #slow:300').length === 1);
    const hurried = performance.now();
    await hasty.close();
    expect(performance.now() - hurried).toBeLessThan(150);
    expect((await second).sent).toBe(1);
  });
});
