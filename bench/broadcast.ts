/**
 * `npx tsx bench/broadcast.ts [--json] [--verbose] [--messages N] [--slack-messages N] [--channel-messages N] [--jitter MS]`:
 * broadcasts through the real Outbox and the real platform senders (grammY Api for Telegram, the Slack
 * WebClient) to a fake platform on 127.0.0.1 that enforces the configured limits as the platforms count
 * them, on arrival: at most `globalPerSecond` requests in any sliding second, and per chat a token bucket
 * (test/fakes/rate-limited-platform.ts), answering 429 with a retry-after past them. The fake runs in a
 * child process (its own event loop, as a remote platform would). Prints, per scenario, the pace the
 * platform saw (msg/s of accepted arrivals, from the first one after the allowed burst to the last), its
 * share of the limit, and the number of 429 answers. Target: ≥ 95% of the limit, 0 × 429 (exit code 1
 * otherwise). `--jitter MS` counts each request as arriving up to MS later (network jitter); `--verbose`
 * shows what came just before each 429. Bounded: about 50 s with the defaults, stopped at 90 s.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Api } from 'grammy';
import { createSlackSender, SLACK_LIMITS } from '../adapters/slack/sender.js';
import { TELEGRAM_LIMITS, telegramSenderFor } from '../adapters/telegram/sender.js';
import type { OutboundMessage } from '../src/chat/events.js';
import { Outbox } from '../src/delivery/outbox.js';
import type { PlatformSender, RateLimits } from '../src/delivery/types.js';
import { RateLimitedPlatform, type PlatformStats, type RateLimitedPlatformOptions } from '../test/fakes/rate-limited-platform.js';

const TOKEN = '123456:BENCH-token_abc';
const SLACK_TOKEN = 'xoxb-bench-token';
/** No scenario may take longer than this: it is closed and its result reported as it stands. */
const SCENARIO_DEADLINE_MS = 25_000;
/** The whole run stops by then, whatever happens. */
const RUN_DEADLINE_MS = 90_000;

// ---- the fake platform, in a child process --------------------------------------------------------

type FromParent = { cmd: 'stats' };
type FromChild = { url: string } | { stats: PlatformStats };

async function serveFake(opts: RateLimitedPlatformOptions): Promise<void> {
  const fake = await new RateLimitedPlatform(opts).start();
  process.on('message', (m: FromParent) => {
    if (m.cmd !== 'stats') return;
    process.send!({ stats: fake.stats() } satisfies FromChild, () => {
      void fake.close().then(() => process.exit(0));
    });
  });
  // Never outlive the bench.
  process.on('disconnect', () => process.exit(0));
  setTimeout(() => process.exit(1), 2 * SCENARIO_DEADLINE_MS).unref();
  process.send!({ url: fake.url } satisfies FromChild);
}

interface RemoteFake {
  url: string;
  stats(): Promise<PlatformStats>;
}

async function startFake(opts: RateLimitedPlatformOptions): Promise<RemoteFake> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--fake', JSON.stringify(opts)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<FromChild>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`fake platform exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: FromChild) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  const hello = await next();
  if (!('url' in hello)) throw new Error('fake platform did not start');
  return {
    url: hello.url,
    async stats() {
      const answer = next();
      child.send({ cmd: 'stats' } satisfies FromParent);
      const m = await answer;
      if (!('stats' in m)) throw new Error('fake platform sent no stats');
      return m.stats;
    },
  };
}

// ---- scenarios ----------------------------------------------------------------------------------

interface Scenario {
  name: string;
  /** The limit the pace is measured against (msg/s). */
  limit: number;
  limitLabel: string;
  fake: RateLimitedPlatformOptions;
  sender: (url: string) => PlatformSender;
  messages: OutboundMessage[];
  /** Requests allowed at once before the pace applies (a chat's burst; default 1). */
  burst?: number;
}

interface Result {
  scenario: string;
  limit: string;
  messages: number;
  delivered: number;
  /** Accepted arrivals per second, as the platform saw them (the steady pace, after the allowed burst). */
  msgPerSecond: number;
  shareOfLimit: number;
  tooManyRequests: number;
  maxInAnySecond: number;
  seconds: number;
}

const quiet = { info() {}, warn() {}, error() {} };

function telegram(name: string, limits: RateLimits, count: number): Scenario {
  return {
    name,
    limit: limits.globalPerSecond,
    limitLabel: `${limits.globalPerSecond}/s global`,
    fake: { globalPerSecond: limits.globalPerSecond, perChat: { perSecond: limits.perChatPerSecond, burst: limits.perChatBurst } },
    sender: (url) => telegramSenderFor(new Api(TOKEN, { apiRoot: url }), quiet, limits),
    messages: Array.from({ length: count }, (_, i) => ({
      kind: 'send',
      to: { platform: 'telegram', id: String(700_000 + i) },
      text: `Pengingat: laporan bangkom bulan ini belum lengkap (${i + 1}).`,
    })),
  };
}

