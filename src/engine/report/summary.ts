import { formatDateLong } from '../../domain/dates.js';
import { formatJp, formRule } from '../../rules/index.js';
import type { JpResult } from '../../rules/types.js';
import type { Catalog } from '../i18n/index.js';
import type { Turn } from '../turn.js';
import type { MarkField, ReportData } from './data.js';
import { findCertificateDuplicate, formLabel } from './steps.js';

/** "2 hari", "8 JP", "90 menit", "3 sesi": the duration in the form's own unit. */
export function amountText(t: Catalog, data: ReportData, profile: string, lang: 'id' | 'en'): string {
  if (!data.type) return t.none;
  const rule = formRule(profile, data.type);
  const num = (n: number) => formatJp(n, lang).replace(/\s*JP$/, '');
  if (data.durationMinutes !== undefined) return t.amountMinutes(data.durationMinutes);
  if (rule.needsStatedJp || rule.unit === 'jp') return data.jp !== undefined ? t.amountJp(num(data.jp)) : t.none;
  if (rule.unit === 'day') return data.days !== undefined ? t.amountDays(num(data.days)) : t.none;
  const count = num(data.count ?? 1);
  if (rule.unit === 'session') return t.amountSessions(count);
  if (rule.unit === 'semester') return t.amountSemesters(count);
  return t.amountActivities(count);
}

export function dateRangeText(start: string | undefined, end: string | undefined, lang: 'id' | 'en'): string {
  if (!start || !end) return '–';
  return start === end ? formatDateLong(start, lang) : `${formatDateLong(start, lang)} – ${formatDateLong(end, lang)}`;
}

/** The field lines shared by the report summary and the atasan's approval request. */
export function reportLines(turn: Pick<Turn, 't' | 'lang'>, data: ReportData, profile: string): string[] {
  const { t, lang } = turn;
  const scope = data.scope === 'internasional' ? t.scopeInternasional : t.scopeNasional;
  // Values the user did not type as answers: understood from their sentence, or read from the certificate.
  const m = (field: MarkField): string => {
    const source = data.marks?.[field];
    return source === 'cert' ? ` ${t.markCertificate}` : source === 'text' ? ` ${t.markUnderstood}` : '';
  };
  const lines = [
    `${t.fieldForm}: ${data.type ? formLabel(turn as Turn, data.type) : t.none}${m('form')}`,
    `${t.fieldTitle}: ${data.title ?? t.none}${m('title')}`,
    `${t.fieldOrganizer}: ${data.organizer ?? t.none}${m('organizer')}`,
    `${t.fieldScope}: ${scope}${m('scope')}`,
    `${t.fieldDates}: ${dateRangeText(data.start, data.end, lang)}${m('dates')}`,
    `${t.fieldAmount}: ${amountText(t, data, profile, lang)}${m('amount')}`,
  ];
  if (data.certJp != null) lines.push(`${t.fieldCertJp}: ${formatJp(data.certJp, lang)}${m('certjp')}`);
  lines.push(`${t.fieldCertNo}: ${data.certNo ?? t.none}${data.certNo ? m('certno') : ''}`);
  lines.push(`${t.fieldEvidence}: ${data.evidence ? t.evidenceYes(data.evidence.name) : t.evidenceNo}`);
  lines.push(`${t.fieldPlanSource}: ${data.planItem ? t.planSourceItem(data.planItem.year, data.planItem.no) : t.planSourceInsidental}`);
  return lines;
}

export function jpLine(turn: Pick<Turn, 't' | 'lang'>, result: JpResult): string {
  return `${turn.t.fieldJp}: *${formatJp(result.jp, turn.lang)}*\n${result.explanation}`;
}

/** The summary's warning when the certificate number is already used in another live report (pending, approved, returned). */
export async function certNoWarning(turn: Pick<Turn, 't' | 'employee' | 'deps'>, data: ReportData): Promise<string | undefined> {
  if (!data.certNo) return undefined;
  const title = await findCertificateDuplicate(turn, data.certNo, data.activityId);
  return title ? turn.t.certNoDuplicate(title) : undefined;
}

/**
 * The report summary before its JP line: the title, the field lines, and the duplicate-certificate warning.
 * The warning is looked up afresh each time, so a duplicate that was rejected or cancelled since no longer shows.
 */
export async function summaryLines(turn: Turn, data: ReportData, profile: string): Promise<string[]> {
  const warning = await certNoWarning(turn, data);
  const otherName = data.certificate?.otherName;
  return [
    turn.t.summaryTitle,
    ...reportLines(turn, data, profile),
    ...(warning ? [warning] : []),
    ...(otherName ? [turn.t.certificateOtherNameLine(otherName)] : []),
  ];
}
