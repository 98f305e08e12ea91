import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DeliveryError, type PlatformSender } from '../../src/delivery/types.js';
import type { OutboundMessage, Platform } from '../../src/chat/events.js';

export { activity } from '../helpers/activity.js';

/** What a recording sender keeps: the message, with its text ('' for a message without one). */
export type SentMessage = OutboundMessage & { text: string };

/** A PlatformSender that records what it was given; `fail(to)` returns an error to throw for a recipient. */
export function recordingSender(
  platform: Platform,
  fail?: (m: OutboundMessage) => DeliveryError | undefined,
): PlatformSender & { sent: SentMessage[] } {
  const sent: SentMessage[] = [];
  return {
    platform,
    limits: { globalPerSecond: 1000, perChatPerSecond: 1000 },
    sent,
    async send(message) {
      const error = fail?.(message);
      if (error) throw error;
      sent.push('text' in message ? message : { ...message, text: '' });
      return { ref: String(sent.length) };
    },
  };
}

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

/** `bangkom …` in a child process on the test store, with no chat tokens. */
export function bangkom(
  dbPath: string,
  args: string[],
  now: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [MAIN, ...args],
      {
        env: { ...process.env, BANGKOM_DB: dbPath, BANGKOM_NOW: now, BANGKOM_TZ: 'Asia/Jakarta', TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '' },
        timeout: 30_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
