import { openStoreFor } from '../open-store.js';
import type { Command } from 'commander';
import { sendersFromEnv } from '../../delivery/senders-from-env.js';
import { formatJp } from '../../rules/index.js';
import {
  ATASAN_DIGEST,
  JP_SHORTFALL,
  MYASN_UPLOAD,
  QuietHoursError,
  runReminders,
  type ReminderCounts,
  type ReminderOutcome,
  type ReminderProgress,
} from '../../reminders/run.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';
import { parseYearOption } from './rekap.js';

interface RemindOptions {
  year?: number;
  dryRun?: boolean;
  force?: boolean;
}

const STATUS_LABEL: Record<ReminderOutcome['status'], string> = {
  sent: '✓ terkirim',
  planned: '• akan dikirim',
  skipped: '– dilewati',
  failed: '✗ gagal',
  unreachable: '? tidak terjangkau',
  exempt: '– tidak wajib',
};

function describe(o: ReminderOutcome): string {
  const who = `${o.name} (${o.nip})`;
  const where = o.to ? ` → ${o.to.platform}:${o.to.id}` : '';
  const what =
    o.kind === JP_SHORTFALL
      ? o.totals
        ? `disetujui ${formatJp(o.totals.approved)}, menunggu ${formatJp(o.totals.pending)}, kurang ${formatJp(o.totals.shortfall)}`
        : ''
      : o.kind === MYASN_UPLOAD
        ? 'kegiatan disetujui belum diunggah ke MyASN'
        : o.kind === ATASAN_DIGEST
          ? `ringkasan atasan: ${o.pendingCount ?? 0} laporan menunggu > 3 hari`
          : 'evaluasi 6 bulan: kesenjangan kompetensi bawahan yang perlu dinilai';
  return `${STATUS_LABEL[o.status]}  ${who}${where} —${what ? ` ${what}` : ''}${o.reason ? ` [${o.reason}]` : ''}`;
}

function countsLine(c: ReminderCounts, dryRun: boolean): string {
  const first = dryRun ? `${c.planned} akan dikirim` : `${c.sent} terkirim`;
  return `${first}, ${c.skipped} dilewati (sudah diingatkan), ${c.failed} gagal, ${c.unreachable} tidak terjangkau`;
}

const LOCKED = [
  'remind tanpa --dry-run mengirim dan mencatat pengingat, jadi butuh database untuk dirinya sendiri,',
  'padahal database sedang dipakai proses lain (asisten yang berjalan?). Asisten yang berjalan sudah',
  'mengirim pengingat sesuai jadwalnya (BANGKOM_REMIND_CRON). Hentikan asisten dulu untuk menjalankan',
  'remind sekarang, atau pakai --dry-run untuk melihat penerima tanpa mengirim.',
].join('\n');

export function registerRemind(program: Command): void {
  program
    .command('remind')
    .description(
      'kirim pengingat ke pegawai yang JP disetujuinya < 20 JP, dan satu ringkasan ke atasan yang laporannya menunggu > 3 hari',
    )
    .option('--year <year>', 'tahun JP (default: tahun ini di zona waktu --tz)', parseYearOption)
    .option('--dry-run', 'hanya tampilkan penerima; tidak mengirim dan tidak mencatat apa pun (jalan juga saat asisten berjalan)')
    .option('--force', 'kirim juga ke yang sudah diingatkan bulan ini (atasan: minggu ini), dan walau jam tenang 20:00–07:00')
    .addHelpText(
      'after',
      [
        '',
        'Pengiriman: akun console dicetak ke layar; Telegram bila TELEGRAM_BOT_TOKEN diset (TELEGRAM_API_ROOT opsional);',
        'Slack bila SLACK_BOT_TOKEN diset (SLACK_API_URL opsional). Pegawai yang terhubung di dua platform menerima satu',
        'pesan, di platform yang terakhir dipakainya. Satu pengingat per pegawai per bulan untuk tiap tahun JP (--year);',
        'ringkasan atasan paling sering sekali seminggu. Tanda dan pesan disimpan bersama; pesan yang belum terkirim dikirim',
        'saat asisten berjalan, jadi run yang terhenti di tengah dan diulang tidak mengingatkan siapa pun dua kali.',
      ].join('\n'),
    )
    .action(async (opts: RemindOptions, cmd: Command) => {
      const config = globalConfig(cmd);
      const dryRun = opts.dryRun ?? false;
      const force = opts.force ?? false;
      const app = await openStoreFor(config, dryRun, LOCKED);
      const out = (line: string) => process.stdout.write(`${line}\n`);
      try {
        // With the store, the run's relay can also send the documents the outbox holds (a Kartu Data PDF).
        const senders = await sendersFromEnv(process.env, { consoleOut: process.stdout, files: app.store });
        let summary;
        try {
          summary = await runReminders({
            store: app.store,
            senders,
            clock: app.deps.clock,
            tz: config.tz,
            profile: config.profile,
            year: opts.year,
            dryRun,
            force,
            onProgress: ({ outcome, done }: ReminderProgress) => out(`[${done}] ${describe(outcome)}`),
          });
        } catch (err) {
          if (err instanceof QuietHoursError) {
            throw new UsageError(`${err.message} Pakai --dry-run untuk melihat penerima, atau --force untuk tetap mengirim.`);
          }
          throw err;
        }
        out('');
        out(
          `Pengingat JP ${summary.year} (periode ${summary.period}${dryRun ? ', uji coba: tidak ada yang dikirim' : ''}${force ? ', --force' : ''}): ` +
            `${summary.belowTarget} dari ${summary.employees - summary.reminders.exempt} pegawai di bawah 20 JP.`,
        );
        out(`Pegawai: ${countsLine(summary.reminders, dryRun)}.`);
        if (summary.reminders.exempt > 0) out(`TKK: ${summary.reminders.exempt} pegawai tidak diingatkan (tidak wajib 20 JP).`);
        out(`Atasan (laporan menunggu > 3 hari, evaluasi 6 bulan): ${countsLine(summary.digests, dryRun)}.`);
        out(`Belum diunggah ke MyASN (> 14 hari setelah disetujui): ${countsLine(summary.uploads, dryRun)}.`);
        if (summary.blocked > 0) {
          out(`${summary.blocked} pegawai tidak menerima pengingat sampai mereka menulis lagi: memblokir bot atau akunnya nonaktif (lihat "tidak terjangkau" di atas).`);
        }
        out(`Aturan: pengingat pegawai ${summary.policy.reminders}; ringkasan atasan ${summary.policy.digests}.`);
        if (summary.reminders.failed + summary.digests.failed + summary.uploads.failed > 0) {
          out('Ada pesan yang ditolak platform atau tidak tersimpan; lihat baris di atas.');
          process.exitCode = 1;
        }
      } finally {
        await app.close();
      }
    });
}
