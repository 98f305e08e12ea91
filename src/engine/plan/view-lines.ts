import { formatDateLong, formatMonth } from '../../domain/dates.js';
import type { PlanItem, PlanItemStatus } from '../../domain/types.js';
import { formatJp, formRule } from '../../rules/index.js';
import type { Catalog } from '../i18n/index.js';
import { formLabel } from '../report/steps.js';
import type { Turn } from '../turn.js';
import { danaLabel } from './item-steps.js';
import { formatRupiah } from './parse-rupiah.js';

type Says = Pick<Turn, 't' | 'lang'>;

export function jadwalText(jadwal: PlanItem['jadwal'], lang: 'id' | 'en'): string {
  if ('month' in jadwal) return formatMonth(jadwal.month, lang);
  return jadwal.start === jadwal.end ? formatDateLong(jadwal.start, lang) : `${formatDateLong(jadwal.start, lang)} – ${formatDateLong(jadwal.end, lang)}`;
}

export function planStatusLabel(t: Catalog, status: PlanItemStatus): string {
  return { draf: t.planStatusDraf, diusulkan: t.planStatusDiusulkan, diterima: t.planStatusDiterima, ditolak: t.planStatusDitolak, dikembalikan: t.planStatusDikembalikan }[status];
}

/** "3 hari", "2 sesi", "24 JP": the planned duration in the form's own unit. */
export function plannedAmountText(turn: Says & Partial<Pick<Turn, 'deps'>>, item: PlanItem, profile: string): string {
  const { t } = turn;
  const num = (n: number) => formatJp(n, turn.lang).replace(/\s*JP$/, '');
  if (!item.type) return t.none;
  const rule = formRule(profile, item.type);
  if (rule.needsStatedJp || rule.unit === 'jp') return item.amount.jp !== undefined ? t.amountJp(num(item.amount.jp)) : t.none;
  if (rule.unit === 'day') return item.amount.days !== undefined ? t.amountDays(num(item.amount.days)) : t.none;
  const count = num(item.amount.count ?? 1);
  if (rule.unit === 'session') return t.amountSessions(count);
  if (rule.unit === 'semester') return t.amountSemesters(count);
  return t.amountActivities(count);
}

/** The field lines of one item (the item summary, the atasan's request). */
export function itemLines(turn: Says & Pick<Turn, 'deps'>, item: PlanItem): string[] {
  const { t, lang } = turn;
  return [
    `${t.fieldForm}: ${item.type ? formLabel(turn as Turn, item.type) : t.none}`,
    `${t.planFieldMateri}: ${item.materi || t.none}`,
    `${t.fieldOrganizer}: ${item.penyelenggara || t.none}`,
    `${t.planFieldJadwal}: ${jadwalText(item.jadwal, lang)}`,
    `${t.fieldAmount}: ${plannedAmountText(turn, item, turn.deps.profile)}`,
    `${t.planFieldBiaya}: ${formatRupiah(item.biaya)}`,
    `${t.planFieldDana}: ${danaLabel(turn, item.sumberDana)}`,
    `${t.planFieldAlasan}: ${item.alasan || t.none}`,
  ];
}

/** One line per item in a list: "2. Seminar — Manajemen aset (BPSDM), Maret 2027, 8 JP, Rp0 APBD". */
export function itemLine(turn: Says, item: PlanItem): string {
  return `${item.no}. ${item.type ? formLabel(turn as Turn, item.type) : '–'} — ${item.materi} (${item.penyelenggara}), ${jadwalText(item.jadwal, turn.lang)}, *${formatJp(item.jp, turn.lang)}*, ${formatRupiah(item.biaya)} ${danaLabel(turn, item.sumberDana)}`;
}

/** The atasan's last reason on an item, when there is one. */
export function lastReason(item: PlanItem): string | undefined {
  const last = [...item.history].reverse().find((h) => h.status === item.status);
  return last?.reason;
}
