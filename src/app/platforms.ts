import type { AdapterContext, PlatformAdapter } from '../platform/adapter.js';

export type AdapterFactory = (ctx: AdapterContext) => Promise<PlatformAdapter>;

/** The variables that configure each chat platform; any of them set means "run this platform". */
export const PLATFORM_ENV = {
  telegram: {
    required: ['TELEGRAM_BOT_TOKEN'],
    optional: ['TELEGRAM_API_ROOT', 'TELEGRAM_WEBHOOK_URL', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_WEBHOOK_PORT'],
  },
  slack: {
    required: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
    optional: ['SLACK_APP_TOKEN', 'SLACK_API_URL'],
  },
} as const;

export type ChatPlatform = keyof typeof PLATFORM_ENV;

/** Refusal of an incomplete platform configuration (before anything is opened). */
export class PlatformConfigError extends Error {
  override name = 'PlatformConfigError';
}

const isSet = (env: NodeJS.ProcessEnv, name: string) => (env[name]?.trim() ?? '') !== '';

/**
 * The chat platforms the environment asks for. A platform counts as asked for as soon as one of its
 * variables is set (non-blank); then all its required variables must be set, else a PlatformConfigError
 * names the missing ones. The console demo is only for an environment with no platform variable at all:
 * a half-configured production must never fall back to it (it would seed a demo roster into the db).
 */
export function configuredPlatforms(env: NodeJS.ProcessEnv): ChatPlatform[] {
  const platforms: ChatPlatform[] = [];
  const problems: string[] = [];
  for (const platform of Object.keys(PLATFORM_ENV) as ChatPlatform[]) {
    const { required, optional } = PLATFORM_ENV[platform];
    const present = [...required, ...optional].filter((name) => isSet(env, name));
    if (present.length === 0) continue;
    const missing = required.filter((name) => !isSet(env, name));
    if (missing.length > 0) {
      problems.push(
        `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, but ${present.join(', ')} ${present.length > 1 ? 'are' : 'is'}: ` +
          `set ${missing.join(' and ')} to run ${platform === 'telegram' ? 'Telegram' : 'Slack'}, or unset ${present.join(', ')}.`,
      );
      continue;
    }
    platforms.push(platform);
  }
  if (problems.length > 0) throw new PlatformConfigError(`Incomplete chat platform settings: ${problems.join(' ')}`);
  return platforms;
}

/**
 * The platforms whose credentials are in the environment, as adapter factories; none (the console chat)
 * only when no platform variable is set. Throws PlatformConfigError on a partial configuration.
 */
export function platformFactories(env: NodeJS.ProcessEnv): AdapterFactory[] {
  return configuredPlatforms(env).map((platform): AdapterFactory =>
    platform === 'telegram'
      ? async (ctx) => (await import('../../adapters/telegram/index.js')).createTelegramAdapter(ctx, env)
      : async (ctx) => (await import('../../adapters/slack/index.js')).createSlackAdapter(ctx, env),
  );
}
