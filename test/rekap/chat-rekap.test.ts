import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';
import { seedRekap } from './seed.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await seedRekap(w);
  await w.link('rina', NIP.admin);
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

it('an admin\'s "rekap" in chat gives each unit\'s share at 20 JP and whom reminders cannot reach (issue 10 item 7)', async () => {
  const account = (await w.store.accountsOf(NIP.siti))[0]!;
  await w.store.setUnreachable(account.platform, account.userId, '2026-11-20T03:00:00.000Z');
  const out = texts(await w.chat.say('rina', 'rekap 2026'));
  expect(out).toContain('• Bidang SDM: 1/3 pegawai mencapai 20 JP');
  expect(out).toContain('tak terjangkau pengingat: 1 memblokir bot, 2 belum terhubung');
  expect(out).toContain('• Sekretariat: 1/2 pegawai mencapai 20 JP');
  expect(out).toContain('tak terjangkau pengingat: 0 memblokir bot, 1 belum terhubung');
  expect(texts(await w.chat.say('siti', 'rekap'))).not.toContain('Bidang SDM');
});
