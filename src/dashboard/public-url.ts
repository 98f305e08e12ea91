import { z } from 'zod';
import { httpConfig } from '../http/config.js';

/** Where the dashboard's pages are, on the assistant's HTTP server. */
export const DASHBOARD_PATH = '/dasbor';

const url = z.url({ protocol: /^https?$/, error: 'BANGKOM_PUBLIC_URL must be an http(s) address, e.g. https://bangkom.example.go.id' });

/** BANGKOM_PUBLIC_URL without a trailing slash, checked; undefined when unset. */
export function publicUrlSetting(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.BANGKOM_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  const parsed = url.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'BANGKOM_PUBLIC_URL is not an address');
  return parsed.data.replace(/\/+$/, '');
}

/**
 * The address people reach the assistant's HTTP server at (BANGKOM_PUBLIC_URL, without a trailing slash);
 * unset, http://localhost and the port the server listens on (`boundPort` when known, else the HTTP settings:
 * PORT, an older TELEGRAM_WEBHOOK_PORT, 3000), which only works on the same machine. With PORT=0 (a free port
 * picked at start) and no bound port, there is no address to give: BANGKOM_PUBLIC_URL must be set.
 */
export function publicUrl(env: NodeJS.ProcessEnv = process.env, boundPort?: number): string {
  const set = publicUrlSetting(env);
  if (set) return set;
  const port = boundPort ?? httpConfig(env).port;
  if (port === 0) throw new Error('BANGKOM_PUBLIC_URL must be set: with PORT=0 the port is picked at start, so the dashboard has no known address');
  return `http://localhost:${port}`;
}

/** The one-time sign-in link of a token. */
export const signInUrl = (base: string, token: string): string => `${base}${DASHBOARD_PATH}/masuk/${token}`;
