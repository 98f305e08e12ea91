import type { Command } from 'commander';
import { openApp } from '../../app/open.js';
import { formatInviteCode, issueInvite, telegramDeepLink } from '../../domain/invites.js';
import { checkNip, formatNip, nipProblemText } from '../../domain/nip.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

export function registerInvite(program: Command): void {
  program
    .command('invite <nip>')
    .description('buat kode undangan sekali pakai (berlaku 14 hari) untuk menghubungkan akun chat pegawai')
    .option('--json', 'cetak {"nip", "code", "expiresAt", "telegramLink"?} sebagai JSON')
    .action(async (rawNip: string, opts: { json?: boolean }, cmd: Command) => {
      const config = globalConfig(cmd);
      const nip = checkNip(rawNip);
      if (!nip.ok) throw new UsageError(`Invalid NIP: ${nipProblemText(nip.problem)}`);
      const app = await openApp(config);
      try {
        const employee = await app.store.getEmployee(nip.nip);
        if (!employee) throw new UsageError(`NIP ${formatNip(nip.nip)} is not in the roster (bangkom roster import FILE)`);
        const invite = await issueInvite(app.store, nip.nip, app.deps.clock.now());
        const bot = process.env.TELEGRAM_BOT_USERNAME;
        const telegramLink = bot ? telegramDeepLink(bot, invite.code) : undefined;
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ nip: invite.nip, name: employee.name, code: invite.code, expiresAt: invite.expiresAt, ...(telegramLink ? { telegramLink } : {}) })}\n`,
          );
        } else {
          const shown = formatInviteCode(invite.code);
          process.stdout.write(`Kode undangan untuk ${employee.name} (${formatNip(nip.nip)}): ${shown}\n`);
          process.stdout.write(`Berlaku sampai ${invite.expiresAt}. Kirim ke bot: daftar ${shown}\n`);
          if (telegramLink) process.stdout.write(`Telegram: ${telegramLink}\n`);
        }
      } finally {
        await app.close();
      }
    });
}
