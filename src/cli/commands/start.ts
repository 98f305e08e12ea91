import type { Command } from 'commander';
import { runAssistant } from '../../app/run.js';
import { globalConfig } from '../global.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the assistant: the chat platforms whose tokens are set, else the terminal chat')
    .action(async (_opts: unknown, cmd: Command) => {
      await runAssistant(globalConfig(cmd));
    });
}
