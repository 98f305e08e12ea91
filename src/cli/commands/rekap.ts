import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { openApp } from '../../app/open.js';
import { computeRekap } from '../../domain/rekap.js';
import { REKAP_FORMATS, rekapCsv, rekapJson, rekapTable, rekapXlsx, type RekapFormat } from '../../rekap/formats.js';
import { yearIn } from '../../reminders/time.js';
import { clockFor } from '../../config.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

/** Commander value parser for --year: a whole year 2000–2100. */
export function parseYearOption(value: string): number {
  const year = Number(value.trim());
  if (!/^\d{4}$/.test(value.trim()) || year < 2000 || year > 2100) {
    throw new UsageError(`--year harus tahun 2000–2100, bukan '${value}'`);
  }
  return year;
}

interface RekapOptions {
  year?: number;
  unit?: string;
  format: RekapFormat;
  out?: string;
}

export function registerRekap(program: Command): void {
  program
    .command('rekap')
    .description('rekap JP satu tahun: per pegawai (disetujui, menunggu, target 20 JP) dan total per unit')
    .option('--year <year>', 'tahun (default: tahun ini di zona waktu --tz)', parseYearOption)
    .option('--unit <unit>', 'hanya unit ini (nama unit atau sebagiannya)')
    .addOption(new Option('--format <format>', 'bentuk keluaran').choices(REKAP_FORMATS).default('table'))
    .option('--out <file>', 'tulis ke file ini (wajib untuk xlsx)')
    .action(async (opts: RekapOptions, cmd: Command) => {
      const config = globalConfig(cmd);
      if (opts.format === 'xlsx' && !opts.out) throw new UsageError('--format xlsx membutuhkan --out FILE.xlsx');
      const year = opts.year ?? yearIn(clockFor(config).now(), config.tz);
      const app = await openApp(config, { readOnly: true });
      let rekap;
      try {
        rekap = await computeRekap(app.store, year, config.profile, opts.unit);
      } finally {
        await app.close();
      }
      const body: string | Buffer =
        opts.format === 'json'
          ? rekapJson(rekap)
          : opts.format === 'csv'
            ? rekapCsv(rekap)
            : opts.format === 'xlsx'
              ? await rekapXlsx(rekap)
              : rekapTable(rekap);
      if (opts.out) {
        await writeFile(opts.out, body);
        process.stderr.write(`Rekap JP ${year}: ${rekap.rows.length} pegawai, ${rekap.units.length} unit → ${opts.out}\n`);
      } else {
        process.stdout.write(body);
      }
    });
}