function slack(name: string, limits: RateLimits, count: number, oneChannel: boolean): Scenario {
  const perChannel = oneChannel;
  return {
    name,
    limit: perChannel ? limits.perChatPerSecond : limits.globalPerSecond,
    limitLabel: perChannel ? `${limits.perChatPerSecond}/s per channel, burst ${limits.perChatBurst ?? 1}` : `${limits.globalPerSecond}/s global`,
    fake: { globalPerSecond: limits.globalPerSecond, perChat: { perSecond: limits.perChatPerSecond, burst: limits.perChatBurst } },
    sender: (url) => createSlackSender({ token: SLACK_TOKEN, apiUrl: `${url}/api`, limits }),
    messages: Array.from({ length: count }, (_, i) => ({
      kind: 'send',
      to: { platform: 'slack', id: oneChannel ? 'D0BENCH' : `D${String(100_000 + i)}` },
      text: `Pengingat: laporan bangkom bulan ini belum lengkap (${i + 1}).`,
    })),
    ...(perChannel ? { burst: limits.perChatBurst ?? 1 } : {}),
  };
}

async function run(s: Scenario, jitterMs: number): Promise<Result> {
  const fake = await startFake({ ...s.fake, jitterMs });
  const outbox = new Outbox([s.sender(fake.url)], { minBackoffMs: 100, maxBackoffMs: 1000 });
  const t0 = performance.now();
  const deadline = setTimeout(() => void outbox.close({ graceMs: 0 }), SCENARIO_DEADLINE_MS);
  const report = await outbox.deliver(s.messages);
  clearTimeout(deadline);
  const seconds = (performance.now() - t0) / 1000;
  await outbox.close({ graceMs: 0 });
  const stats = await fake.stats();
  if (process.argv.includes('--verbose')) {
    const origin = stats.arrivals[0]?.at ?? 0;
    for (const r of stats.refusals) {
      const before = stats.arrivals.filter((a) => a.at <= r.at && a.at > r.at - 1100).map((a) => (a.at - origin).toFixed(1));
      console.error(`  429 (${r.limit}) at ${(r.at - origin).toFixed(1)} ms for ${r.chat}; accepted in the 1.1 s before: ${before.join(' ')}`);
    }
  }
  // The steady pace: from the first arrival that had to wait for its turn (after the allowed burst,
  // which also leaves out a first request slowed by a cold connection) to the last.
  const at = stats.arrivals.map((a) => a.at).slice(s.burst ?? 1);
  const msgPerSecond = at.length > 1 ? ((at.length - 1) / (at.at(-1)! - at[0]!)) * 1000 : 0;
  return {
    scenario: s.name,
    limit: s.limitLabel,
    messages: s.messages.length,
    delivered: report.sent,
    msgPerSecond: round(msgPerSecond, 2),
    shareOfLimit: round(msgPerSecond / s.limit, 3),
    tooManyRequests: stats.refused,
    maxInAnySecond: stats.maxPerSecond,
    seconds: round(seconds, 2),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

async function main(): Promise<void> {
  setTimeout(() => {
    console.error(`bench/broadcast: still running after ${RUN_DEADLINE_MS / 1000} s, stopped`);
    process.exit(2);
  }, RUN_DEADLINE_MS).unref();
  const asJson = process.argv.includes('--json');
  const messages = arg('messages') ?? 240;
  const slackMessages = arg('slack-messages') ?? 160;
  const channelMessages = arg('channel-messages') ?? 20;
  const jitterMs = arg('jitter') ?? 0;
  const scenarios = [
    telegram(`telegram: ${messages} chats, TELEGRAM_LIMITS`, TELEGRAM_LIMITS, messages),
    telegram(`telegram: ${messages} chats, 30/s (the issue's fake)`, { ...TELEGRAM_LIMITS, globalPerSecond: 30 }, messages),
    slack(`slack: ${slackMessages} channels, SLACK_LIMITS`, SLACK_LIMITS, slackMessages, false),
    slack(`slack: ${channelMessages} messages into one channel`, SLACK_LIMITS, channelMessages, true),
  ];
  const results: Result[] = [];
  for (const s of scenarios) {
    if (!asJson) console.error(`running ${s.name} …`);
    const r = await run(s, jitterMs);
    results.push(r);
    if (!asJson) {
      console.log(
        `${r.scenario}\n  limit ${r.limit}: ${r.msgPerSecond} msg/s = ${(r.shareOfLimit * 100).toFixed(1)}% of the limit, ` +
          `${r.tooManyRequests} × 429, at most ${r.maxInAnySecond} in any sliding second, ${r.delivered}/${r.messages} delivered in ${r.seconds} s`,
      );
    }
  }
  if (asJson) console.log(JSON.stringify({ jitterMs, results }, null, 2));
  const ok = results.every((r) => r.tooManyRequests === 0 && r.shareOfLimit >= 0.95 && r.delivered === r.messages);
  if (!asJson) console.log(ok ? 'target met: ≥ 95% of each limit, 0 × 429' : 'TARGET MISSED');
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[2] === '--fake') {
  await serveFake(JSON.parse(process.argv[3]!) as RateLimitedPlatformOptions);
} else {
  await main();
}
