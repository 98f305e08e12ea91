import type { Outcome } from '../dialog-kit/index.js';
import type { Turn } from '../turn.js';
import type { ReportData } from './data.js';

/**
 * Asks the same question again and keeps what the answer changed: the kit re-asks on 'stay' without
 * saving, and a kept certificate file or an offered choice of forms must survive until the next message.
 */
export async function stayKeeping(turn: Turn, data: ReportData): Promise<Outcome> {
  const state = await turn.deps.store.getState(turn.stateKey);
  if (state) await turn.deps.store.setState({ ...state, data: data as unknown as Record<string, unknown>, updatedAt: turn.nowIso() });
  return { ok: true, notice: 'stay' };
}
