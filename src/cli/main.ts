#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { UsageError } from './usage-error.js';

const program = new Command('bangkom')
  .description('bangkom-bot: lapor pengembangan kompetensi, hitung JP, persetujuan atasan')
  .option('--db <file>', 'berkas lowdb JSON (env BANGKOM_DB), bawaan data/db.json')
  .option('--database-url <url>', 'PostgreSQL (env BANGKOM_DATABASE_URL): dipakai sebagai ganti lowdb, untuk skala besar')
  .option('--profile <id>', 'profil aturan JP (env BANGKOM_PROFILE), bawaan lan-2018')
  .option('--now <iso>', 'pakai tanggal-waktu ISO ini sebagai "sekarang" (env BANGKOM_NOW)')
  .option('--tz <zone>', 'zona waktu (env BANGKOM_TZ), bawaan Asia/Jakarta')
  .showHelpAfterError()
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : err.exitCode || 1;
  } else if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
