import { openStoreFor } from '../open-store.js';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { historyImportJson, importHistoryFile, type HistoryImportResult } from '../../domain/history-import.js';
import { HISTORY_COLUMNS } from '../../domain/history-row.js';
import { checkNip, nipProblemText } from '../../domain/nip.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

interface ImportOptions {
  dryRun?: boolean;
  json?: boolean;
  by?: string;
}

/** The operating-system account running the import, when no --by NIP is given. */
function osUser(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (a container's random uid): fall back to the environment.
  }
  return process.env.USER || process.env.USERNAME || 'cli';
}

const LOCKED =
  'history import menulis ke database, yang sedang dipakai proses lain (asisten yang berjalan?). Hentikan asisten dulu, atau pakai --dry-run untuk memeriksa berkas saja.';

function report(result: HistoryImportResult, file: string, dryRun: boolean): string {
  const lines = [
    dryRun
      ? `Uji coba ${file} (tidak ada yang disimpan): ${result.imported} akan diimpor, ${result.skipped.length} dilewati (sudah ada), ${result.errors.length} baris salah.`
      : `Impor riwayat ${file}: ${result.imported} diimpor, ${result.skipped.length} dilewati (sudah ada), ${result.errors.length} baris salah.`,
  ];
  if (result.skipped.length) lines.push('Dilewati:', ...result.skipped.map((s) => `  baris ${s.line}: ${s.reason}`));
  if (result.errors.length) lines.push('Baris salah (tidak diimpor):', ...result.errors.map((e) => `  baris ${e.line}: ${e.reason}`));
  if (result.ignoredColumns.length) lines.push(`Kolom diabaikan: ${result.ignoredColumns.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function registerHistory(program: Command): void {
  const history = program.command('history').description('riwayat bangkom sebelum asisten dipakai');
  history
    .command('import <file>')
    .description(`impor riwayat dari CSV atau XLSX (sheet pertama) sebagai kegiatan disetujui: ${HISTORY_COLUMNS.join(',')}`)
    .option('--dry-run', 'periksa dan laporkan saja, tanpa menyimpan')
    .option('--json', 'cetak {"imported", "skipped", "errors"} sebagai JSON')
    .option('--by <nip>', 'NIP petugas yang mengimpor (harus ada di data pegawai); tanpa ini, nama pengguna sistem operasi')
    .action(async (file: string, opts: ImportOptions, cmd: Command) => {
      const config = globalConfig(cmd);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch {
        throw new UsageError(`Berkas ${file} tidak bisa dibaca`);
      }
      let by: { by: string; approverNip?: string } = { by: osUser() };
      if (opts.by !== undefined) {
        const nip = checkNip(opts.by);
        if (!nip.ok) throw new UsageError(`--by: ${nipProblemText(nip.problem)}`);
        by = { by: nip.nip, approverNip: nip.nip };
      }
      const dryRun = opts.dryRun === true;
      const app = await openStoreFor(config, dryRun, LOCKED);
      let result: HistoryImportResult;
      try {
        if (by.approverNip && !(await app.store.getEmployee(by.approverNip))) {
          throw new UsageError(`--by: NIP ${by.approverNip} tidak ada di data pegawai`);
        }
        result = await importHistoryFile(app.store, bytes, {
          ...by,
          file: basename(file),
          now: app.deps.clock.now(),
          tz: config.tz,
          profile: config.profile,
          dryRun,
        });
      } finally {
        await app.close();
      }
      process.stdout.write(opts.json ? `${JSON.stringify(historyImportJson(result))}\n` : report(result, basename(file), dryRun));
      if (result.errors.length > 0) process.exitCode = 1;
    });
}
