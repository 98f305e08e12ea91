import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleSender } from '../../src/delivery/console-sender.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { sendersFromEnv, type SenderModules } from '../../src/delivery/senders-from-env.js';
import type { PlatformSender } from '../../src/delivery/types.js';
import { JP_SHORTFALL, runReminders } from '../../src/reminders/run.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

function fakeModules(calls: unknown[]): SenderModules {
  const sender = (platform: 'telegram' | 'slack'): PlatformSender => ({
    platform,
    limits: { globalPerSecond: 30, perChatPerSecond: 1 },
    send: async () => ({}),
  });
  return {
    telegram: async () => ({
      createTelegramSender: (opts) => {
        calls.push({ telegram: opts });
        return sender('telegram');
      },
    }),
    slack: async () => ({
      createSlackSender: (opts) => {
        calls.push({ slack: opts });
        return sender('slack');
      },
    }),
  };
}

describe('sendersFromEnv', () => {
  it('no tokens: only the console sender', async () => {
    const calls: unknown[] = [];
    const senders = await sendersFromEnv({}, { modules: fakeModules(calls) });
    expect(senders.map((s) => s.platform)).toEqual(['console']);
    expect(calls).toEqual([]);
  });

  it('tokens and API roots from the environment reach the platform senders', async () => {
    const calls: unknown[] = [];
    const env = {
      TELEGRAM_BOT_TOKEN: ' 123:abc ',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9001',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'http://127.0.0.1:9002/api/',
    };
    const senders = await sendersFromEnv(env, { modules: fakeModules(calls) });
    expect(senders.map((s) => s.platform)).toEqual(['console', 'telegram', 'slack']);
    expect(calls).toEqual([
      { telegram: { token: '123:abc', apiRoot: 'http://127.0.0.1:9001' } },
      { slack: { token: 'xoxb-1', apiUrl: 'http://127.0.0.1:9002/api/' } },
    ]);
    const slackOnly = await sendersFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }, { modules: fakeModules([]) });
    expect(slackOnly.map((s) => s.platform)).toEqual(['console', 'slack']);
  });

  it('a token whose sender cannot be loaded is an error naming the variable', async () => {
    const broken: SenderModules = { ...fakeModules([]), telegram: () => Promise.reject(new Error('Cannot find module')) };
    await expect(sendersFromEnv({ TELEGRAM_BOT_TOKEN: 'x' }, { modules: broken })).rejects.toThrow(/TELEGRAM_BOT_TOKEN is set/);
  });
});

describe('console sender', () => {
  it('prints each message for its console account', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    const sender = createConsoleSender(out);
    await sender.send({ kind: 'send', to: { platform: 'console', id: 'siti' }, text: 'Halo\nKetik *lapor*' });
    expect(printed).toBe('→ siti (console):\n   Halo\n   Ketik *lapor*\n');
  });
});

describe('bangkom remind through Slack without the assistant running', () => {
  let server: Server | undefined;
  let w: World | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await w?.close();
    server = undefined;
    w = undefined;
  });

  it('SLACK_BOT_TOKEN + SLACK_API_URL: the reminder is posted to the Slack API (a local fake) and marked', async () => {
    const posts: { path: string; auth?: string; body: string }[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posts.push({ path: req.url ?? '', auth: req.headers.authorization, body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, channel: 'DSITI', ts: '1763780400.000100' }));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;

    w = await makeWorld({ now: '2026-11-22T03:00:00Z' });
    await w.store.linkAccount({ platform: 'slack', userId: 'USITI', nip: NIP.siti, linkedAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-20T00:00:00.000Z' });
    const senders = await sendersFromEnv({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: apiUrl }, { consoleOut: new PassThrough() });
    const summary = await runReminders({ store: w.store, senders, clock: w.clock, tz: 'Asia/Jakarta', profile: 'lan-2018' });

    expect(summary.reminders.sent).toBe(1);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe('/api/chat.postMessage');
    expect(posts[0]!.auth).toBe('Bearer xoxb-test');
    expect(decodeURIComponent(posts[0]!.body.replace(/\+/g, ' '))).toContain('Halo Siti Rahmawati, pengingat bangkom 2026');
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toBeDefined();
  });
});
