import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createTelegramAdapter } from '../../adapters/telegram/index.js';
import { FAKE_TOKEN, FakeBotApi } from '../../adapters/telegram/testing/fake-bot-api.js';
import { memoryLogger, WEBHOOK_URL } from '../../adapters/telegram/testing/harness.js';
import { runAssistant, type RunOptions } from '../../src/app/run.js';
import { importRoster } from '../../src/domain/roster.js';
import { httpConfig } from '../../src/http/config.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { FakeSlackWebApi } from '../fakes/slack-web-api.js';
import { ROSTER_CSV } from '../helpers/script-driver.js';

const SLACK_SECRET = 'one-server-signing-secret';
const TG_SECRET = 'one-server-webhook-secret';
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function tempDb(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bangkom-one-server-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const db = join(dir, 'db.json');
  const store = await openLowdbStore(db);
  await importRoster(store, ROSTER_CSV, new Date('2026-11-22T03:00:00Z'));
  await store.close();
  return db;
}

/** runAssistant in this process; resolves once its HTTP server listens, with its port and a stop. */
async function start(db: string, env: NodeJS.ProcessEnv, factories: RunOptions['factories']) {
  const log = memoryLogger();
  const signals = new EventEmitter();
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const running = runAssistant({ db, profile: 'lan-2018', tz: 'Asia/Jakarta' }, env, {
    factories,
    log,
    signals: signals as unknown as RunOptions['signals'],
    exit: (code) => exited(code),
    drainMs: 200,
    shutdownLimitMs: 3000,
    releaseMs: 500,
  });
  // What the run ended with: undefined, or the error it was refused with.
  const result = running.then(
    () => undefined,
    (err: unknown) => err,
  );
  const stop = async () => {
    signals.emit('SIGTERM');
    expect(await result).toBeUndefined();
    return exit;
  };
  for (let i = 0; i < 400 && !log.lines.some((l) => l.msg === 'bangkom-bot running'); i++) {
    if (log.lines.some((l) => l.msg === 'could not start')) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const listening = log.lines.find((l) => l.msg === 'http: listening');
  return { log, stop, port: Number(listening?.extra?.port), result };
}

describe('one HTTP server for the Telegram webhook, Slack events and the dashboard', () => {
  it('serves all three on PORT: a Telegram update and a signed Slack event are handled, the dashboard answers, unknown paths are 404', async () => {
    const db = await tempDb();
    const tg = await new FakeBotApi().start();
    cleanup.push(() => tg.close());
    const slack = await FakeSlackWebApi.start();
    cleanup.push(() => slack.close());
    const platformEnv = {
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_URL: WEBHOOK_URL,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.url,
    };
    // Before, Telegram's webhook and Slack's HTTP mode both on PORT was a port conflict.
    const a = await start(db, { PORT: '0', HOST: '127.0.0.1' }, [
      (ctx) => createTelegramAdapter(ctx, platformEnv),
      (ctx) => createSlackAdapter(ctx, platformEnv, { limits: { globalPerSecond: 100, perChatPerSecond: 100 } }),
    ]);
    expect(a.port).toBeGreaterThan(0);
    // PORT=0 and no BANGKOM_PUBLIC_URL: the dashboard's address has the port the server got, not 0.
    expect(a.log.lines.find((l) => l.msg === 'http: listening')?.extra?.dashboard).toBe(`http://localhost:${a.port}/dasbor`);
    const origin = `http://127.0.0.1:${a.port}`;
    const telegramLog = a.log.lines.find((l) => l.msg === 'telegram: receiving by webhook');
    const slackLog = a.log.lines.find((l) => l.msg === 'slack: receiving');
    expect(JSON.stringify(telegramLog)).toContain(`"port":${a.port}`);
    expect(JSON.stringify(slackLog)).toContain(`"port":${a.port}`);

    tg.webhookOrigin = origin;
    expect(await tg.postWebhook({ update_id: 1, message: { ...tg.envelope(42), text: 'halo' } })).toMatchObject({ status: 200 });

    const body = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'satu-server' });
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${origin}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('satu-server');
    const unsigned = await fetch(`${origin}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);

    const dashboard = await fetch(`${origin}/dasbor`);
    expect(dashboard.status).toBe(401);
    expect(await dashboard.text()).toContain('Silakan masuk');
    expect((await fetch(`${origin}/elsewhere`)).status).toBe(404);

    expect(await a.stop()).toBe(0);
    await expect(fetch(`${origin}/dasbor`)).rejects.toThrow();
    expect(tg.messages(42).at(-1)?.text).toContain('belum terhubung');
  });

  it('serves the dashboard when no platform uses HTTP (a platform without routes)', async () => {
    const db = await tempDb();
    const quiet = async () => ({
      platform: 'console' as const,
      sender: { platform: 'console' as const, limits: { globalPerSecond: 10, perChatPerSecond: 10 }, send: async () => ({ ref: '1' }) },
      start: async () => undefined,
      stop: async () => undefined,
    });
    const a = await start(db, { PORT: '0', HOST: '127.0.0.1' }, [quiet]);
    const res = await fetch(`http://127.0.0.1:${a.port}/dasbor/masuk/palsu`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Tautan ini tidak dikenal');
    expect(await a.stop()).toBe(0);
  });

  it('a port in use stops the start with the setting to change, and releases the store', async () => {
    const db = await tempDb();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => busy.close(resolve)));
    const port = (busy.address() as AddressInfo).port;
    const noop = async () => ({
      platform: 'console' as const,
      sender: { platform: 'console' as const, limits: { globalPerSecond: 10, perChatPerSecond: 10 }, send: async () => ({ ref: '1' }) },
      start: async () => undefined,
      stop: async () => undefined,
    });
    const a = await start(db, { PORT: String(port), HOST: '127.0.0.1' }, [noop]);
    expect(String(await a.result)).toContain(`HTTP: port ${port} is already in use; set PORT to a free port`);
    // The store was released: it opens again.
    const store = await openLowdbStore(db);
    await store.close();
  });
});

