import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { openApp } from '../../app/open.js';
import { clockFor } from '../../config.js';
import { planYear } from '../../engine/plan/year.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';
import { parseYearOption } from './rekap.js';
import { rencanaRows } from './rencana-data.js';
import { RENCANA_FORMATS, rencanaCsv, rencanaJson, rencanaTable, rencanaXlsx, type RencanaFormat } from './rencana-formats.js';

interface RencanaOptions {
  year?: number;
  unit?: string;
  format: RencanaFormat;
  out?: string;
}

export function registerRencana(program: Command): void {
  program
    .command('rencana')
    .description(
      'dokumen rencana pengembangan kompetensi satu tahun (seed 004 III.F): tiap usulan yang dikirim ke atasan ' +
        '(pegawai, jabatan, materi, jalur dan bentuk, penyelenggara, jadwal, JP, anggaran, sumber dana) dengan status dan alasan atasan',
    )
    .option('--year <year>', 'tahun rencana (default: tahun depan mulai 1 Oktober, selain itu tahun ini)', parseYearOption)
    .option('--unit <unit>', 'hanya unit ini (nama unit atau sebagiannya)')
    .addOption(new Option('--format <format>', 'bentuk keluaran').choices(RENCANA_FORMATS).default('table'))
    .option('--out <file>', 'tulis ke file ini (wajib untuk xlsx)')
    .action(async (opts: RencanaOptions, cmd: Command) => {
      const config = globalConfig(cmd);
      if (opts.format === 'xlsx' && !opts.out) throw new UsageError('--format xlsx membutuhkan --out FILE.xlsx');
      const year = opts.year ?? planYear(clockFor(config).now(), config.tz);
      const app = await openApp(config, { readOnly: true });
      let rows;
      try {
        rows = await rencanaRows(app.store, year, opts.unit);
      } finally {
        await app.close();
      }
      const body =
        opts.format === 'json'
          ? rencanaJson(rows)
          : opts.format === 'csv'
            ? rencanaCsv(rows)
            : opts.format === 'xlsx'
              ? await rencanaXlsx(rows, year)
              : rencanaTable(rows, year);
      if (opts.out) {
        await writeFile(opts.out, body);
        process.stderr.write(`Rencana ${year}: ${rows.length} usulan → ${opts.out}\n`);
      } else {
        process.stdout.write(body);
      }
    });
}
