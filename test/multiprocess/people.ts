import type { Rng } from '../fuzz/rng.js';

/** One employee in the roster, linked to a Telegram account by the roster's telegram_id column. */
export interface Person {
  nip: string;
  name: string;
  /** Telegram user id, also the private chat's id. */
  chat: number;
}

/** What an employee reports and how their atasan decides it. */
export interface ReportPlan {
  employee: Person;
  atasan: Person;
  title: string;
  organizer: string;
  scope: 'Nasional' | 'Internasional';
  start: string;
  /** Typed end date (the day after start), else the "Sama dengan tanggal mulai" button. */
  twoDays: boolean;
  decision: 'approve' | 'reject';
  /** The approval note or the typed rejection reason. */
  note: string;
}

export interface Team {
  atasan: Person;
  members: ReportPlan[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A NIP with a valid structure (birth date, TMT, sex digit), unique by `k`. */
function nipOf(k: number): string {
  return `1980${pad(1 + (k % 12), 2)}${pad(1 + Math.floor(k / 12), 2)}200501${1 + (k % 2)}${pad(k + 1, 3)}`;
}

/** Seminar JP per day in the LAN 10/2018 profile (Lampiran B.1 no. 7). */
export const JP_PER_DAY = { Nasional: 4, Internasional: 6 } as const;

export const jpOf = (p: ReportPlan) => JP_PER_DAY[p.scope] * (p.twoDays ? 2 : 1);

/** `teams` atasan with `perTeam` employees each; each employee's report and decision drawn from `rng`. */
export function makeTeams(teams: number, perTeam: number, rng: Rng): Team[] {
  let k = 0;
  const result: Team[] = [];
  for (let t = 0; t < teams; t++) {
    const atasan: Person = { nip: nipOf(k++), name: `Kepala Bidang ${t + 1}`, chat: 810_000 + t };
    const members: ReportPlan[] = [];
    for (let m = 0; m < perTeam; m++) {
      const n = t * perTeam + m + 1;
      const employee: Person = { nip: nipOf(k++), name: `Pegawai Nomor ${n}`, chat: 820_000 + n };
      const reject = rng.chance(0.3);
      members.push({
        employee,
        atasan,
        title: `Webinar Kompetensi ${n}`,
        organizer: rng.pick(['BKN', 'LAN RI', 'BPSDM Provinsi', 'Kemenpan RB']),
        scope: rng.chance(0.5) ? 'Nasional' : 'Internasional',
        start: `2026-0${3 + (n % 6)}-${pad(10 + (n % 15), 2)}`,
        twoDays: rng.chance(0.5),
        decision: reject ? 'reject' : 'approve',
        note: reject ? `Bukti dukung belum lengkap (${n})` : `Bagus, lanjutkan (${n})`,
      });
    }
    result.push({ atasan, members });
  }
  return result;
}

/** The roster CSV (`bangkom roster import`), every account linked through telegram_id. */
export function rosterCsv(teams: Team[]): string {
  const lines = ['nip,nama,jabatan,unit,atasan_nip,email,telegram_id,slack_id,role'];
  teams.forEach((team, t) => {
    const unit = `Bidang ${t + 1}`;
    lines.push(`${team.atasan.nip},${team.atasan.name},Kepala Bidang,${unit},,,${team.atasan.chat},,`);
    for (const p of team.members) lines.push(`${p.employee.nip},${p.employee.name},Analis,${unit},${team.atasan.nip},,${p.employee.chat},,`);
  });
  return `${lines.join('\n')}\n`;
}
