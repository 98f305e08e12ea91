import { describe, expect, it } from 'vitest';
import { telegramConfig } from './config.js';

const TOKEN = { TELEGRAM_BOT_TOKEN: '1:x' };

describe('telegramConfig', () => {
  it('reads the token, defaults the API root, and refuses malformed values with one line', () => {
    expect(telegramConfig({ TELEGRAM_BOT_TOKEN: ' 123:AA-b_c ' })).toEqual({ token: '123:AA-b_c', apiRoot: 'https://api.telegram.org' });
    expect(telegramConfig({ ...TOKEN, TELEGRAM_API_ROOT: 'http://localhost:8081/' }).apiRoot).toBe('http://localhost:8081');
    expect(telegramConfig({ ...TOKEN, TELEGRAM_API_ROOT: '' }).apiRoot).toBe('https://api.telegram.org');
    expect(() => telegramConfig({ TELEGRAM_BOT_TOKEN: 'not a token' })).toThrow(/BotFather/);
    expect(() => telegramConfig({ ...TOKEN, TELEGRAM_API_ROOT: 'ftp://x' })).toThrow(/TELEGRAM_API_ROOT/);
  });

  it('long polling unless TELEGRAM_WEBHOOK_URL is set; the webhook port is TELEGRAM_WEBHOOK_PORT, else PORT, else 3000', () => {
    expect(telegramConfig({ ...TOKEN, PORT: 'not used when polling' }).webhook).toBeUndefined();
    const url = 'https://bot.example.go.id/tg/hook';
    expect(telegramConfig({ ...TOKEN, TELEGRAM_WEBHOOK_URL: url }).webhook).toEqual({ url, path: '/tg/hook', port: 3000 });
    expect(telegramConfig({ ...TOKEN, TELEGRAM_WEBHOOK_URL: url, PORT: '8080' }).webhook?.port).toBe(8080);
    expect(telegramConfig({ ...TOKEN, TELEGRAM_WEBHOOK_URL: url, PORT: '8080', TELEGRAM_WEBHOOK_PORT: '0' }).webhook?.port).toBe(0);
    expect(telegramConfig({ ...TOKEN, TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-1' }).webhook?.secret).toBe('abc_DEF-1');
    expect(() => telegramConfig({ ...TOKEN, TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: 'has space' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => telegramConfig({ ...TOKEN, TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_PORT: '70000' })).toThrow(/TELEGRAM_WEBHOOK_PORT/);
    expect(() => telegramConfig({ ...TOKEN, TELEGRAM_WEBHOOK_URL: 'bot.example.go.id' })).toThrow(/TELEGRAM_WEBHOOK_URL/);
  });
});
