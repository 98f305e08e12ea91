import type { Writable } from 'node:stream';
import type { Platform } from '../chat/events.js';
import { createConsoleSender } from './console-sender.js';
import type { KeptFiles } from './document-bytes.js';
import type { PlatformSender } from './types.js';

/** The environment variable that enables each chat platform's sender. */
export const SENDER_ENV: Record<Exclude<Platform, 'console'>, string> = {
  telegram: 'TELEGRAM_BOT_TOKEN',
  slack: 'SLACK_BOT_TOKEN',
};

export interface TelegramSenderModule {
  createTelegramSender(opts: { token: string; apiRoot?: string; files?: KeptFiles }): PlatformSender;
}
export interface SlackSenderModule {
  createSlackSender(opts: { token: string; apiUrl?: string; files?: KeptFiles }): PlatformSender;
}
/** How the platform senders are loaded; tests pass fakes. */
export interface SenderModules {
  telegram(): Promise<TelegramSenderModule>;
  slack(): Promise<SlackSenderModule>;
}

// The adapters are loaded lazily (only when their token is set), by a specifier held in a variable so this
// file does not depend on them at type-check time.
const TELEGRAM_SENDER: string = '../../adapters/telegram/sender.js';
const SLACK_SENDER: string = '../../adapters/slack/sender.js';

export const adapterSenderModules: SenderModules = {
  telegram: () => import(TELEGRAM_SENDER) as Promise<TelegramSenderModule>,
  slack: () => import(SLACK_SENDER) as Promise<SlackSenderModule>,
};

async function load<T>(what: string, envName: string, loader: () => Promise<T>): Promise<T> {
  try {
    return await loader();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${envName} is set but the ${what} sender could not be loaded: ${why}`);
  }
}

/**
 * The senders `bangkom remind` can use without the assistant running: a console sender (prints to
 * `consoleOut`, default stdout) always, Telegram when TELEGRAM_BOT_TOKEN is set (TELEGRAM_API_ROOT points at
 * another Bot API server), Slack when SLACK_BOT_TOKEN is set (SLACK_API_URL points at another Web API root).
 * `files` (the store) lets them send the documents the outbox holds; without it those wait for the assistant.
 */
export async function sendersFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  opts: { consoleOut?: Writable; modules?: SenderModules; files?: KeptFiles } = {},
): Promise<PlatformSender[]> {
  const files = opts.files ? { files: opts.files } : {};
  const modules = opts.modules ?? adapterSenderModules;
  const senders: PlatformSender[] = [createConsoleSender(opts.consoleOut ?? process.stdout)];
  const telegramToken = env.TELEGRAM_BOT_TOKEN?.trim();
  if (telegramToken) {
    const { createTelegramSender } = await load('Telegram', SENDER_ENV.telegram, modules.telegram);
    const apiRoot = env.TELEGRAM_API_ROOT?.trim();
    senders.push(createTelegramSender({ token: telegramToken, ...(apiRoot ? { apiRoot } : {}), ...files }));
  }
  const slackToken = env.SLACK_BOT_TOKEN?.trim();
  if (slackToken) {
    const { createSlackSender } = await load('Slack', SENDER_ENV.slack, modules.slack);
    const apiUrl = env.SLACK_API_URL?.trim();
    senders.push(createSlackSender({ token: slackToken, ...(apiUrl ? { apiUrl } : {}), ...files }));
  }
  return senders;
}

/** Why a platform has no sender, for the "not reachable" reason. */
export function noSenderReason(platform: Platform): string {
  return platform === 'console'
    ? 'tidak ada pengirim untuk console'
    : `tidak ada pengirim untuk ${platform} (${SENDER_ENV[platform]} belum diset)`;
}
