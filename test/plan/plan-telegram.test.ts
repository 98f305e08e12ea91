import { afterEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { startTelegramWorld, type TelegramWorld } from '../../adapters/telegram/testing/harness.js';
import { NIP } from '../helpers/script-driver.js';

const SITI = 7001;
const BUDI = 7002;
const t = catalog('id');
/** A catalog text as the user sees it: the *bold* and _italic_ marks become formatting. */
const seen = (text: string) => text.replace(/[*_]/g, '');

let tw: TelegramWorld | undefined;
afterEach(async () => {
  await tw?.close();
  tw = undefined;
});

async function link(userId: number, nip: string): Promise<void> {
  const invite = await issueInvite(tw!.w.store, nip, tw!.w.clock.now());
  await tw!.step(tw!.tg.text(userId, `/start ${invite.code}`));
  expect(tw!.tg.lastText(userId)).toContain('terhubung');
}

const say = (user: number, text: string) => tw!.step(tw!.tg.text(user, text));
const press = (user: number, label: string) => tw!.step(tw!.tg.press(user, label));
/** A few minutes between bursts of answers, as a person takes (the flood guard counts per minute). */
const pause = () => tw!.w.clock.set(new Date(tw!.w.clock.now().getTime() + 3 * 60_000).toISOString());

async function addItem(form: string, materi: string, month: string, amount: string): Promise<void> {
  pause();
  await press(SITI, t.planAdd);
  await say(SITI, form);
  await say(SITI, materi);
  await say(SITI, 'BPSDM Provinsi Kaltim');
  await press(SITI, month);
  await say(SITI, amount);
  await say(SITI, '2.500.000');
  await press(SITI, 'APBD');
  await say(SITI, 'Kesenjangan kompetensi di bidang tugas');
  await press(SITI, t.planSaveItem);
}

describe('the yearly plan over Telegram (fake Bot API)', () => {
  it('proposes two items, sends one request, and the atasan decides each with a reason by button, the request keeping the other item’s buttons', async () => {
    tw = await startTelegramWorld();
    await link(SITI, NIP.siti);
    await link(BUDI, NIP.atasan);

    await say(SITI, '/rencana');
    expect(tw.tg.lastText(SITI)).toContain('Rencana pengembangan kompetensi 2027');
    await addItem('bimtek', 'Penyusunan anggaran berbasis kinerja', 'Februari', '32');
    await addItem('workshop', 'Desain layanan digital', 'April', '2');
    expect(tw.tg.lastText(SITI)).toContain('2. Workshop — Desain layanan digital');
    pause();
    await press(SITI, t.planSend);
    expect(tw.tg.messages(SITI).map((m) => m.text).join('\n')).toContain('2 usulan dikirim ke atasan');

    const requests = tw.tg.messages(BUDI).filter((m) => m.text.includes('Usulan rencana pengembangan kompetensi 2027'));
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.text).toContain('1. Bimbingan teknis — Penyusunan anggaran berbasis kinerja');
    expect(request.keyboard.flat().map((k) => k.text)).toEqual([
      t.planAcceptNo(1), t.planRejectNo(1), t.planReturnNo(1),
      t.planAcceptNo(2), t.planRejectNo(2), t.planReturnNo(2),
      t.planAcceptAll,
    ]);

    await press(BUDI, t.planAcceptNo(1));
    expect(tw.tg.lastText(BUDI)).toContain(seen(t.planAskAcceptReason));
    await say(BUDI, 'Dibutuhkan untuk penyusunan RKA tahun depan');
    const plan = await tw.w.store.getPlan(NIP.siti, 2027);
    expect(plan?.items.map((i) => [i.status, i.history.at(-1)?.reason])).toEqual([
      ['diterima', 'Dibutuhkan untuk penyusunan RKA tahun depan'],
      ['diusulkan', undefined],
    ]);
    // The request now shows item 1 decided and keeps only item 2's buttons.
    const edited = tw.tg.messages(BUDI).find((m) => m.message_id === request.message_id)!;
    expect(edited.text).toContain('diterima');
    expect(edited.keyboard.flat().map((k) => k.text)).toEqual([t.planAcceptNo(2), t.planRejectNo(2), t.planReturnNo(2)]);
    const toSiti = tw.tg.messages(SITI).map((m) => m.text).join('\n');
    expect(toSiti).toContain('Usulan rencana 2027 no. 1 ("Penyusunan anggaran berbasis kinerja"): diterima oleh Budi Santoso');
    expect(toSiti).toContain('JP rencana 2027 yang diterima: 32 JP dari target 20 JP');

    pause();
    await press(BUDI, t.planReturnNo(2));
    await press(BUDI, t.planQuickReturn[1]!);
    expect((await tw.w.store.getPlan(NIP.siti, 2027))?.items[1]).toMatchObject({ status: 'dikembalikan' });
    expect(tw.tg.lastText(SITI)).toContain(`Alasan/catatan: ${t.planQuickReturn[1]}`);
    expect(tw.tg.button(SITI, t.planEditItem).key.callback_data).toBe('pl:2027:edit:2');
  });
});
