import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredPlatforms, platformFactories, PlatformConfigError } from '../../src/app/platforms.js';

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    platformFactories(env);
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('platformFactories: which platforms `npm start` runs', () => {
  it('no platform variable at all (or only blank ones, or only PORT): the console chat', () => {
    expect(platformFactories({})).toEqual([]);
    expect(platformFactories({ TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '  ', PORT: '3000', LOG_LEVEL: 'debug' })).toEqual([]);
  });

  it('complete settings: each platform once, Telegram and Slack together', () => {
    expect(configuredPlatforms({ TELEGRAM_BOT_TOKEN: '1:a' })).toEqual(['telegram']);
    expect(configuredPlatforms({ SLACK_BOT_TOKEN: 'xoxb', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp' })).toEqual(['slack']);
    const both = { TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_URL: 'https://x/tg', SLACK_BOT_TOKEN: 'xoxb', SLACK_SIGNING_SECRET: 's' };
    expect(configuredPlatforms(both)).toEqual(['telegram', 'slack']);
    expect(platformFactories(both)).toHaveLength(2);
  });

  it('Slack half set: refused, naming what is missing', () => {
    expect(refusal({ SLACK_BOT_TOKEN: 'xoxb-1' })).toContain('SLACK_SIGNING_SECRET is not set, but SLACK_BOT_TOKEN is');
    expect(refusal({ SLACK_SIGNING_SECRET: 's' })).toContain('SLACK_BOT_TOKEN is not set, but SLACK_SIGNING_SECRET is');
    expect(refusal({ SLACK_APP_TOKEN: 'xapp-1' })).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set, but SLACK_APP_TOKEN is');
  });

  it('Telegram settings without the token: refused', () => {
    expect(refusal({ TELEGRAM_WEBHOOK_URL: 'https://bangkom.example.go.id/tg' })).toContain(
      'TELEGRAM_BOT_TOKEN is not set, but TELEGRAM_WEBHOOK_URL is',
    );
    expect(refusal({ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' })).toContain('TELEGRAM_BOT_TOKEN is not set');
  });

  it('one platform complete and the other half set: refused as a whole, not started half', () => {
    const message = refusal({ TELEGRAM_BOT_TOKEN: '1:a', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(message).toContain('SLACK_SIGNING_SECRET');
    expect(message).not.toContain('TELEGRAM_BOT_TOKEN is not set');
  });
});

describe('`bangkom start` with a partial configuration (child process)', () => {
  it('only SLACK_BOT_TOKEN: exits non-zero naming SLACK_SIGNING_SECRET, and creates no database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bangkom-partial-'));
    try {
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TELEGRAM_|BANGKOM_|PORT$)/.test(k)) env[k] = v;
      Object.assign(env, { SLACK_BOT_TOKEN: 'xoxb-only', BANGKOM_DB: join(dir, 'data', 'db.json') });
      const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          join(process.cwd(), 'node_modules', '.bin', 'tsx'),
          [join(process.cwd(), 'src', 'cli', 'main.ts'), 'start'],
          { env, timeout: 30_000 },
          (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin?.end();
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('SLACK_SIGNING_SECRET is not set, but SLACK_BOT_TOKEN is');
      expect(result.stdout).not.toContain('roster contoh');
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
