#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { UsageError } from './usage-error.js';

const program = new Command('bangkom')
  .description('bangkom-bot: lapor pengembangan kompetensi, hitung JP, persetujuan atasan')
  .option('--db <file>', 'lowdb JSON file (env BANGKOM_DB)')
  .option('--profile <id>', 'JP rule profile (env BANGKOM_PROFILE), default lan-2018')
  .option('--now <iso>', 'take this ISO date-time as "now" (env BANGKOM_NOW)')
  .option('--tz <zone>', 'time zone (env BANGKOM_TZ), default Asia/Jakarta')
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
