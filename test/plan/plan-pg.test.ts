import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/domain/store.js';
import { importRoster } from '../../src/domain/roster.js';
import { issueInvite } from '../../src/domain/invites.js';
import { Engine } from '../../src/engine/engine.js';
import { openPgStore } from '../../src/store/pg/pg-store.js';
import { freshDatabase, type FreshDatabase } from '../pg/database.js';
import { buttonIds, forUser, NIP, ROSTER_CSV, ScriptDriver, TestClock, texts } from '../helpers/script-driver.js';

let db: FreshDatabase;
let store: Store;
let chat: ScriptDriver;
let dir: string;
const clock = new TestClock(new Date('2026-11-22T03:00:00Z'));
const pause = () => clock.set(new Date(clock.now().getTime() + 3 * 60_000).toISOString());

beforeAll(async () => {
  db = await freshDatabase();
  store = await openPgStore(db.url);
  dir = await mkdtemp(join(tmpdir(), 'bangkom-plan-pg-'));
  await importRoster(store, ROSTER_CSV, clock.now());
  chat = new ScriptDriver(new Engine({ store, clock, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir: dir }));
  for (const [user, nip] of [['siti', NIP.siti], ['budi', NIP.atasan]] as const) {
    const invite = await issueInvite(store, nip, clock.now());
    await chat.say(user, `daftar ${invite.code}`);
  }
}, 60_000);
afterAll(async () => {
  await chat.end();
  await store.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('the plan on PostgreSQL, through the engine', () => {
  it('adds two items in the dialogue, sends one request, and the atasan accepts both in one tap with one reason', async () => {
    for (const [materi, amount] of [['Manajemen aset daerah', '24'], ['Pengadaan barang dan jasa', '16']]) {
      pause();
      await chat.press('siti', 'pl:2027:add');
      await chat.say('siti', 'bimtek');
      await chat.say('siti', materi!);
      await chat.say('siti', 'BPSDM Provinsi Kaltim');
      await chat.say('siti', 'Maret 2027');
      await chat.say('siti', amount!);
      await chat.say('siti', '2,5 juta');
      await chat.say('siti', 'APBD');
      await chat.say('siti', 'Kesenjangan kompetensi');
      await chat.say('siti', 'simpan');
    }
    pause();
    const sent = await chat.press('siti', 'pl:2027:send');
    const ids = buttonIds(forUser(sent, 'budi'));
    expect(ids).toContain(`pp:${NIP.siti}:2027:0:1:a`);
    await chat.press('budi', `pp:${NIP.siti}:2027:0:1:a`);
    const all = await chat.say('budi', 'Keduanya sesuai kebutuhan bidang');
    expect(texts(forUser(all, 'siti'))).toContain('JP rencana 2027 yang diterima: 40 JP dari target 20 JP');
    const plan = await store.getPlan(NIP.siti, 2027);
    expect(plan?.items.map((i) => [i.materi, i.jp, i.biaya, i.status, i.history.at(-1)?.reason])).toEqual([
      ['Manajemen aset daerah', 24, 2_500_000, 'diterima', 'Keduanya sesuai kebutuhan bidang'],
      ['Pengadaan barang dan jasa', 16, 2_500_000, 'diterima', 'Keduanya sesuai kebutuhan bidang'],
    ]);
    expect((await store.plansInYear(2027)).map((p) => p.nip)).toEqual([NIP.siti]);
  });
});
