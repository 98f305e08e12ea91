import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { issueInvite } from '../../src/domain/invites.js';
import { Engine } from '../../src/engine/engine.js';
import { makeWorld, NIP } from '../../test/helpers/script-driver.js';
import { createTelegramAdapter, derivedWebhookSecret } from './index.js';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';
import { memoryLogger, startTelegramWorld, WEBHOOK_URL, type TelegramWorld } from './testing/harness.js';

const SECRET = 'rahasia_Webhook-123';
let t: TelegramWorld | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const hello = (tg: FakeBotApi, userId = 42, text = 'halo') => ({ update_id: 9000 + userId, message: { ...tg.envelope(userId), text } });

describe('Telegram adapter in webhook mode (TELEGRAM_WEBHOOK_URL)', () => {
  it('registers the webhook with its secret and handles what Telegram posts with that secret', async () => {
    t = await startTelegramWorld({ webhook: { secret: SECRET } });
    expect(t.tg.callsOf('setWebhook').map((c) => c.payload)).toEqual([
      { url: WEBHOOK_URL, secret_token: SECRET, allowed_updates: ['message', 'callback_query', 'my_chat_member'] },
    ]);
    expect(t.tg.callsOf('deleteWebhook')).toEqual([]);
    expect(t.tg.callsOf('setMyCommands').length).toBeGreaterThan(0);

    const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
    await t.step(t.tg.text(42, `/start ${invite.code}`));
    expect(t.tg.lastText(42)).toContain('terhubung');
    await t.step(t.tg.text(42, 'lapor webinar'));
    await t.step(t.tg.text(42, 'Webinar Etika ASN'));
    await t.step(t.tg.text(42, 'BKN'));
    await t.step(t.tg.press(42, 'Nasional'));
    expect(t.tg.lastText(42)).toMatch(/tanggal/i);
    expect(t.tg.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(t.tg.callsOf('getUpdates')).toEqual([]);
  });

  it('refuses a request without the secret header or with a wrong one (401), and handles nothing of it', async () => {
    t = await startTelegramWorld({ webhook: { secret: SECRET } });
    expect(await t.tg.postWebhook(hello(t.tg, 42), null)).toMatchObject({ status: 401 });
    expect(await t.tg.postWebhook(hello(t.tg, 43), 'rahasia_Webhook-124')).toMatchObject({ status: 401 });
    expect(await t.tg.postWebhook(hello(t.tg, 44), '')).toMatchObject({ status: 401 });
    const target = `${t.tg.webhookOrigin}/telegram/webhook`;
    const badJson = await fetch(target, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': SECRET }, body: '{"update_id": 1, ' });
    expect(badJson.status).toBe(400);
    expect((await fetch(`${t.tg.webhookOrigin}/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(target)).status).toBe(405);
    await t.adapter.idle();
    expect(t.events).toEqual([]);
    expect(t.tg.callsOf('sendMessage')).toEqual([]);

    expect(await t.tg.postWebhook(hello(t.tg, 42))).toMatchObject({ status: 200 });
    await t.adapter.idle();
    expect(t.tg.lastText(42)).toContain('belum terhubung');
  });

  it('without TELEGRAM_WEBHOOK_SECRET, registers a secret derived from the token (the same in every process) and checks it', async () => {
    t = await startTelegramWorld({ webhook: {} });
    const secret = t.tg.webhook?.secret_token;
    expect(secret).toMatch(/^[\w-]{32,256}$/);
    expect(secret).not.toContain(FAKE_TOKEN);
    expect(secret).toBe(derivedWebhookSecret(FAKE_TOKEN));
    expect(derivedWebhookSecret(`${FAKE_TOKEN}x`)).not.toBe(secret);
    await t.restart(); // another start (another process) registers the same secret
    expect(t.tg.callsOf('setWebhook').map((c) => (c.payload as { secret_token: string }).secret_token)).toEqual([secret, secret]);
    expect(await t.tg.postWebhook(hello(t.tg, 42), null)).toMatchObject({ status: 401 });
    await t.step(t.tg.text(43, 'halo'));
    expect(t.events).toHaveLength(1);
    expect(t.tg.lastText(43)).toContain('belum terhubung');
  });

  it('answers Telegram at once while the engine is slow, keeps one user in order, and handles a redelivered update once', async () => {
    t = await startTelegramWorld({ webhook: { secret: SECRET } });
    const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
    await t.step(t.tg.text(42, `daftar ${invite.code}`, { times: 2 }));
    expect(t.tg.messages(42)).toHaveLength(1);
    expect(t.events).toHaveLength(1);

    t.tg.latency.set('sendMessage', 400);
    const started = Date.now();
    for (const text of ['lapor webinar', 'Webinar Etika ASN', 'batal']) await t.tg.text(42, text);
    expect(Date.now() - started).toBeLessThan(350);
    expect(t.tg.messages(42)).toHaveLength(1);
    await t.adapter.idle();
    const replies = t.tg.messages(42).slice(1).map((m) => m.text);
    expect(replies).toHaveLength(3);
    expect(replies[0]).toContain('judul');
    expect(replies[1]).toContain('penyelenggara');
    expect(replies[2]).toMatch(/dibatalkan/i);
    expect(t.log.lines.filter((l) => l.msg === 'telegram: repeated update ignored')).toHaveLength(1);
  });

  it('stop() finishes the update in hand (its reply committed and sent by the relay), then closes the server; the webhook stays registered', async () => {
    t = await startTelegramWorld({ webhook: { secret: SECRET } });
    t.tg.latency.set('sendMessage', 300);
    await t.tg.text(42, 'halo');
    await t.adapter.stop();
    expect((await t.w.store.pendingOutbound()).length + t.tg.messages(42).length).toBeGreaterThanOrEqual(1);
    await t.adapter.idle(); // the relay's delivery, which the assistant's shutdown waits for within its drain time
    expect(t.tg.lastText(42)).toContain('belum terhubung');
    expect(t.tg.callsOf('deleteWebhook')).toEqual([]);
    await expect(t.tg.postWebhook(hello(t.tg, 43))).rejects.toThrow();
    expect(t.events).toHaveLength(1);
  });

  it('says which setting to change when the webhook port is taken (e.g. by Slack on PORT)', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const w = await makeWorld();
    const tg = await new FakeBotApi().start();
    try {
      const outbox = new Outbox([]);
      const ctx = { engine: new Engine(w.deps), outbox, store: w.store, config: { db: w.dbPath, profile: 'lan-2018', tz: 'Asia/Jakarta' }, dataDir: w.dir, log: memoryLogger(), fatal: () => undefined };
      const env = { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, PORT: String(port) };
      const adapter = await createTelegramAdapter(ctx, env, { webhookHost: '127.0.0.1' });
      await expect(adapter.start()).rejects.toThrow(`port ${port} is already in use (Slack's HTTP mode also listens on PORT); set TELEGRAM_WEBHOOK_PORT`);
      expect(tg.callsOf('setWebhook')).toEqual([]);
    } finally {
      busy.close();
      await tg.close();
      await w.close();
    }
  });
});
