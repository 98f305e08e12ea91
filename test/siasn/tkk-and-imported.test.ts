import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeRekap } from '../../src/domain/rekap.js';
import { kartuData } from '../../src/kartu/data.js';
import { siasnRows } from '../../src/siasn/export.js';
import { activity } from '../helpers/activity.js';
import { webinarToSummary } from '../helpers/report-flow.js';
import { forUser, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(async () => w.close());

/** As a roster import of a TKK row leaves them: nothing read from the number. */
const asTkk = async (nip: string) => {
  const { tanggalLahir: _d, jenisKelamin: _s, ...e } = (await w.store.getEmployee(nip))!;
  await w.store.upsertEmployees([{ ...e, jenisAsn: 'TKK' }]);
};

describe('TKK staff and imported history in the MyASN records (issue 12 review)', () => {
  it('a TKK employee has no MyASN entry after an approval, and no row in the SIASN export', async () => {
    await asTkk(NIP.siti);
    await w.link('siti', NIP.siti);
    await w.link('budi', NIP.atasan);
    await webinarToSummary(w.chat, 'siti', { title: 'Webinar SPBE', start: '2026-03-10' });
    await w.chat.press('siti', 'Kirim ke atasan');
    await w.chat.press('budi', 'Setujui');
    const toSiti = texts(forUser(await w.chat.say('budi', 'lewati'), 'siti'));
    expect(toSiti).toContain('disetujui');
    expect(toSiti).not.toContain('MyASN');
    expect(await siasnRows(w.store, 2026)).toEqual([]);
  });

  it("the Kartu Data reads no birth date or sex from a TKK's number", async () => {
    await asTkk(NIP.siti);
    const card = await kartuData(w.store, NIP.siti, { now: w.clock.now(), tz: 'Asia/Jakarta', profile: 'lan-2018' });
    expect(card?.pegawai.tanggalLahir).toBeUndefined();
    expect(card?.pegawai.jenisKelamin).toBeUndefined();
  });

  it('imported history is not counted as waiting for the employee to upload to MyASN', async () => {
    const source = { kind: 'impor' as const, by: 'hr', at: '2026-01-05T00:00:00.000Z', file: 'riwayat.csv', line: 2 };
    await w.store.addActivity(activity(NIP.andi, { type: 'seminar', start: '2026-01-02', jp: 2, source }));
    await w.store.addActivity(activity(NIP.andi, { type: 'seminar', start: '2026-02-02', jp: 2 }));
    const rekap = await computeRekap(w.store, 2026, 'lan-2018');
    expect(rekap.rows.find((r) => r.nip === NIP.andi)?.notUploaded).toBe(1);
  });
});
