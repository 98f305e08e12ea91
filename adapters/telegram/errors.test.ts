import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/chat/events.js';
import { DeliveryError } from '../../src/delivery/types.js';
import { telegramSenderFor } from './sender.js';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';
import { memoryLogger } from './testing/harness.js';

const CHAT = 7001;
const message: OutboundMessage = { kind: 'send', to: { platform: 'telegram', id: String(CHAT) }, text: 'Pengingat' };

let tg: FakeBotApi;
let sender: ReturnType<typeof telegramSenderFor>;
beforeAll(async () => {
  tg = await new FakeBotApi().start();
  sender = telegramSenderFor(new Api(FAKE_TOKEN, { apiRoot: tg.url }), memoryLogger());
});
afterAll(async () => tg.close());

/** What the sender throws when sendMessage is answered with this error. */
async function failureOf(send: () => Promise<unknown>): Promise<DeliveryError['opts']> {
  const err = await send().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return (err as DeliveryError).opts;
}

describe('Bot API errors on send, as the outbox sees them (issue 10 item 7)', () => {
  // Bodies as Telegram sends them; the source of each is in the case name.
  it.each([
    ['403 blocked (TelegramBotAPI/errors json/forbidden-bot-blocked-by-user.json)', 403, 'Forbidden: bot was blocked by the user',
      { status: 403, permanent: true, unreachable: true }],
    ['403 deleted account (LibertyPaul/LostFilmUpdatesBot#57; TelegramBotAPI/errors forbidden-user-is-deactivated.json)', 403,
      'Forbidden: user is deactivated', { status: 403, permanent: true, unreachable: true }],
    ['403 never started (TelegramBotAPI/errors json/forbidden-cant-initiate-conversation.json)', 403,
      "Forbidden: bot can't initiate conversation with a user", { status: 403, permanent: true }],
    ['400 chat not found (TelegramBotAPI/errors json/bad-request-chat-not-found.json)', 400, 'Bad Request: chat not found',
      { status: 400, permanent: true }],
    ['403 to a bot (TelegramBotAPI/errors json/forbidden-bot-cant-send-messages-to-bots.json)', 403,
      "Forbidden: bot can't send messages to bots", { status: 403, permanent: true }],
    ['403 kicked from a group (TelegramBotAPI/errors 40x-errors.md)', 403, 'Forbidden: bot was kicked from the group chat',
      { status: 403, permanent: true }],
    ['403 not in a supergroup (vrumger/telegram-errors README)', 403, 'Forbidden: bot is not a member of the supergroup chat',
      { status: 403, permanent: true }],
    ['401 revoked token (TelegramBotAPI/errors json/unauthorized.json)', 401, 'Unauthorized', { status: 401, fatal: true }],
    ['502 (transient)', 502, 'Bad Gateway', { status: 502 }],
  ])('%s', async (_source, error_code, description, expected) => {
    tg.fail('sendMessage', { error_code, description });
    expect(await failureOf(() => sender.send(message))).toEqual(expected);
  });

  it('429 waits retry_after (TelegramBotAPI/errors json/too-many-requests.json)', async () => {
    tg.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    expect(await failureOf(() => sender.send(message))).toEqual({ status: 429, retryAfterMs: 7000 });
  });

  it('a user who blocked the bot in the fake: its own 403 says unreachable', async () => {
    tg.blocked.add(CHAT);
    try {
      expect(await failureOf(() => sender.send(message))).toEqual({ status: 403, permanent: true, unreachable: true });
    } finally {
      tg.blocked.delete(CHAT);
    }
  });

  it('a token the fake does not know (revoked): 401 is fatal', async () => {
    const revoked = telegramSenderFor(new Api('123456:REVOKED-token_xyz', { apiRoot: tg.url }), memoryLogger());
    expect(await failureOf(() => revoked.send(message))).toEqual({ status: 401, fatal: true });
  });
});
