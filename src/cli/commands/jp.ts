import type { Command } from 'commander';
import { computeJp, exactForm, formatJp, getForm, getProfile, RuleError, type ActivityInput } from '../../rules/index.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

interface JpOptions {
  type?: string;
  scope: string;
  days?: number;
  count?: number;
  jp?: number;
  minutes?: number;
  start?: string;
  end?: string;
  json?: boolean;
}

/** Commander value parser for --<name>: text that is not a number is a usage error; the rules engine rejects 0 and negatives. */
const toNumber =
  (name: string) =>
  (value: string): number => {
    const n = value.trim() === '' ? Number.NaN : Number(value.replace(',', '.'));
    if (Number.isNaN(n)) throw new UsageError(`--${name} harus berupa angka, bukan '${value}'`);
    return n;
  };

/** A form key, or a label / synonym that names exactly one form ("bimtek" → bimbingan-teknis). */
function resolveType(text: string): string {
  return getForm(text)?.key ?? exactForm(text)?.key ?? text;
}

export function registerJp(program: Command): void {
  program
    .command('jp')
    .description('hitung JP satu kegiatan bangkom menurut profil aturan (--profile)')
    .option('--type <key>', 'bentuk bangkom, mis. seminar, e-learning, coaching (lihat: bangkom rules)')
    .option('--scope <scope>', 'nasional | internasional', 'nasional')
    .option('--days <n>', 'jumlah hari kegiatan / akses daring', toNumber('days'))
    .option('--count <n>', 'jumlah kegiatan / sesi / semester (default 1)', toNumber('count'))
    .option(
      '--jp <n>',
      'JP program, atau JP yang tertera pada sertifikat (menggantikan konversi hanya bila sumbernya menyebut demikian; lihat kolom "JP sertifikat" di bangkom rules)',
      toNumber('jp'),
    )
    .option('--minutes <n>', 'durasi dalam menit (1 JP = 45 menit) bila JP program tidak diketahui', toNumber('minutes'))
    .option('--start <date>', 'tanggal mulai YYYY-MM-DD')
    .option('--end <date>', 'tanggal selesai YYYY-MM-DD')
    .option('--json', 'cetak satu objek JSON')
    .action((opts: JpOptions, cmd: Command) => {
      const { profile } = globalConfig(cmd);
      if (!opts.type) throw new UsageError('--type wajib diisi, mis. --type seminar (daftar bentuk: bangkom rules)');
      if (opts.scope !== 'nasional' && opts.scope !== 'internasional') {
        throw new UsageError(`--scope harus nasional atau internasional, bukan '${opts.scope}'`);
      }
      const input: ActivityInput = {
        type: resolveType(opts.type),
        scope: opts.scope,
        days: opts.days,
        count: opts.count,
        jp: opts.jp,
        durationMinutes: opts.minutes,
        start: opts.start,
        end: opts.end,
      };
      let result;
      try {
        getProfile(profile);
        result = computeJp(input, profile);
      } catch (err) {
        if (err instanceof RuleError) throw new UsageError(err.message);
        throw err;
      }
      if (opts.json) {
        const label = getForm(result.type)?.label;
        process.stdout.write(`${JSON.stringify({ ...result, label, text: formatJp(result.jp) })}\n`);
      } else {
        process.stdout.write(`${formatJp(result.jp)}\n${result.explanation}\n`);
      }
    });
}
