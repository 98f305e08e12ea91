import { z } from 'zod';
import { host, port } from '../../src/http/config.js';

export interface TelegramWebhookConfig {
  /** The public HTTPS address Telegram posts updates to (given to setWebhook). */
  url: string;
  /** The path the local server answers on: the path of `url`. */
  path: string;
  /** Local port: TELEGRAM_WEBHOOK_PORT, else PORT, else 3000 (0 = any free port). */
  port: number;
  /** Interface to listen on (HOST); every interface when unset. */
  host?: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token on every request; generated per start when unset. */
  secret?: string;
}

export interface TelegramConfig {
  token: string;
  /** Bot API server root; the public one unless a local Bot API server (or a test double) is used. */
  apiRoot: string;
  /** Set → webhook mode; unset → long polling. */
  webhook?: TelegramWebhookConfig;
}

const schema = z.object({
  TELEGRAM_BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^\d+:[\w-]+$/, 'TELEGRAM_BOT_TOKEN must look like 123456:ABC-xyz (from @BotFather)'),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, error: 'TELEGRAM_API_ROOT must be an http(s) URL' }).optional(),
  TELEGRAM_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: 'TELEGRAM_WEBHOOK_URL must be the public https URL Telegram posts updates to' })
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  TELEGRAM_WEBHOOK_PORT: port('TELEGRAM_WEBHOOK_PORT'),
  PORT: port('PORT'),
  HOST: host.optional(),
});

const blankToUndefined = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);

/** Reads the Telegram settings from the environment; throws a one-line message on bad values. */
export function telegramConfig(env: NodeJS.ProcessEnv): TelegramConfig {
  const hook = blankToUndefined(env.TELEGRAM_WEBHOOK_URL);
  // The webhook settings (PORT and HOST included, which Slack may use too) matter only in webhook mode.
  const parsed = schema.safeParse({
    TELEGRAM_BOT_TOKEN: env.TELEGRAM_BOT_TOKEN ?? '',
    TELEGRAM_API_ROOT: blankToUndefined(env.TELEGRAM_API_ROOT),
    TELEGRAM_WEBHOOK_URL: hook,
    TELEGRAM_WEBHOOK_SECRET: hook && blankToUndefined(env.TELEGRAM_WEBHOOK_SECRET),
    TELEGRAM_WEBHOOK_PORT: hook && blankToUndefined(env.TELEGRAM_WEBHOOK_PORT),
    PORT: hook && blankToUndefined(env.PORT),
    HOST: hook && blankToUndefined(env.HOST),
  });
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid Telegram settings');
  const d = parsed.data;
  const root = d.TELEGRAM_API_ROOT ?? 'https://api.telegram.org';
  const config: TelegramConfig = { token: d.TELEGRAM_BOT_TOKEN, apiRoot: root.replace(/\/+$/, '') };
  if (d.TELEGRAM_WEBHOOK_URL) {
    config.webhook = {
      url: d.TELEGRAM_WEBHOOK_URL,
      path: new URL(d.TELEGRAM_WEBHOOK_URL).pathname,
      port: d.TELEGRAM_WEBHOOK_PORT ?? d.PORT ?? 3000,
      ...(d.HOST ? { host: d.HOST } : {}),
      ...(d.TELEGRAM_WEBHOOK_SECRET ? { secret: d.TELEGRAM_WEBHOOK_SECRET } : {}),
    };
  }
  return config;
}
