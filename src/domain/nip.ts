import { isValid, parse } from 'date-fns';

export type NipProblem = 'length' | 'birth-date' | 'tmt' | 'sex';

export type NipCheck = { ok: true; nip: string } | { ok: false; problem: NipProblem };

const NIP_PROBLEM_TEXT: Record<NipProblem, string> = {
  length: 'NIP harus 18 digit angka',
  'birth-date': 'tanggal lahir (digit 1–8, YYYYMMDD) tidak valid',
  tmt: 'TMT pengangkatan (digit 9–14: YYYYMM; NIPPPK: YYYY lalu 2 dan angka 1–9) tidak valid',
  sex: 'digit ke-15 (jenis kelamin) harus 1 atau 2',
};

export function nipProblemText(problem: NipProblem): string {
  return NIP_PROBLEM_TEXT[problem];
}

/**
 * The two layouts of an 18-digit ASN number; both keep the birth date in digits 1–8, the sex in digit 15
 * and a serial in digits 16–18:
 * - `pns` (NIP): digits 9–14 are the year and month of appointment (YYYYMM);
 * - `pppk` (NIPPPK): digits 9–12 are the year of appointment, digit 13 is 2 (the PPPK code) and digit 14 the
 *   intake (1–9), e.g. `19900315 2023 2 1 2 001`. A month never starts with 2, so the layouts cannot be
 *   confused.
 */
export type NipLayout = 'pns' | 'pppk';

export interface NipParts {
  layout: NipLayout;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** YYYY-MM for a NIP, YYYY for a NIPPPK (it has no month). */
  appointed: string;
  /** 1 → L (laki-laki), 2 → P (perempuan). */
  sex: 'L' | 'P';
  serial: string;
}

const REF = new Date(2000, 0, 1);

function layoutOf(nip: string): NipLayout {
  return nip[12] === '2' ? 'pppk' : 'pns';
}

/** 1 January of a NIPPPK's appointment year; invalid when the intake digit is 0. */
function pppkAppointment(nip: string): Date {
  return nip[13] === '0' ? new Date(NaN) : parse(nip.slice(8, 12), 'yyyy', REF);
}

/** Strips the spaces of the printed form (`19640321 199103 1 009`) and checks the NIP's (or NIPPPK's) structure. */
export function checkNip(raw: string): NipCheck {
  const nip = raw.replace(/[\s.-]/g, '');
  if (!/^\d{18}$/.test(nip)) return { ok: false, problem: 'length' };
  const birth = parse(nip.slice(0, 8), 'yyyyMMdd', REF);
  if (!isValid(birth) || birth.getFullYear() < 1900) return { ok: false, problem: 'birth-date' };
  const tmt = layoutOf(nip) === 'pppk' ? pppkAppointment(nip) : parse(nip.slice(8, 14), 'yyyyMM', REF);
  if (!isValid(tmt) || tmt.getFullYear() < 1900 || tmt <= birth) return { ok: false, problem: 'tmt' };
  if (nip[14] !== '1' && nip[14] !== '2') return { ok: false, problem: 'sex' };
  return { ok: true, nip };
}

/** What a checked NIP or NIPPPK says about its holder; undefined when it does not pass checkNip. */
export function decodeNip(raw: string): NipParts | undefined {
  const checked = checkNip(raw);
  if (!checked.ok) return undefined;
  const { nip } = checked;
  const layout = layoutOf(nip);
  return {
    layout,
    birthDate: `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`,
    appointed: layout === 'pppk' ? nip.slice(8, 12) : `${nip.slice(8, 12)}-${nip.slice(12, 14)}`,
    sex: nip[14] === '1' ? 'L' : 'P',
    serial: nip.slice(15),
  };
}

/** `196403211991031009` → `19640321 199103 1 009`. */
export function formatNip(nip: string): string {
  return `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`;
}
