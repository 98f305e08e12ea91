import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerJp } from '../../src/cli/commands/jp.js';
import { registerRules } from '../../src/cli/commands/rules.js';
import { UsageError } from '../../src/cli/usage-error.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
/** The project's own tsx binary: what `npx tsx` runs, without npx's start-up time and npm warnings. */
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<CliResult> {
  const env = { ...process.env };
  delete env.BANGKOM_PROFILE;
  try {
    const { stdout, stderr } = await run(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('bangkom jp / rules (spawned)', () => {
  // Three processes, started together once (each costs about a second of tsx start-up).
  let json: CliResult;
  let unknown: CliResult;
  let rules: CliResult;
  beforeAll(async () => {
    [json, unknown, rules] = await Promise.all([
      cli('jp', '--type', 'seminar', '--scope', 'internasional', '--days', '2', '--json'),
      cli('jp', '--type', 'rapat', '--days', '1'),
      cli('--profile', 'lan-2018', 'rules', '--profile', 'kutai-barat-2024'),
    ]);
  }, 60_000);

  it('jp --json prints one object with the type, scope, JP and explanation', () => {
    const r = json;
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'seminar', scope: 'internasional', jp: 12, profile: 'lan-2018' });
    expect(out.explanation).toBe('Seminar internasional: 2 hari × 6 JP = 12 JP (Peraturan LAN 10/2018, Lampiran B.1 no. 7)');
  });

  it('an unknown form exits 2 with one line listing the valid keys', () => {
    const r = unknown;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("'rapat'");
    expect(r.stderr).toContain('seminar');
    expect(r.stderr).toContain('bimbingan-di-tempat-kerja');
  });

  it("rules: the sub-command's --profile wins over the global one", () => {
    const r = rules;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Profil kutai-barat-2024');
    const coaching = r.stdout.split('\n').find((l) => l.includes('| Coaching '));
    expect(coaching).toContain('maks. 3 sesi per bulan');
    expect(coaching).toContain('IV.D.1.j');
  });
});

describe('bangkom jp / rules (in process)', () => {
  let out = '';
  beforeEach(() => {
    // The default profile must come from the code, not from the shell running the tests.
    vi.stubEnv('BANGKOM_PROFILE', undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    out = '';
  });

  async function parse(...args: string[]): Promise<string> {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const program = new Command('bangkom').option('--profile <id>').exitOverride();
    registerJp(program);
    registerRules(program);
    await program.parseAsync(['node', 'bangkom', ...args]);
    return out;
  }

  it('prints the JP and the explanation', async () => {
    const text = await parse('jp', '--type', 'kursus', '--scope', 'internasional', '--jp', '7');
    expect(text).toBe('8,4 JP\nKursus internasional: JP program 7 JP + 20% = 8,4 JP (Peraturan LAN 10/2018, Lampiran B.1 no. 9)\n');
  });

  it('accepts a synonym that names exactly one form, minutes, and dates', async () => {
    const bimtek = JSON.parse(await parse('jp', '--type', 'bimtek', '--minutes', '135', '--json')) as { type: string; jp: number };
    expect(bimtek).toMatchObject({ type: 'bimbingan-teknis', jp: 3 });
    out = '';
    const seminar = JSON.parse(await parse('jp', '--type', 'seminar', '--start', '2026-03-30', '--end', '2026-04-01', '--json')) as {
      jp: number;
    };
    expect(seminar.jp).toBe(12);
  });

  it('jp: a certificate JP the source does not let replace the session conversion is reported, not used (LAN B.2 no. 5)', async () => {
    const text = await parse('jp', '--type', 'coaching', '--count', '2', '--jp', '3');
    expect(text.split('\n')[0]).toBe('4 JP');
    expect(text).toContain('JP pada bukti dukung (3 JP) tidak dipakai');
  });

  it('jp uses the global --profile', async () => {
    const stdout = await parse('--profile', 'kutai-barat-2024', 'jp', '--type', 'seminar', '--days', '2', '--jp', '20', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ type: 'seminar', scope: 'nasional', jp: 16, profile: 'kutai-barat-2024' });
  });

  it('rules prints the whole LAN table grouped by jalur', async () => {
    const stdout = await parse('rules');
    expect(stdout).toContain('Profil lan-2018');
    for (const title of ['A. Jalur pendidikan', 'B.1 Jalur pelatihan klasikal', 'B.2 Jalur pelatihan nonklasikal']) {
      expect(stdout).toContain(title);
    }
    const seminar = stdout.split('\n').find((l) => l.includes('| Seminar '));
    expect(seminar).toMatch(
      /^7\s+\| Seminar\s+\| hari\s+\| 4 JP per hari\s+\| 6 JP per hari\s+\| menggantikan konversi\s+\| –\s+\| Peraturan LAN 10\/2018, Lampiran B\.1 no\. 7$/,
    );
    const coaching = stdout.split('\n').find((l) => l.includes('| Coaching '));
    expect(coaching).toMatch(/^5\s+\| Coaching .*\| tidak dipakai\s+\| maks\. 2 sesi per bulan/);
  });

  it('rules: "No" is the row number of the source, not a running index (LAN B.1 no. 7–8, B.2 no. 7)', async () => {
    const table = JSON.parse(await parse('rules', '--json')) as { rows: { key: string; no: string }[] };
    const no = Object.fromEntries(table.rows.map((r) => [r.key, r.no]));
    expect(no).toMatchObject({
      'tugas-belajar': '1',
      seminar: '7',
      sosialisasi: '7', // "Seminar/konferensi/sarasehan/sosialisasi" is one row
      workshop: '8',
      kursus: '9',
      'bimbingan-teknis': '11',
      'klasikal-lainnya': '–',
      'pertukaran-pegawai': '1',
      detasering: '7',
      outbond: '11',
      'bimbingan-di-tempat-kerja': '–',
    });
    const text = await parse('rules');
    expect(text.split('\n').find((l) => l.includes('| Workshop '))).toMatch(/^8\s+\| Workshop/);
  });

  it.each([
    [['jp', '--type', 'seminar', '--days', '0'], /days/],
    [['jp', '--type', 'seminar', '--days', '-2'], /days/],
    [['jp', '--type', 'seminar', '--days', 'dua'], /--days harus berupa angka/],
    [['jp', '--type', 'pelatihan-struktural-kepemimpinan', '--scope', 'internasional', '--jp', '30'], /internasional/],
    [['jp', '--type', 'seminar', '--scope', 'luar', '--days', '1'], /--scope/],
    [['jp', '--days', '1'], /--type/],
    [['jp', '--type', 'seminar', '--start', '2026-03-05', '--end', '2026-03-01'], /sebelum/],
    [['jp', '--type', 'seminar', '--days', '3', '--start', '2026-03-02', '--end', '2026-03-02'], /Jumlah hari \(3\) lebih banyak dari rentang tanggal/],
    [['--profile', 'nope', 'jp', '--type', 'seminar', '--days', '1'], /Profil aturan tidak dikenal/],
    [['rules', '--profile', 'nope'], /Profil aturan tidak dikenal/],
  ])('%j → UsageError', async (args, message) => {
    const err = await parse(...args).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('rules --json gives every row with its source', async () => {
    const table = JSON.parse(await parse('rules', '--profile', 'kutai-barat-2024', '--json')) as {
      rows: { key: string; no: string; sumber: string; batas: string }[];
    };
    expect(table.rows).toHaveLength(27);
    expect(table.rows.find((r) => r.key === 'patok-banding')).toMatchObject({
      no: 'IV.D.7',
      batas: 'maks. 1 kegiatan per tahun',
      sumber: 'Pedoman DPUPR Kutai Barat 2024, IV.D.7.i',
    });
    // Seed 004 line 1226: a "Persyaratan, lama pelaksanaan" limit, counted in JP.
    expect(table.rows.find((r) => r.key === 'belajar-mandiri')).toMatchObject({
      no: 'IV.D.9',
      batas: 'maks. 2 JP/hari (internasional 2,4); maks. 2 kali × 2 JP (internasional 2 × 2,4 JP) per bulan (Persyaratan, lama pelaksanaan)',
    });
    // A kept LAN row keeps its LAN number.
    expect(table.rows.find((r) => r.key === 'pelatihan-teknis')).toMatchObject({ no: '4', sumber: 'Peraturan LAN 10/2018, Lampiran B.1 no. 4' });
  });
});
