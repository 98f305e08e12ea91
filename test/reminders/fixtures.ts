import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { SCHEMA_VERSION, type Activity } from '../../src/domain/types.js';
import { DeliveryError, type PlatformSender } from '../../src/delivery/types.js';
import type { OutboundMessage, Platform } from '../../src/engine/events.js';

let seq = 0;

/** An activity as the report dialog would store it; approved unless told otherwise. */
export function activity(
  nip: string,
  over: Partial<Activity> & { type: string; start: string; end?: string; jp: number; count?: number; pendingSince?: string },
): Activity {
  const { type, start, end, jp, count, pendingSince, ...rest } = over;
  const at = pendingSince ?? '2026-03-01T00:00:00.000Z';
  return {
    schemaVersion: SCHEMA_VERSION,
    id: `rm${++seq}`,
    nip,
    input: { type, scope: 'nasional', start, end: end ?? start, ...(count ? { count } : {}) },
    title: `${type} ${seq}`,
    organizer: 'BPSDM',
    profile: 'lan-2018',
    jp,
    explanation: '',
    year: Number((end ?? start).slice(0, 4)),
    status: 'approved',
    history: [{ status: 'pending', by: nip, at }],
    createdAt: at,
    updatedAt: at,
    ...rest,
  };
}

/** A PlatformSender that records what it was given; `fail(to)` returns an error to throw for a recipient. */
export function recordingSender(
  platform: Platform,
  fail?: (m: OutboundMessage) => DeliveryError | undefined,
): PlatformSender & { sent: OutboundMessage[] } {
  const sent: OutboundMessage[] = [];
  return {
    platform,
    limits: { globalPerSecond: 1000, perChatPerSecond: 1000 },
    sent,
    async send(message) {
      const error = fail?.(message);
      if (error) throw error;
      sent.push(message);
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
