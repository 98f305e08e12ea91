import { z } from 'zod';

export interface HttpConfig {
  port: number;
  /** Interface to listen on; every interface when unset. */
  host?: string;
  /** The variable the port came from, named when it is taken. */
  portSetting: 'PORT' | 'TELEGRAM_WEBHOOK_PORT';
  /** A setting that no longer does what it did (logged at start). */
  warning?: string;
}

/** A port number setting (also the Telegram adapter's TELEGRAM_WEBHOOK_PORT). */
export const port = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, `${name} must be a port number`)
    .transform(Number)
    .refine((n) => n <= 65535, `${name} must be at most 65535`)
    .optional();

/** An interface to listen on: an IP address or a host name (not a URL, not a dotted number that is no IPv4). */
export const host = z.union([z.ipv4(), z.ipv6(), z.hostname().refine((h) => !/^[\d.]+$/.test(h))], {
  error: 'HOST must be an IP address or a host name, e.g. 127.0.0.1',
});

const schema = z.object({ PORT: port('PORT'), TELEGRAM_WEBHOOK_PORT: port('TELEGRAM_WEBHOOK_PORT'), HOST: host.optional() });

const blank = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);

/**
 * Where the assistant's one HTTP server listens: PORT (default 3000) on HOST. TELEGRAM_WEBHOOK_PORT, which
 * once gave the webhook a port of its own, still counts when PORT is unset, so an existing setup keeps its port.
 */
export function httpConfig(env: NodeJS.ProcessEnv): HttpConfig {
  const parsed = schema.safeParse({ PORT: blank(env.PORT), TELEGRAM_WEBHOOK_PORT: blank(env.TELEGRAM_WEBHOOK_PORT), HOST: blank(env.HOST) });
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid HTTP settings');
  const d = parsed.data;
  const fromHook = d.PORT === undefined && d.TELEGRAM_WEBHOOK_PORT !== undefined;
  const config: HttpConfig = {
    port: d.PORT ?? d.TELEGRAM_WEBHOOK_PORT ?? 3000,
    portSetting: fromHook ? 'TELEGRAM_WEBHOOK_PORT' : 'PORT',
    ...(d.HOST ? { host: d.HOST } : {}),
  };
  if (d.PORT !== undefined && d.TELEGRAM_WEBHOOK_PORT !== undefined && d.PORT !== d.TELEGRAM_WEBHOOK_PORT) {
    config.warning = `TELEGRAM_WEBHOOK_PORT (${d.TELEGRAM_WEBHOOK_PORT}) is not used: the webhook, Slack and the dashboard are all served on PORT (${d.PORT})`;
  }
  return config;
}
