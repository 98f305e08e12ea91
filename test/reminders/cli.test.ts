import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/domain/roster.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { seedRekap } from '../rekap/seed.js';
import { bangkom } from './fixtures.js';

let w: World;
const TKK = '199807072021011001';

beforeAll(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  await seedRekap(w);
  // Joko is TKK: linked and below 20 JP, yet never reminded.
  await importRoster(w.store, `nip,nama,jabatan,unit,atasan_nip,jenis_asn\n${TKK},Joko Susilo,Pengemudi,Bidang SDM,,TKK`, w.clock.now());
  await w.link('joko', TKK);
  await w.chat.end();
  await w.store.close();
});
afterAll(async () => rm(w.dir, { recursive: true, force: true }));

describe('bangkom remind (child process)', () => {
  it('--dry-run (even in quiet hours) lists recipients and sends nothing; then a real run prints the console messages and a summary', async () => {
    // 21:30 WIB: quiet hours, where a dry run is still allowed.
    const dry = await bangkom(w.dbPath, ['remind', '--dry-run'], '2026-11-22T14:30:00Z');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/• akan dikirim {2}Siti Rahmawati \(199003152015032001\) → console:siti — disetujui 8,4 JP, menunggu 4 JP, kurang 11,6 JP/);
    expect(dry.stdout).toMatch(/\? tidak terjangkau {2}Dewi Lestari .*belum terhubung/);
    expect(dry.stdout).not.toContain('Halo Siti'); // nothing delivered
    expect(dry.stdout).toContain('Pegawai: 2 akan dikirim, 0 dilewati (sudah diingatkan), 0 gagal, 1 tidak terjangkau.');
    expect(dry.stdout).toContain(`– tidak wajib  Joko Susilo (${TKK}) — [TKK: tidak wajib 20 JP]`);
    expect(dry.stdout).toContain('3 dari 5 pegawai di bawah 20 JP.');
    expect(dry.stdout).toContain('TKK: 1 pegawai tidak diingatkan (tidak wajib 20 JP).');
    expect(dry.stdout).toContain('Atasan (laporan menunggu > 3 hari, evaluasi 6 bulan): 1 akan dikirim');

    const real = await bangkom(w.dbPath, ['remind'], '2026-11-22T03:00:00Z');
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('→ siti (console):\n   Halo Siti Rahmawati, pengingat bangkom 2026: JP disetujui 8,4 JP, menunggu 4 JP. Kurang 11,6 JP');
    expect(real.stdout).toContain('✓ terkirim  Budi Santoso');
    expect(real.stdout).toContain('Pegawai: 2 terkirim, 0 dilewati (sudah diingatkan), 0 gagal, 1 tidak terjangkau.');
    expect(real.stdout).not.toContain('→ joko (console)');
    expect(real.stdout).toContain('TKK: 1 pegawai tidak diingatkan (tidak wajib 20 JP).');
    expect(real.stdout).toContain('Aturan: pengingat pegawai sekali per bulan untuk JP 2026; ringkasan atasan paling sering sekali seminggu (jeda 6 hari).');
  });

  it('refuses in quiet hours without --force, saying so', async () => {
    const quiet = await bangkom(w.dbPath, ['remind'], '2026-11-22T14:30:00Z'); // 21:30 WIB
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toContain('jam tenang 20:00–07:00');
    expect(quiet.stderr).toContain('--force');
    expect(quiet.stdout).not.toContain('Halo');
  });
});
