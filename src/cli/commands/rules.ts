import type { Command } from 'commander';
import {
  describeColumn,
  describeLimits,
  describeStatedJp,
  getProfile,
  listForms,
  RuleError,
  rowCitations,
  UNIT_WORD,
  type Jalur,
  type ProfileDef,
} from '../../rules/index.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

const HEADERS = ['No', 'Bentuk', 'Satuan', 'Nasional', 'Internasional', 'JP sertifikat', 'Batas', 'Sumber'] as const;

const GROUPS: { jalur: Jalur; title: string }[] = [
  { jalur: 'pendidikan', title: 'A. Jalur pendidikan' },
  { jalur: 'klasikal', title: 'B.1 Jalur pelatihan klasikal' },
  { jalur: 'nonklasikal', title: 'B.2 Jalur pelatihan nonklasikal' },
];

export interface RuleTableRow {
  jalur: Jalur;
  /** The row's number in its source ("7" = LAN B.1 no. 7, "IV.D.7" = Kutai Barat IV.D.7); "–" where the source has no row. */
  no: string;
  key: string;
  bentuk: string;
  satuan: string;
  nasional: string;
  internasional: string;
  /** What a JP stated on the certificate does: replaces the conversion, is not used, … */
  sertifikat: string;
  batas: string;
  sumber: string;
}

/** The profile's whole table, one row per form in catalog order, each numbered as in its source. */
export function ruleTable(profile: ProfileDef): RuleTableRow[] {
  return listForms().map((form) => {
    const row = profile.rows[form.key];
    if (!row) throw new Error(`profile ${profile.id} has no row ${form.key}`);
    const [first = '', ...rest] = rowCitations(row);
    const doc = first.split(', ')[0] ?? '';
    return {
      jalur: form.jalur,
      no: row.no ?? '–',
      key: form.key,
      bentuk: form.label,
      satuan: UNIT_WORD[row.unit],
      nasional: describeColumn(row.nasional, row),
      internasional: describeColumn(row.internasional, row),
      sertifikat: describeStatedJp(row),
      batas: describeLimits(row),
      sumber: [first, ...rest.map((c) => c.replace(`${doc}, `, ''))].join('; '),
    };
  });
}

function render(profile: ProfileDef, rows: RuleTableRow[]): string {
  const cells = (r: RuleTableRow) => [r.no, r.bentuk, r.satuan, r.nasional, r.internasional, r.sertifikat, r.batas, r.sumber];
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => cells(r)[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const out = [`Profil ${profile.id}: ${profile.name}`, profile.description, ''];
  for (const group of GROUPS) {
    out.push(group.title, line(HEADERS), rule);
    for (const r of rows.filter((x) => x.jalur === group.jalur)) out.push(line(cells(r)));
    out.push('');
  }
  out.push(
    'Catatan: "No" = nomor baris pada sumbernya. "JP program" = JP sesuai program/penyelenggara. Kolom "JP sertifikat":',
    'JP yang tertera pada sertifikat menggantikan konversi hanya bila sumbernya menyebut demikian; batas tetap berlaku.',
    '1 JP = 45 menit. Batas per bulan/tahun diterapkan saat rekap; batas bertanda "Persyaratan, lama pelaksanaan"',
    'berasal dari bagian Persyaratan sumbernya, bukan dari bagian Konversi.',
  );
  return `${out.join('\n')}\n`;
}

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('tampilkan tabel konversi JP sebuah profil aturan')
    .option('--profile <id>', 'profil aturan (mengalahkan --profile global), mis. lan-2018, kutai-barat-2024')
    .option('--json', 'cetak tabel sebagai JSON')
    .action((opts: { profile?: string; json?: boolean }, cmd: Command) => {
      const id = opts.profile ?? globalConfig(cmd).profile;
      let profile: ProfileDef;
      try {
        profile = getProfile(id);
      } catch (err) {
        if (err instanceof RuleError) throw new UsageError(err.message);
        throw err;
      }
      const rows = ruleTable(profile);
      process.stdout.write(
        opts.json ? `${JSON.stringify({ profile: profile.id, name: profile.name, rows })}\n` : render(profile, rows),
      );
    });
}
