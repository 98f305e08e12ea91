import { z } from 'zod';

/** Where the dashboard's pages are, on the assistant's HTTP server. */
export const DASHBOARD_PATH = '/dasbor';

const url = z.url({ protocol: /^https?$/, error: 'BANGKOM_PUBLIC_URL must be an http(s) address, e.g. https://bangkom.example.go.id' });

/**
 * The address people reach the assistant's HTTP server at (BANGKOM_PUBLIC_URL, without a trailing slash);
 * unset, http://localhost:PORT (3000 by default), which only works on the same machine.
 */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.BANGKOM_PUBLIC_URL?.trim();
  if (!raw) return `http://localhost:${env.PORT?.trim() || '3000'}`;
  const parsed = url.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'BANGKOM_PUBLIC_URL is not an address');
  return parsed.data.replace(/\/+$/, '');
}

/** The one-time sign-in link of a token. */
export const signInUrl = (base: string, token: string): string => `${base}${DASHBOARD_PATH}/masuk/${token}`;
