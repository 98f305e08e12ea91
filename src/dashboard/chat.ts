import type { Turn } from '../engine/turn.js';
import { publicUrl, signInUrl } from './public-url.js';
import { issueSignInToken, LINK_TTL_MS, mayUseDashboard } from './sign-in.js';

/**
 * "dasbor" (also /dasbor, "dashboard"): an admin or atasan gets a one-time sign-in link, kept (as its hash)
 * in the turn's commit; anyone else a polite refusal, and nothing is stored.
 */
export async function sendDashboardLink(turn: Turn): Promise<void> {
  const me = turn.employee!;
  const { store } = turn.deps;
  if (!(await mayUseDashboard(store, me))) return turn.reply(turn.t.dashboardNotAllowed);
  // The running assistant's address (its environment, its bound port); the process's settings otherwise.
  const base = turn.deps.dashboardUrl?.() ?? publicUrl();
  const { token } = await issueSignInToken(store, me.nip, turn.now());
  turn.reply(turn.t.dashboardLink(signInUrl(base, token), LINK_TTL_MS / 60_000));
}
