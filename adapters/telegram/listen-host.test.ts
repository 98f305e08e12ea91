import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { Engine } from '../../src/engine/engine.js';
import { makeWorld, type World } from '../../test/helpers/script-driver.js';
import { telegramConfig } from './config.js';
import { createTelegramAdapter, type TelegramAdapter } from './index.js';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';
import { memoryLogger, WEBHOOK_URL } from './testing/harness.js';

const TOKEN = { TELEGRAM_BOT_TOKEN: '1:x' };
const HOOK = { ...TOKEN, TELEGRAM_WEBHOOK_URL: WEBHOOK_URL };

describe('HOST for the Telegram webhook', () => {
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ['unset: every interface', HOOK, undefined],
    ['blank: every interface', { ...HOOK, HOST: '  ' }, undefined],
    ['loopback IPv4', { ...HOOK, HOST: '127.0.0.1' }, '127.0.0.1'],
    ['loopback IPv6', { ...HOOK, HOST: '::1' }, '::1'],
    ['a host name', { ...HOOK, HOST: ' localhost ' }, 'localhost'],
  ];
  it.each(cases)('%s', (_name, env, host) => {
    expect(telegramConfig(env).webhook?.host).toBe(host);
  });

  it('refuses what is not an address or a host name, and ignores HOST when polling', () => {
    for (const bad of ['http://127.0.0.1', '999.1.1.1', 'two words', '[::1]']) {
      expect(() => telegramConfig({ ...HOOK, HOST: bad })).toThrow('HOST must be an IP address or a host name');
    }
    expect(telegramConfig({ ...TOKEN, HOST: 'not used when polling!' }).webhook).toBeUndefined();
  });
});

describe('Telegram webhook server bound to HOST', () => {
  let w: World | undefined;
  let tg: FakeBotApi | undefined;
  let adapter: TelegramAdapter | undefined;
  afterEach(async () => {
    await adapter?.stop();
    await tg?.close();
    await w?.close();
    adapter = tg = w = undefined;
  });

  async function start(extra: NodeJS.ProcessEnv): Promise<TelegramAdapter> {
    w = await makeWorld();
    tg = await new FakeBotApi().start();
    const log = memoryLogger();
    const ctx = { engine: new Engine(w.deps), outbox: new Outbox([]), store: w.store, config: { db: w.dbPath, profile: 'lan-2018', tz: 'Asia/Jakarta' }, dataDir: w.dir, log, fatal: () => undefined };
    const env = { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, TELEGRAM_WEBHOOK_PORT: '0', ...extra };
    adapter = await createTelegramAdapter(ctx, env);
    await adapter.start();
    return adapter;
  }

  it('HOST=127.0.0.1: listens on 127.0.0.1 only, and Telegram reaches it there', async () => {
    const a = await start({ HOST: '127.0.0.1' });
    expect(a.webhookAddress).toBe('127.0.0.1');
    tg!.webhookOrigin = `http://127.0.0.1:${a.webhookPort}`;
    expect(await tg!.postWebhook({ update_id: 1, message: { ...tg!.envelope(42), text: 'halo' } })).toMatchObject({ status: 200 });
    await a.idle();
  });

  it('without HOST: every interface, as before', async () => {
    const a = await start({});
    expect(['::', '0.0.0.0']).toContain(a.webhookAddress);
  });
});
