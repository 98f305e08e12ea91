import type { Command } from 'commander';
import { runInteractive } from '../../../adapters/console/interactive.js';
import { runScript } from '../../../adapters/console/script.js';
import { openApp } from '../../app/open.js';
import { globalConfig } from '../global.js';

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('chat with the assistant in the terminal (--script: JSON lines on stdin/stdout)')
    .option('--script', 'scriptable transport: one JSON event per input line, one JSON line per message, then {"ack": n}')
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
