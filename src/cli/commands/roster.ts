import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { openApp } from '../../app/open.js';
import { importRoster } from '../../domain/roster.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

export function registerRoster(program: Command): void {
  const roster = program.command('roster').description('data pegawai (roster)');
  roster
    .command('import <file>')
    .description(
      'impor atau perbarui pegawai dari CSV atau XLSX (sheet pertama): nip,nama,jabatan,unit,atasan_nip' +
        '[,email,telegram_id,slack_id,role,pangkat,golongan,tempat_lahir,tanggal_lahir,jenis_kelamin,jenis_asn]',
    )
    .option('--json', 'cetak hasil sebagai JSON')
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const config = globalConfig(cmd);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch {
        throw new UsageError(`Cannot read ${file}`);
      }
      const app = await openApp(config);
      try {
        const result = await importRoster(app.store, bytes, app.deps.clock.now(), basename(file));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
        } else {
          process.stdout.write(
            `Imported: ${result.created} new, ${result.updated} updated, ${result.linked} chat accounts linked, ${result.errors.length} rows skipped.\n`,
          );
          for (const e of result.errors) process.stdout.write(`  line ${e.line}: ${e.reason}\n`);
        }
        if (result.created + result.updated === 0 && result.errors.length > 0) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