describe('httpConfig: where the one server listens', () => {
  const cases: [string, NodeJS.ProcessEnv, { port: number; host?: string; portSetting: string; warning?: RegExp }][] = [
    ['nothing set: 3000 on every interface', {}, { port: 3000, portSetting: 'PORT' }],
    ['PORT', { PORT: '8080' }, { port: 8080, portSetting: 'PORT' }],
    ['HOST', { PORT: '8080', HOST: ' 127.0.0.1 ' }, { port: 8080, host: '127.0.0.1', portSetting: 'PORT' }],
    ['an older TELEGRAM_WEBHOOK_PORT alone keeps its port', { TELEGRAM_WEBHOOK_PORT: '8443' }, { port: 8443, portSetting: 'TELEGRAM_WEBHOOK_PORT' }],
    [
      'PORT wins over a different TELEGRAM_WEBHOOK_PORT, with a warning',
      { PORT: '8080', TELEGRAM_WEBHOOK_PORT: '8443' },
      { port: 8080, portSetting: 'PORT', warning: /TELEGRAM_WEBHOOK_PORT \(8443\) is not used/ },
    ],
  ];
  it.each(cases)('%s', (_name, env, want) => {
    const got = httpConfig(env);
    expect(got.port).toBe(want.port);
    expect(got.host).toBe(want.host);
    expect(got.portSetting).toBe(want.portSetting);
    if (want.warning) expect(got.warning).toMatch(want.warning);
    else expect(got.warning).toBeUndefined();
  });

  it('refuses a bad PORT or HOST in one line', () => {
    expect(() => httpConfig({ PORT: '99999' })).toThrow('PORT must be at most 65535');
    expect(() => httpConfig({ PORT: 'abc' })).toThrow('PORT must be a port number');
    expect(() => httpConfig({ HOST: 'http://x' })).toThrow('HOST must be an IP address or a host name');
  });
});
