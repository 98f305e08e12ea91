import { formatDateLong, todayIn } from '../domain/dates.js';
import { keepDocument } from '../domain/keep-document.js';
import { checkNip, formatNip, nipProblemText } from '../domain/nip.js';
import type { Store } from '../domain/store.js';
import type { Employee } from '../domain/types.js';
import { kartuPdf, loadUnitHeads, type UnitHeads } from '../kartu/index.js';
import type { Turn } from './turn.js';

/** Deeper than any real roster; a loop in the atasan chain (a data error) ends the walk here. */
const MAX_CHAIN = 30;

export type KartuAccess = { ok: true; employee: Employee } | { ok: false; reason: 'unknown' | 'not-allowed' };

/**
 * Whose Kartu Data `asker` may have: their own; anyone's for an admin; for an atasan, that of everyone
 * below them in the roster, directly or further down (the card is signed by the head of the unit, who is
 * seldom the direct atasan of its staff). Walks up the employee's atasan chain: a few lookups, no scan.
 * To anyone but an admin, a NIP not in the roster is refused like any other, so asking tells nobody who is
 * employed here.
 */
export async function kartuAccess(store: Store, asker: Employee, nip: string): Promise<KartuAccess> {
  if (nip === asker.nip) return { ok: true, employee: asker };
  const employee = await store.getEmployee(nip);
  if (!employee) return { ok: false, reason: asker.role === 'admin' ? 'unknown' : 'not-allowed' };
  if (asker.role === 'admin') return { ok: true, employee };
  const seen = new Set<string>([employee.nip]);
  let next = employee.atasanNip;
  for (let depth = 0; next && depth < MAX_CHAIN && !seen.has(next); depth++) {
    if (next === asker.nip) return { ok: true, employee };
    seen.add(next);
    next = (await store.getEmployee(next))?.atasanNip ?? null;
  }
  return { ok: false, reason: 'not-allowed' };
}

/**
 * "kartu data" (`/kartu`): the employee's own Kartu Data Pengembangan Kompetensi as a PDF document;
 * "kartu data NIP": someone else's, for those kartuAccess allows. A short text, then the document, both
 * in the turn's commit: the PDF is kept in the store and the outbox holds only its reference.
 */
export async function sendKartu(turn: Turn, rawNip?: string): Promise<void> {
  const me = turn.employee!;
  let employee = me;
  if (rawNip !== undefined) {
    const nip = checkNip(rawNip);
    if (!nip.ok) return turn.reply(turn.t.kartuBadNip(nipProblemText(nip.problem)));
    const access = await kartuAccess(turn.deps.store, me, nip.nip);
    if (!access.ok) return turn.reply(access.reason === 'unknown' ? turn.t.kartuUnknownNip(formatNip(nip.nip)) : turn.t.kartuNotAllowed);
    employee = access.employee;
  }
  const { store, tz, profile } = turn.deps;
  const card = await kartuPdf(store, employee.nip, { now: turn.now(), tz, profile, unitHeads: await unitHeads(turn) });
  // The roster changed under the turn (it was read a moment ago): nothing to send.
  if (!card) return turn.reply(turn.t.kartuUnknownNip(formatNip(employee.nip)));
  const file = await keepDocument(store, card.bytes, card.name, 'application/pdf');
  const nip = formatNip(employee.nip);
  turn.reply(employee.nip === me.nip ? turn.t.kartuOwn : turn.t.kartuOther(employee.name, nip));
  const date = formatDateLong(todayIn(turn.now(), tz), turn.lang);
  turn.push([{ kind: 'document', to: turn.from, file, text: turn.t.kartuCaption(employee.name, nip, date) }]);
}

/**
 * Who signs "Mengetahui" (BANGKOM_UNIT_HEADS). A setting that cannot be read leaves the lines blank, as
 * when none is set, and is logged: the employee still gets their card.
 */
async function unitHeads(turn: Turn): Promise<UnitHeads> {
  try {
    return await loadUnitHeads();
  } catch (err) {
    turn.deps.log?.error('kartu: unit heads setting unreadable; signature lines left blank', { error: err instanceof Error ? err.message : String(err) });
    return {};
  }
}
