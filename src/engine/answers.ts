import { formatDateLong, formatMonth, todayIn } from '../domain/dates.js';
import type { CapNote } from '../rules/types.js';
import { computeRekap } from '../domain/rekap.js';
import { yearTotals } from '../domain/year-totals.js';
import { formatJp } from '../rules/index.js';
import { statusLabel } from './approval/request-message.js';
import { replyWaitingRequests } from './approval/waiting.js';
import { formLabel } from './report/steps.js';
import type { Turn } from './turn.js';

/** "Coaching: 3 sesi di Maret 2026, dihitung 2", in the user's language. */
function capNoteText(turn: Turn, note: CapNote): string {
  const num = (n: number) => formatJp(n, turn.lang).replace(/\s*JP$/, '');
  const period = /^\d{4}-\d{2}$/.test(note.period) ? formatMonth(note.period, turn.lang) : turn.t.capYear(note.period);
  return turn.t.capNote(formLabel(turn, note.type), num(note.claimed), turn.t.capUnits[note.unit], period, num(note.counted));
}

export function currentYear(turn: Turn): number {
  return Number(todayIn(turn.now(), turn.deps.tz).slice(0, 4));
}

export function resolveYear(turn: Turn, year: number | 'last' | undefined): number {
  const current = currentYear(turn);
  if (year === 'last') return current - 1;
  return year ?? current;
}

/** "berapa JP saya tahun ini?": approved, pending, target and shortfall, breakdown and cap notes. */
export async function answerJp(turn: Turn, year: number): Promise<void> {
  const employee = turn.employee!;
  const { t, lang } = turn;
  const totals = yearTotals(await turn.deps.store.activitiesOf(employee.nip, year), year, turn.deps.profile);
  const jp = (n: number) => formatJp(n, lang);
  const lines = [t.jpAnswer(year, jp(totals.approved), jp(totals.pending), jp(totals.target))];
  lines.push(totals.met ? t.jpMet : t.jpShortfall(jp(totals.shortfall)));
  const types = Object.entries(totals.byType).filter(([, v]) => v > 0);
  if (types.length) {
    lines.push('', t.jpBreakdown);
    for (const [type, value] of types) lines.push(`• ${formLabel(turn, type)}: ${jp(value)}`);
  } else {
    lines.push(t.jpNothing(year));
  }
  if (totals.notes.length) {
    lines.push('', t.capNotes);
    for (const note of totals.notes) lines.push(`• ${capNoteText(turn, note)}`);
  }
  turn.reply(lines.join('\n'));
}

export async function answerHistory(turn: Turn, year: number): Promise<void> {
  const activities = (await turn.deps.store.activitiesOf(turn.employee!.nip, year))
    .filter((a) => a.status !== 'cancelled')
    .sort((a, b) => a.input.start.localeCompare(b.input.start));
  if (activities.length === 0) return turn.reply(turn.t.historyEmpty(year));
  // What each approved report counts for after the caps across reports (coaching 2 sessions a month, …).
  const { countedById } = yearTotals(activities, year, turn.deps.profile);
  const lines = [turn.t.historyTitle(year)];
  for (const a of activities) {
    const cut = countedById[a.id];
    const jp = formatJp(a.jp, turn.lang) + (cut !== undefined && cut < a.jp ? ` ${turn.t.countedAs(formatJp(cut, turn.lang))}` : '');
    lines.push(
      `• ${formatDateLong(a.input.start, turn.lang)} — ${formLabel(turn, a.input.type)}: ${a.title} — ${jp} — ${statusLabel(turn.t, a.status)}`,
    );
  }
  turn.reply(lines.join('\n'));
}

/** Pending reports, and returned ones with their edit button. */
export async function answerStatus(turn: Turn): Promise<void> {
  const mine = await turn.deps.store.activitiesOf(turn.employee!.nip);
  const pending = mine.filter((a) => a.status === 'pending');
  const returned = mine.filter((a) => a.status === 'returned');
  if (pending.length === 0 && returned.length === 0) return turn.reply(turn.t.statusEmpty);
  if (pending.length) {
    const lines = [turn.t.statusTitle];
    for (const a of pending) lines.push(`• ${a.title} (${formLabel(turn, a.input.type)}, ${formatJp(a.jp, turn.lang)})`);
    turn.reply(lines.join('\n'));
  }
  for (const a of returned) {
    const reason = a.history.at(-1)?.reason;
    const lines = [turn.t.returnedTitle, `• ${a.title} (${formatJp(a.jp, turn.lang)})`];
    if (reason) lines.push(turn.t.reasonLine(reason));
    turn.reply(lines.join('\n'), [[{ id: `rv:${a.id}`, label: turn.t.revise }]]);
  }
}

/** "persetujuan": every report waiting for this atasan, each with its decision buttons. */
export async function answerApprovals(turn: Turn): Promise<void> {
  if ((await replyWaitingRequests(turn, turn.employee!)) === 0) turn.reply(turn.t.nothingPendingForYou);
}

/** "rekap [tahun] [unit]" for admins: the share of each unit's employees who reached 20 JP. */
export async function answerRekap(turn: Turn, year: number, unit?: string): Promise<void> {
  if (turn.employee?.role !== 'admin') return turn.reply(turn.t.rekapAdminOnly);
  const rekap = await computeRekap(turn.deps.store, year, turn.deps.profile, unit);
  if (rekap.rows.length === 0) return turn.reply(turn.t.rekapEmpty);
  const pct = (share: number) =>
    `${new Intl.NumberFormat(turn.lang === 'en' ? 'en-US' : 'id-ID', { maximumFractionDigits: 1 }).format(share * 100)}%`;
  const lines = [turn.t.rekapTitle(year, unit)];
  for (const u of rekap.units) {
    lines.push(turn.t.rekapUnitLine(u.unit, u.met, u.employees, pct(u.metShare)));
    if (u.unreachable + u.notLinked > 0) lines.push(turn.t.rekapUnreachable(u.unreachable, u.notLinked));
    if (u.notUploaded > 0) lines.push(turn.t.rekapNotUploaded(u.notUploaded));
  }
  turn.reply(lines.join('\n'));
}
