import type { Command } from 'commander';
import { checkNip, formatNip, nipProblemText } from '../../domain/nip.js';
import { publicUrl, signInUrl } from '../../dashboard/public-url.js';
import { issueSignInToken, mayUseDashboard } from '../../dashboard/sign-in.js';
import { globalConfig } from '../global.js';
import { openStoreFor } from '../open-store.js';
import { UsageError } from '../usage-error.js';

export function registerDashboardLink(program: Command): void {
  program
    .command('dashboard-link <nip>')
    .description('cetak tautan masuk dasbor SDM sekali pakai (berlaku 15 menit) untuk admin atau atasan')
    .option('--json', 'cetak {"nip", "name", "url", "expiresAt"} sebagai JSON')
    .action(async (rawNip: string, opts: { json?: boolean }, cmd: Command) => {
      const config = globalConfig(cmd);
      const nip = checkNip(rawNip);
      if (!nip.ok) throw new UsageError(`Invalid NIP: ${nipProblemText(nip.problem)}`);
      const base = publicUrl();
      const app = await openStoreFor(
        config,
        false,
        'The assistant holds the lowdb store: ask for the link in the chat instead (send "dasbor"), or stop the assistant first.',
      );
      try {
        const employee = await app.store.getEmployee(nip.nip);
        if (!employee) throw new UsageError(`NIP ${formatNip(nip.nip)} is not in the roster (bangkom roster import FILE)`);
        if (!(await mayUseDashboard(app.store, employee))) {
          throw new UsageError(`${employee.name} (${formatNip(nip.nip)}) is neither an admin nor an atasan with subordinates: the dashboard is not for them`);
        }
        const { token, expiresAt } = await issueSignInToken(app.store, nip.nip, app.deps.clock.now());
        const url = signInUrl(base, token);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ nip: employee.nip, name: employee.name, url, expiresAt })}\n`);
        } else {
          process.stdout.write(`Tautan masuk dasbor untuk ${employee.name} (${formatNip(nip.nip)}), sekali pakai, berlaku sampai ${expiresAt}:\n${url}\n`);
        }
      } finally {
        await app.close();
      }
    });
}
