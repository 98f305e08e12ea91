import type { AdapterContext, PlatformAdapter } from './platform.js';

export type AdapterFactory = (ctx: AdapterContext) => Promise<PlatformAdapter>;

/** The platforms whose credentials are in the environment, as adapter factories. */
export function platformFactories(env: NodeJS.ProcessEnv): AdapterFactory[] {
  const factories: AdapterFactory[] = [];
  if (env.TELEGRAM_BOT_TOKEN) {
    factories.push(async (ctx) => (await import('../../adapters/telegram/index.js')).createTelegramAdapter(ctx, env));
  }
  if (env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) {
    factories.push(async (ctx) => (await import('../../adapters/slack/index.js')).createSlackAdapter(ctx, env));
  }
  return factories;
}
