import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { openApp } from '../../app/open.js';
import { clockFor } from '../../config.js';
import { yearIn } from '../../reminders/time.js';
import { siasnCsv, siasnJson, siasnRows, siasnXlsx } from '../../siasn/export.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';
import { parseYearOption } from './rekap.js';

const FORMATS = ['csv', 'xlsx', 'json'] as const;

interface ExportOptions {
  year?: number;
  unit?: string;
  format: (typeof FORMATS)[number];
  out?: string;
}

export function registerExport(program: Command): void {
  const exp = program.command('export').description('ekspor data untuk sistem lain');
  exp
    .command('siasn')
    .description(
      'kegiatan yang disetujui dalam satu tahun, dengan nama kolom SIASN (Riwayat Kursus; pelatihan struktural kepemimpinan sebagai ' +
        'Riwayat Diklat; tugas belajar terpisah), ditambah JP persis, nama file bukti dan tanda sudah diunggah ke MyASN',
    )
    .option('--year <year>', 'tahun (default: tahun ini di zona waktu --tz)', parseYearOption)
    .option('--unit <unit>', 'hanya unit ini (nama unit atau sebagiannya)')
    .addOption(new Option('--format <format>', 'bentuk keluaran').choices(FORMATS).default('csv'))
    .option('--out <file>', 'tulis ke file ini (wajib untuk xlsx)')
    .action(async (opts: ExportOptions, cmd: Command) => {
      const config = globalConfig(cmd);
      if (opts.format === 'xlsx' && !opts.out) throw new UsageError('--format xlsx membutuhkan --out FILE.xlsx');
      const year = opts.year ?? yearIn(clockFor(config).now(), config.tz);
      const app = await openApp(config, { readOnly: true });
      let rows;
      try {
        rows = await siasnRows(app.store, year, opts.unit);
      } finally {
        await app.close();
      }
      const body = opts.format === 'json' ? siasnJson(rows) : opts.format === 'xlsx' ? await siasnXlsx(rows) : siasnCsv(rows);
      if (opts.out) {
        await writeFile(opts.out, body);
        process.stderr.write(`Ekspor SIASN ${year}: ${rows.length} kegiatan disetujui → ${opts.out}\n`);
      } else {
        process.stdout.write(body);
      }
    });
}
