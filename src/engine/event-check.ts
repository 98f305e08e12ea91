import { z } from 'zod';
import { hasBrokenText } from '../domain/records.js';
import type { InboundEvent } from '../chat/events.js';

/**
 * The inbound event as the engine may use it, whatever an adapter (or a hostile payload through it)
 * delivered. Who sent it must be a real address, or nothing can be answered; every other field that
 * is off is dropped or cut to size rather than allowed to fail the turn (the text itself is judged by
 * input-guard.ts, the press action by action-id.ts, the file by the evidence step).
 */
const userRef = z.object({
  platform: z.enum(['console', 'telegram', 'slack']),
  // A numeric id (a Telegram user id passed as a number) is the same user; broken text is no address.
  id: z.union([
    z
      .string()
      .min(1)
      .max(200)
      .refine((s) => !hasBrokenText(s) && !s.includes('\u0000')),
    z.number().int().nonnegative().transform(String),
  ]),
});

/** At most `max` UTF-16 units, never ending inside a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s[max - 1]!) ? max - 1 : max;
  return s.slice(0, end);
}

/** Optional text: cut to size; dropped when it is not a string or holds broken text. */
const optionalText = (max: number) =>
  z
    .string()
    .transform((s) => cut(s, max))
    .refine((s) => !hasBrokenText(s) && !s.includes('\u0000'))
    .optional()
    .catch(undefined);

const eventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), from: userRef, text: z.unknown(), email: optionalText(320) }),
  z.object({ kind: z.literal('press'), from: userRef, action: z.unknown(), messageRef: optionalText(200), label: optionalText(100) }),
  z.object({ kind: z.literal('file'), from: userRef, file: z.unknown() }),
  z.object({ kind: z.literal('unsupported'), from: userRef }),
  z.object({ kind: z.literal('blocked'), from: userRef }),
]);

const inboundKey = z.string().min(1).max(300);

export type CheckedEvent = { ok: true; event: InboundEvent; inboundKey?: string } | { ok: false; problem: string };

export function checkEvent(raw: unknown, rawKey: unknown): CheckedEvent {
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `${issue.path.join('.') || 'event'}: ${issue.message}` };
  }
  const key = inboundKey.safeParse(rawKey);
  return { ok: true, event: parsed.data as InboundEvent, ...(key.success ? { inboundKey: key.data } : {}) };
}
