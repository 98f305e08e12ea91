import { z } from 'zod';
import { normalizeApiUrl } from './sender.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Set → Socket Mode; else HTTP mode on `port` at /slack/events. */
  appToken?: string;
  port: number;
  /** Interface the HTTP mode listens on (HOST); every interface when unset. */
  host?: string;
  apiUrl?: string;
}

/** An interface to listen on: an IP address or a host name (not a URL, not a dotted number that is no IPv4). */
const host = z.union(
  [z.ipv4(), z.ipv6(), z.hostname().refine((h) => !/^[\d.]+$/.test(h))],
  { error: 'HOST must be an IP address or a host name, e.g. 127.0.0.1' },
);

const schema = z.object({
  SLACK_BOT_TOKEN: z.string().trim().min(1, 'SLACK_BOT_TOKEN is required'),
  SLACK_SIGNING_SECRET: z.string().trim().min(1, 'SLACK_SIGNING_SECRET is required'),
  SLACK_APP_TOKEN: z.string().trim().optional(),
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'PORT must be a port number')
    .transform(Number)
    .refine((n) => n <= 65535, 'PORT must be at most 65535')
    .optional(),
  HOST: host.optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** The Slack settings from the environment; throws one readable line when something is wrong. */
export function slackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  const blankToUndefined = (v: string | undefined) => (v && v.trim() !== '' ? v : undefined);
  const parsed = schema.safeParse({
    SLACK_BOT_TOKEN: env.SLACK_BOT_TOKEN ?? '',
    SLACK_SIGNING_SECRET: env.SLACK_SIGNING_SECRET ?? '',
    SLACK_APP_TOKEN: blankToUndefined(env.SLACK_APP_TOKEN),
    PORT: blankToUndefined(env.PORT),
    HOST: blankToUndefined(env.HOST)?.trim(),
    SLACK_API_URL: blankToUndefined(env.SLACK_API_URL),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Slack: ${String(issue?.path[0] ?? 'setting')}: ${issue?.message ?? 'invalid'}`);
  }
  const d = parsed.data;
  return {
    botToken: d.SLACK_BOT_TOKEN,
    signingSecret: d.SLACK_SIGNING_SECRET,
    ...(d.SLACK_APP_TOKEN ? { appToken: d.SLACK_APP_TOKEN } : {}),
    port: d.PORT ?? 3000,
    ...(d.HOST ? { host: d.HOST } : {}),
    ...(d.SLACK_API_URL ? { apiUrl: normalizeApiUrl(d.SLACK_API_URL) } : {}),
  };
}
