import { isValid, parse } from 'date-fns';

export type NipProblem = 'length' | 'birth-date' | 'tmt' | 'sex';

export type NipCheck = { ok: true; nip: string } | { ok: false; problem: NipProblem };

const NIP_PROBLEM_TEXT: Record<NipProblem, string> = {
  length: 'NIP harus 18 digit angka',
  'birth-date': 'tanggal lahir (digit 1–8, YYYYMMDD) tidak valid',
  tmt: 'TMT pengangkatan (digit 9–14, YYYYMM) tidak valid',
  sex: 'digit ke-15 (jenis kelamin) harus 1 atau 2',
};

export function nipProblemText(problem: NipProblem): string {
  return NIP_PROBLEM_TEXT[problem];
}

/** Strips the spaces of the printed form (`19640321 199103 1 009`) and checks the NIP's structure. */
export function checkNip(raw: string): NipCheck {
  const nip = raw.replace(/[\s.-]/g, '');
  if (!/^\d{18}$/.test(nip)) return { ok: false, problem: 'length' };
  const ref = new Date(2000, 0, 1);
  const birth = parse(nip.slice(0, 8), 'yyyyMMdd', ref);
  if (!isValid(birth) || birth.getFullYear() < 1900) return { ok: false, problem: 'birth-date' };
  const tmt = parse(nip.slice(8, 14), 'yyyyMM', ref);
  if (!isValid(tmt) || tmt.getFullYear() < 1900 || tmt <= birth) return { ok: false, problem: 'tmt' };
  if (nip[14] !== '1' && nip[14] !== '2') return { ok: false, problem: 'sex' };
  return { ok: true, nip };
}

/** `196403211991031009` → `19640321 199103 1 009`. */
export function formatNip(nip: string): string {
  return `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`;
}
