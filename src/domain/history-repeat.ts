import { normalize } from '../rules/match.js';
import { formatDateLong } from './dates.js';
import type { Activity, ActivityStatus } from './types.js';

/** What two records are compared on to tell a repeat: the same NIP and certificate number, or the same NIP, form, name and dates. */
export interface Repeatable {
  nip: string;
  type: string;
  title: string;
  start: string;
  end: string;
  certificateNumber?: string;
}

export type RepeatBy = 'certificate' | 'same';

/** Records that still stand: a rejected or cancelled report does not make a history row a repeat. */
export const LIVE_STATUSES: ReadonlySet<ActivityStatus> = new Set(['pending', 'approved', 'returned']);

const certKey = (r: Repeatable) => (r.certificateNumber ? `${r.nip}#${r.certificateNumber.replace(/\s+/g, '').toLowerCase()}` : undefined);
/** Names compared without case, accents or punctuation ("Webinar: Literasi Digital" = "webinar literasi digital"). */
const sameKey = (r: Repeatable) => [r.nip, r.type, normalize(r.title), r.start, r.end].join('#');

export function repeatableOf(a: Activity): Repeatable {
  const r: Repeatable = { nip: a.nip, type: a.input.type, title: a.title, start: a.input.start, end: a.input.end };
  if (a.certificateNumber) r.certificateNumber = a.certificateNumber;
  return r;
}

/** Records seen so far, found again by either key; the first one added under a key is the one found. */
export class RepeatIndex<T> {
  readonly #byCert = new Map<string, T>();
  readonly #bySame = new Map<string, T>();

  add(r: Repeatable, value: T): void {
    const cert = certKey(r);
    if (cert && !this.#byCert.has(cert)) this.#byCert.set(cert, value);
    const same = sameKey(r);
    if (!this.#bySame.has(same)) this.#bySame.set(same, value);
  }

  find(r: Repeatable): { by: RepeatBy; value: T } | undefined {
    const cert = certKey(r);
    const byCert = cert ? this.#byCert.get(cert) : undefined;
    if (byCert !== undefined) return { by: 'certificate', value: byCert };
    const same = this.#bySame.get(sameKey(r));
    return same !== undefined ? { by: 'same', value: same } : undefined;
  }
}

const WHY: Record<RepeatBy, string> = {
  certificate: 'NIP dan nomor sertifikat sama',
  same: 'NIP, bentuk, nama dan tanggal sama',
};

const STATUS: Partial<Record<ActivityStatus, string>> = {
  pending: 'menunggu persetujuan',
  approved: 'disetujui',
  returned: 'dikembalikan untuk diperbaiki',
};

/** Why a row repeats an earlier row of the same file. */
export function repeatInFileReason(by: RepeatBy, line: number): string {
  return `sama dengan baris ${line} (${WHY[by]})`;
}

/** Why a row repeats a stored activity, naming it so HR can find it. */
export function repeatStoredReason(by: RepeatBy, a: Activity): string {
  const dates = a.input.start === a.input.end ? formatDateLong(a.input.start, 'id') : `${formatDateLong(a.input.start, 'id')} s.d. ${formatDateLong(a.input.end, 'id')}`;
  const origin = a.source ? `, diimpor dari ${a.source.file} baris ${a.source.line}` : `, ${STATUS[a.status] ?? a.status}`;
  return `sudah tersimpan (${WHY[by]}): "${a.title}", ${dates}${origin}`;
}
