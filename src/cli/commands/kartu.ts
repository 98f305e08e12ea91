import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { openApp } from '../../app/open.js';
import { clockFor } from '../../config.js';
import { formatNip } from '../../domain/nip.js';
import { kartuData, kartuToJson, kartuToPdf, kartuToXlsx, loadUnitHeads, type UnitHeads } from '../../kartu/index.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

const FORMATS = ['pdf', 'xlsx', 'json'] as const;

interface KartuOptions {
  format: (typeof FORMATS)[number];
  out?: string;
  unitHeads?: string;
}

export function registerKartu(program: Command): void {
  program
    .command('kartu')
    .description(
      'Kartu Data Pengembangan Kompetensi satu pegawai: data kepegawaian, kegiatan yang disetujui (termasuk riwayat impor), ' +
        'JP per tahun, pernyataan dan tanda tangan',
    )
    .argument('<nip>', 'NIP/NIPPPK pegawai (18 digit, boleh dengan spasi)')
    .addOption(new Option('--format <format>', 'bentuk keluaran').choices(FORMATS).default('pdf'))
    .option('--out <file>', 'tulis ke file ini; "-" untuk stdout (bawaan: kartu-NIP.pdf / kartu-NIP.xlsx; json ke stdout)')
    .option('--unit-heads <file>', 'JSON kepala unit untuk blok "Mengetahui" (env BANGKOM_UNIT_HEADS)')
    .action(async (rawNip: string, opts: KartuOptions, cmd: Command) => {
      const config = globalConfig(cmd);
      const nip = rawNip.replace(/[\s.-]/g, '');
      if (!/^\d{18}$/.test(nip)) throw new UsageError(`NIP harus 18 digit angka, bukan '${rawNip}'`);
      // JSON has no signature blocks: only the paper formats need the heads.
      let unitHeads: UnitHeads = {};
      if (opts.format !== 'json') {
        try {
          unitHeads = await loadUnitHeads(opts.unitHeads);
        } catch (err) {
          throw new UsageError(err instanceof Error ? err.message : String(err));
        }
      }
      const app = await openApp(config, { readOnly: true });
      let data;
      try {
        data = await kartuData(app.store, nip, { now: clockFor(config).now(), tz: config.tz, profile: config.profile, unitHeads });
      } finally {
        await app.close();
      }
      if (!data) throw new UsageError(`NIP ${formatNip(nip)} tidak ada di daftar pegawai (bangkom roster import)`);

      const body =
        opts.format === 'json'
          ? `${JSON.stringify(kartuToJson(data), null, 2)}\n`
          : opts.format === 'xlsx'
            ? await kartuToXlsx(data)
            : await kartuToPdf(data);
      const out = opts.out ?? (opts.format === 'json' ? '-' : `kartu-${nip}.${opts.format}`);
      if (out === '-') {
        process.stdout.write(body);
        return;
      }
      await writeFile(out, body);
      process.stderr.write(
        `Kartu Data ${data.pegawai.nama}: ${data.kegiatan.length} kegiatan, ${data.jpPerTahun.length} tahun → ${out}\n`,
      );
    });
}
