import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { seedRekap } from '../rekap/seed.js';
import { bangkom } from '../reminders/fixtures.js';

// The world's store stays open for the whole file: it holds the lock, as the running assistant does.
let w: World;

async function filesIn(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const paths = files.map((e) => join(e.parentPath, e.name)).sort();
  return Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await readFile(p, 'base64')] as const)));
}

beforeAll(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  await seedRekap(w);
  // The owner's own lazy write of lastSeenAt (touchFlushMs, 2 s) lands before the "before" snapshot.
  await new Promise((resolve) => setTimeout(resolve, 2300));
});
afterAll(async () => w.close());

describe('bangkom remind while another process holds the store', () => {
  it('--dry-run reads a snapshot: it prints its plan, exits 0 and writes nothing', async () => {
    const before = await filesIn(w.dir);

    const dry = await bangkom(w.dbPath, ['remind', '--dry-run'], '2026-11-22T03:00:00Z');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/• akan dikirim {2}Siti Rahmawati \(199003152015032001\) → console:siti/);
    expect(dry.stdout).toContain('uji coba: tidak ada yang dikirim');
    expect(dry.stdout).toContain('Pegawai: 2 akan dikirim');
    expect(dry.stdout).not.toContain('Halo Siti');

    // Not a byte changed in the store's directory: the owner's lock, the data and its log are as they were.
    expect(await filesIn(w.dir)).toEqual(before);
  });

  it('a real run is refused with exit 2 and a message that says why and what to do instead', async () => {
    const real = await bangkom(w.dbPath, ['remind'], '2026-11-22T03:00:00Z');
    expect(real.code).toBe(2);
    expect(real.stdout).not.toContain('Halo');
    expect(real.stderr).toContain('remind tanpa --dry-run mengirim dan mencatat pengingat');
    expect(real.stderr).toContain('Hentikan asisten dulu');
    expect(real.stderr).toContain('--dry-run');
    expect(real.stderr).toContain(`is in use by process ${process.pid}`);
  });
});
