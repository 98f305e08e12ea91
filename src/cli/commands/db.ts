import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { z } from 'zod';
import { StoreError } from '../../store/errors.js';
import { layoutFor } from '../../store/layout.js';
import { acquireLock } from '../../store/lock.js';
import { LowdbStore } from '../../store/lowdb-store.js';
import { COPY_KINDS, CountMismatch, importIntoPg, TargetInUse, TargetNotEmpty, type CopyKind } from '../../store/pg/pg-import.js';
import { globalConfig } from '../global.js';
import { UsageError } from '../usage-error.js';

const copyOptions = z.object({
  to: z.string().refine((s) => /^postgres(ql)?:\/\//.test(s) && URL.canParse(s), { message: 'bukan alamat postgres:// atau postgresql://' }),
  force: z.boolean().default(false),
});

const LABEL: Record<CopyKind, string> = {
  employees: 'pegawai',
  accounts: 'akun chat',
  invites: 'kode undangan',
  activities: 'laporan kegiatan',
  plans: 'rencana bangkom',
  states: 'percakapan berjalan',
  marks: 'tanda pengingat',
  outboundPending: 'pesan keluar menunggu',
  outboundFailed: 'pesan keluar gagal',
  inbound: 'tanda pesan masuk',
  evidence: 'berkas bukti dukung',
};

/** The URL without its password, for printing. */
function shown(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Refused while another process (the running assistant) holds the lowdb store: see the help text. */
async function lockSource(main: string, lock: string): Promise<() => Promise<void>> {
  try {
    return await acquireLock(lock, main);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'locked') {
      throw new UsageError(
        [
          `Database sumber ${main} sedang dipakai proses lain (asisten yang berjalan?). Hentikan asisten dulu, lalu ulangi:`,
          'salinan yang dibuat sementara asisten berjalan akan kehilangan semua yang ditulisnya sesudah itu.',
          `(${err.message})`,
        ].join('\n'),
      );
    }
    throw err;
  }
}

/** The Indonesian message for what the copy refused or met; other errors pass as they are. */
function explain(err: unknown, target: string): unknown {
  if (err instanceof TargetNotEmpty) {
    const rows = Object.entries(err.rows).map(([t, n]) => `${t}: ${n}`).join(', ');
    return new UsageError(
      `Database tujuan ${target} tidak kosong (${rows}); tidak ada yang disalin. ` +
        'Pakai --force untuk mengosongkan SEMUA tabelnya dulu lalu menyalin.',
    );
  }
  if (err instanceof TargetInUse) {
    return new UsageError(
      `Asisten sedang berjalan di database tujuan ${target} (${err.leases.join(', ')}): --force tidak mengosongkan database ` +
        'yang sedang dipakai. Hentikan dulu semua proses asisten yang memakai database itu.',
    );
  }
  if (err instanceof CountMismatch) {
    const diff = COPY_KINDS.filter((k) => err.source[k] !== err.target[k]).map(
      (k) => `${LABEL[k]}: ${err.source[k]} di sumber, ${err.target[k]} di tujuan`,
    );
    return new Error(
      `Jumlah data tidak cocok setelah menyalin (${diff.join('; ')}). Salinan dibatalkan: database tujuan tidak berubah. ` +
        'Apakah ada proses lain yang menulis ke database tujuan?',
    );
  }
  if (err instanceof StoreError && err.code === 'io') return new Error(`Tidak bisa menyalin ke PostgreSQL ${target}: ${err.message}`);
  return err;
}

export function registerDb(program: Command): void {
  const db = program.command('db').description('database: pindah dari lowdb ke PostgreSQL');
  db.command('copy')
    .description('salin seluruh database lowdb (--db) ke database PostgreSQL yang kosong, lalu cocokkan jumlahnya')
    .requiredOption('--to <url>', 'database PostgreSQL tujuan (postgres://… atau postgresql://…)')
    .option('--force', 'kosongkan dulu SEMUA tabel database tujuan (datanya hilang), lalu salin')
    .addHelpText(
      'after',
      [
        '',
        'Sumber: database lowdb di --db (bawaan data/db.json), juga bila BANGKOM_DATABASE_URL diset. Berkasnya hanya dibaca.',
        'Hentikan asisten dulu: db copy memegang kunci database lowdb selama menyalin dan menolak bila asisten (atau proses',
        'lain) sedang memakainya. Salinan yang dibuat sementara asisten berjalan kehilangan semua yang ditulis asisten',
        'sesudahnya (laporan, persetujuan, pesan yang belum terkirim), begitu asisten dipindah ke PostgreSQL.',
        'Yang disalin: pegawai, akun chat, kode undangan, laporan (dengan id, waktu dan riwayatnya), percakapan yang sedang',
        'berjalan, tanda pengingat, pesan keluar yang menunggu (urutannya tetap) dan yang gagal, tanda pesan masuk, dan',
        'berkas bukti dukung (disimpan di tabel evidence). Laporan yang berkas buktinya sudah hilang di sumber disalin apa',
        'adanya, dan berkasnya disebut.',
        'Tujuan harus kosong: tidak ada satu baris pun di tabel mana pun. --force mengosongkan dulu semua tabel tujuan,',
        'kecuali bila asisten sedang berjalan di database tujuan (ditolak).',
        'Semua disalin dalam satu transaksi dan jumlah tiap jenis data dicocokkan sebelum disimpan: bila gagal atau',
        'jumlahnya tidak cocok, database tujuan tidak berubah.',
      ].join('\n'),
    )
    .action(async (raw: { to?: string; force?: boolean }, cmd: Command) => {
      const config = globalConfig(cmd);
      const parsed = copyOptions.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UsageError(`--${String(issue?.path[0] ?? 'to')} tidak valid: ${issue?.message ?? 'nilai salah'}`);
      }
      const { to, force } = parsed.data;
      const target = shown(to);
      const files = layoutFor(config.db);
      if (!(await stat(files.main).then((s) => s.isFile(), () => false))) {
        throw new UsageError(`Database sumber ${files.main} tidak ada; tidak ada yang disalin. Tunjuk database lowdb dengan --db.`);
      }

      const started = performance.now();
      const release = await lockSource(files.main, files.lock);
      const source = new LowdbStore(config.db, { readOnly: true });
      let result;
      try {
        await source.open();
        result = await importIntoPg(to, source.exportAll(), { force, readEvidence: (e) => source.readEvidence(e) });
      } catch (err) {
        throw explain(err, target);
      } finally {
        await source.close();
        await release();
      }

      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(`Disalin dari ${files.main} ke ${target} dalam ${seconds} detik${force ? ' (--force: tujuan dikosongkan dulu)' : ''}.`);
      const width = Math.max(...COPY_KINDS.map((k) => LABEL[k].length));
      for (const k of COPY_KINDS) out(`  ${LABEL[k].padEnd(width)}  sumber ${result.source[k]}, tujuan ${result.target[k]}`);
      out('Jumlah cocok untuk semua jenis data.');
      if (result.missingEvidence.length > 0) {
        out(`${result.missingEvidence.length} berkas bukti dukung sudah tidak ada di sumber; laporannya disalin tanpa berkas:`);
        for (const e of result.missingEvidence.slice(0, 20)) out(`  ${e.path} (${e.name})`);
      }
    });
}
