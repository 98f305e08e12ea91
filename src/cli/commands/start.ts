import type { Command } from 'commander';
import { runAssistant } from '../../app/run.js';
import { globalConfig } from '../global.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('jalankan asisten: platform chat yang dikonfigurasi, atau chat di terminal bila tidak ada')
    .action(async (_opts: unknown, cmd: Command) => {
      await runAssistant(globalConfig(cmd));
    });
}
