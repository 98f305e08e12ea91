import type { ActivityStatus, CertificateCheck } from '../../domain/types.js';
import type { Turn } from '../turn.js';
import { certificateNumberKey } from '../../domain/certificate-key.js';
import type { MarkField, ReportData } from './data.js';

/** Reports that still count: a rejected or cancelled one does not make a certificate used. */
const LIVE: ReadonlySet<ActivityStatus> = new Set(['pending', 'approved', 'returned']);

/**
 * What the atasan must know about a report's certificate, taken when it is sent: the fields read from the
 * file, a participant of another name, and other employees' live reports with the same file (by its hash)
 * or the same number in the activity's year. Undefined when there is nothing to say.
 */
export async function certificateCheck(turn: Pick<Turn, 'deps' | 'employee'>, data: ReportData): Promise<CertificateCheck | undefined> {
  const fields = (Object.keys(data.marks ?? {}) as MarkField[]).filter((f) => data.marks?.[f] === 'cert');
  const check: CertificateCheck = {};
  if (fields.length) check.fields = fields;
  if (data.certificate?.otherName) check.otherName = data.certificate.otherName;
  const usedBy = await usedByOthers(turn, data);
  if (usedBy.length) check.usedBy = usedBy;
  return Object.keys(check).length ? check : undefined;
}

async function usedByOthers(turn: Pick<Turn, 'deps' | 'employee'>, data: ReportData): Promise<NonNullable<CertificateCheck['usedBy']>> {
  const me = turn.employee?.nip;
  const hash = data.evidence?.hash;
  const number = data.certNo ? certificateNumberKey(data.certNo) : undefined;
  const year = Number((data.end ?? data.start ?? '').slice(0, 4));
  if (!me || (!hash && !number) || !Number.isInteger(year) || year < 1900) return [];
  const found = await turn.deps.store.activitiesWithCertificate(year, { ...(hash ? { hash } : {}), ...(number ? { numberKey: number } : {}) });
  const others = found.filter((a) => a.nip !== me && LIVE.has(a.status) && a.id !== data.activityId);
  const hits: { how: 'file' | 'number'; nip: string; title: string }[] = [];
  for (const a of others) {
    if (hash && a.evidence?.hash === hash) hits.push({ how: 'file', nip: a.nip, title: a.title });
    else if (number && a.certificateNumber && certificateNumberKey(a.certificateNumber) === number) hits.push({ how: 'number', nip: a.nip, title: a.title });
  }
  if (!hits.length) return [];
  const names = new Map((await turn.deps.store.employeesOfMany([...new Set(hits.map((h) => h.nip))])).map((e) => [e.nip, e.name]));
  return hits.slice(0, 5).map((h) => ({ ...h, name: names.get(h.nip) ?? h.nip }));
}
