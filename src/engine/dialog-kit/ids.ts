import { randomBytes } from 'node:crypto';
import type { Button } from '../../chat/events.js';

/** A fresh stamp for one dialogue's buttons. */
export const newNonce = (): string => randomBytes(3).toString('base64url');

/** An unstamped dialogue button: `<prefix>:<step>:<value>` (the kit stamps it when it is shown). */
export const kitButton = (prefix: string, step: string, value: string, label: string): Button => ({
  id: `${prefix}:${step}:${value}`,
  label,
});

/** `<prefix>:<step>:<value>` → `<prefix>:<nonce>:<step>:<value>`. */
export function stamp(prefix: string, nonce: string | undefined, rows: Button[][] | undefined): Button[][] | undefined {
  const head = `${prefix}:`;
  return rows?.map((row) =>
    row.map((b) => (b.id.startsWith(head) ? { ...b, id: `${head}${nonce ?? '-'}:${b.id.slice(head.length)}` } : b)),
  );
}

/** `<prefix>:<nonce>:<step>:<value>` → `<prefix>:<step>:<value>` when the nonce is this dialogue's; undefined when stale. */
export function ownAction(prefix: string, nonce: string | undefined, action: string): string | undefined {
  const parts = action.split(':');
  if (parts[0] !== prefix || parts.length < 4 || parts[1] !== nonce) return undefined;
  return [prefix, ...parts.slice(2)].join(':');
}
