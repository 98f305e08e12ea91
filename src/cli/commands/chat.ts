import type { Command } from 'commander';
import { runInteractive } from '../../../adapters/console/interactive.js';
import { runScript } from '../../../adapters/console/script.js';
import { openApp } from '../../app/open.js';
import { globalConfig } from '../global.js';

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('chat dengan asisten di terminal (--script: baris JSON di stdin/stdout)')
    .option('--script', 'transport untuk skrip: satu event JSON per baris masukan, satu baris JSON per pesan, lalu {"ack": n}')
    .action(async (opts: { script?: boolean }, cmd: Command) => {
      const app = await openApp(globalConfig(cmd));
      try {
        if (opts.script) await runScript(app.engine, process.stdin, process.stdout);
        else await runInteractive(app, process.stdin, process.stdout);
      } finally {
        await app.close();
      }
    });
}
