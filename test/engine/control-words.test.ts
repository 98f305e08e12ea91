import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIntent } from '../../src/engine/intents.js';
import { CONTROL_WORDS, controlWord, normalizeWord, type ControlWord } from '../../src/engine/words.js';
import { webinarToSummary } from '../helpers/report-flow.js';
import { buttonIds, forUser, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

describe('the shared control-word table', () => {
  it.each<[string, ControlWord]>([
    // cancel
    ['batal', 'cancel'],
    ['batalkan', 'cancel'],
    ['batalin', 'cancel'],
    ['tidak jadi', 'cancel'],
    ['tdk jadi', 'cancel'],
    ['gak jadi', 'cancel'],
    ['ga jadi', 'cancel'],
    ['nggak jadi', 'cancel'],
    ['enggak jadi', 'cancel'],
    ['berhenti', 'cancel'],
    ['cancel', 'cancel'],
    ['abort', 'cancel'],
    ['stop', 'cancel'],
    // back
    ['kembali', 'back'],
    ['balik', 'back'],
    ['mundur', 'back'],
    ['back', 'back'],
    ['go back', 'back'],
    // skip
    ['lewati', 'skip'],
    ['lewatkan', 'skip'],
    ['lompati', 'skip'],
    ['skip', 'skip'],
    ['-', 'skip'],
  ])('%s → %s', (word, meaning) => {
    expect(controlWord(word)).toBe(meaning);
  });

  it('the table above lists every word, each under one meaning, already in normal form', () => {
    const all = Object.values(CONTROL_WORDS).flat() as string[];
    expect(new Set(all).size).toBe(all.length);
    for (const word of all) expect(normalizeWord(word)).toBe(word);
    expect(all).toHaveLength(23);
  });

  it.each<[string, ControlWord]>([
    ['Batal.', 'cancel'],
    ['BATALKAN!', 'cancel'],
    ['  batal  ', 'cancel'],
    ['/batal', 'cancel'],
    ['/batal@bangkom_bot', 'cancel'],
    ['*batal*', 'cancel'],
    ['"cancel"', 'cancel'],
    ['Cancel!!', 'cancel'],
    ['tidak   jadi.', 'cancel'],
    ['Kembali.', 'back'],
    ['kembali?', 'back'],
    ['/back', 'back'],
    ['Go Back!', 'back'],
    ['Lewati.', 'skip'],
    ['SKIP', 'skip'],
    ['-.', 'skip'],
    [' - ', 'skip'],
  ])('%j is read as %s', (text, meaning) => {
    expect(controlWord(text)).toBe(meaning);
  });

  it.each([
    'batal ikut webinar',
    'kembalikan',
    'Kembalikan (revisi)',
    'dibatalkan saja karena JP salah',
    'sebelumnya',
    '‹ Sebelumnya',
    'previous',
    'tidak ada',
    'lewat sini',
    '--',
    '.',
    '',
    '/lapor',
  ])('%j is no control word', (text) => {
    expect(controlWord(text)).toBeUndefined();
  });

  it('every cancel word, typed outside any dialogue, is the cancel intent', () => {
    for (const word of CONTROL_WORDS.cancel) {
      expect(parseIntent(word), word).toEqual({ kind: 'cancel' });
      expect(parseIntent(`/${word}`), `/${word}`).toEqual({ kind: 'cancel' });
    }
    expect(parseIntent('Batal.')).toEqual({ kind: 'cancel' });
    expect(parseIntent('/batalkan@bangkom_bot')).toEqual({ kind: 'cancel' });
  });
});

describe('control words in the engine', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
    await w.link('siti', NIP.siti);
    await w.link('budi', NIP.atasan);
  });
  afterEach(async () => w.close());

  const only = async () => (await w.store.activitiesOf(NIP.siti))[0]!;

  async function submitted() {
    await webinarToSummary(w.chat, 'siti');
    await w.chat.press('siti', 'Kirim ke atasan');
    return (await only()).id;
  }

  it.each(['batalkan', 'cancel', 'Batal.', 'batal', 'BATAL!', 'tidak jadi', '/batal', 'kembali', 'back'])(
    '%j at the rejection-reason prompt cancels the decision and the report keeps waiting',
    async (word) => {
      const id = await submitted();
      const prompt = await w.chat.press('budi', 'Tolak');
      expect(texts(prompt)).toContain('Alasan penolakan');

      const out = await w.chat.say('budi', word);
      expect(texts(out)).toContain('Keputusan dibatalkan');
      // The request comes back with its buttons, exactly as after the prompt's Batal button.
      expect(texts(out)).toContain('Permohonan persetujuan');
      expect(buttonIds(out)).toEqual([`ap:${id}:1:a`, `ap:${id}:1:r`, `ap:${id}:1:v`]);
      expect(forUser(out, 'siti')).toEqual([]);
      const stored = await only();
      expect(stored.status).toBe('pending');
      expect(stored.history.map((h) => h.status)).toEqual(['pending']);
      expect(await w.store.getState('console:budi#decision')).toBeUndefined();

      // The prompt is gone: the next message is an ordinary one, not a reason.
      expect(texts(await w.chat.say('budi', 'bantuan'))).toContain('Yang bisa saya bantu');
      expect((await only()).status).toBe('pending');
    },
  );

  it('"batalkan" at the return-for-revision prompt and at the approval-note prompt cancels too', async () => {
    await submitted();
    await w.chat.press('budi', 'Kembalikan (revisi)');
    expect(texts(await w.chat.say('budi', 'batalkan'))).toContain('Keputusan dibatalkan');
    expect((await only()).status).toBe('pending');

    await w.chat.press('budi', 'Setujui');
    expect(texts(await w.chat.say('budi', 'Cancel.'))).toContain('Keputusan dibatalkan');
    expect((await only()).status).toBe('pending');
  });

  it('a skip word is no reason for a rejection, but leaves the approval note empty', async () => {
    await submitted();
    await w.chat.press('budi', 'Tolak');
    for (const word of ['lewati', 'Skip.', '-']) {
      expect(texts(await w.chat.say('budi', word))).toContain('Alasan wajib diisi');
    }
    expect((await only()).status).toBe('pending');
    await w.chat.press('budi', 'Batal');

    await w.chat.press('budi', 'Setujui');
    const out = await w.chat.say('budi', 'Lewati.');
    expect(texts(forUser(out, 'siti'))).not.toContain('Alasan/catatan');
    const stored = await only();
    expect(stored.status).toBe('approved');
    expect(stored.history.at(-1)).not.toHaveProperty('reason');
  });

  it("a cancel word at the reason prompt cancels only the decision, not the atasan's own open report", async () => {
    await w.chat.say('budi', 'lapor webinar');
    await submitted();
    await w.chat.press('budi', 'Tolak');
    expect(texts(await w.chat.say('budi', '/batal'))).toContain('Keputusan dibatalkan');
    expect((await w.store.getState('console:budi'))?.step).toBe('title');
    expect((await only()).status).toBe('pending');
  });

  it('in the report dialogue: "Batalkan!" cancels, "Kembali." goes back, skip words skip', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar Literasi Digital');
    expect((await w.store.getState('console:siti'))?.step).toBe('organizer');
    await w.chat.say('siti', 'Kembali.');
    expect((await w.store.getState('console:siti'))?.step).toBe('title');
    expect(texts(await w.chat.say('siti', 'Batalkan!'))).toContain('Laporan dibatalkan');
    expect(await w.store.getState('console:siti')).toBeUndefined();

    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar Literasi Digital');
    await w.chat.say('siti', 'BPSDM Provinsi');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '2026-03-10');
    await w.chat.press('siti', 'Sama dengan tanggal mulai');
    await w.chat.press('siti', '1 hari');
    await w.chat.say('siti', '-');
    await w.chat.say('siti', 'Lewati.');
    const state = async () => (await w.store.getState('console:siti'))!;
    expect((await state()).step).toBe('evidence');
    await w.chat.say('siti', 'skip');
    expect((await state()).step).toBe('summary');
    expect((await state()).data).toMatchObject({ certJp: null, certNo: null, evidence: null });

    await w.chat.say('siti', 'tidak jadi');
    expect(await w.store.getState('console:siti')).toBeUndefined();
  });
});
