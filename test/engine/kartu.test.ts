import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIntent, type Intent } from '../../src/engine/intents.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { makeWorld, NIP, type OutLine, type World } from '../helpers/script-driver.js';
import { pdfPages } from '../kartu/pdf-text.js';

const KEPALA = '196803121990031004';
/** Three levels: Hendra heads Budi, who heads Siti and Andi; Dewi and the admin stand apart. */
const ROSTER = [
  'nip,nama,jabatan,unit,atasan_nip,email,role',
  `${KEPALA},Hendra Wibowo,Kepala Dinas,Sekretariat,,,`,
  `${NIP.atasan},Budi Santoso,Kepala Bidang,Bidang SDM,${KEPALA},,`,
  `${NIP.siti},Siti Rahmawati,Analis SDM,Bidang SDM,${NIP.atasan},,`,
  `${NIP.andi},Andi Wijaya,Pranata Komputer,Bidang SDM,${NIP.atasan},,`,
  `${NIP.admin},Rina Admin,Analis Kepegawaian,Sekretariat,,,admin`,
  `${NIP.orphan},Dewi Lestari,Staf,Sekretariat,,,`,
].join('\n');
const USERS: Record<string, string> = { hendra: KEPALA, budi: NIP.atasan, siti: NIP.siti, andi: NIP.andi, rina: NIP.admin, dewi: NIP.orphan };
const NAME: Record<string, string> = {
  [KEPALA]: 'Hendra Wibowo',
  [NIP.atasan]: 'Budi Santoso',
  [NIP.siti]: 'Siti Rahmawati',
  [NIP.andi]: 'Andi Wijaya',
  [NIP.admin]: 'Rina Admin',
  [NIP.orphan]: 'Dewi Lestari',
};
/** A NIP of the right shape that nobody in the roster has. */
const NOBODY = '199101012019031001';

type DocumentLine = OutLine & { document?: { name: string; mime: string; size: number; saved?: string; error?: string } };

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function world(): Promise<World> {
  w = await makeWorld({ roster: ROSTER });
  for (const [user, nip] of Object.entries(USERS)) await w.link(user, nip);
  return w;
}

const say = async (user: string, text: string) => (await w!.chat.say(user, text)) as DocumentLine[];
const keptFiles = async () => (await readdir(join(w!.dir, 'evidence')).catch(() => [])).length;

describe('"kartu data" intent', () => {
  it.each<[string, Intent]>([
    ['kartu data', { kind: 'kartu' }],
    ['Kartu Data', { kind: 'kartu' }],
    ['kartu', { kind: 'kartu' }],
    ['/kartu', { kind: 'kartu' }],
    ['/kartu@bangkom_bot', { kind: 'kartu' }],
    ['kartu data saya', { kind: 'kartu' }],
    ['kartu data pengembangan kompetensi', { kind: 'kartu' }],
    ['my data card', { kind: 'kartu' }],
    ['data card', { kind: 'kartu' }],
    ['kartu data 199003152015032001', { kind: 'kartu', nip: '199003152015032001' }],
    ['kartu data 19900315 201503 2 001', { kind: 'kartu', nip: '19900315 201503 2 001' }],
    ['/kartu 199003152015032001', { kind: 'kartu', nip: '199003152015032001' }],
    ['kartu 12345', { kind: 'kartu', nip: '12345' }],
    ['kartunya mana', { kind: 'unknown' }],
  ])('%s', (text, intent) => expect(parseIntent(text)).toEqual(intent));
});

describe('who gets whose Kartu Data (console)', () => {
  const t = catalog('id');
  it.each<[string, string, string, string | 'refused' | 'unknown' | 'bad-nip']>([
    ['self, "kartu data"', 'siti', 'kartu data', NIP.siti],
    ['self, /kartu', 'siti', '/kartu', NIP.siti],
    ['self by own NIP, spaced', 'siti', 'kartu data 19900315 201503 2 001', NIP.siti],
    ['admin for anyone (Dewi, outside every tree)', 'rina', `kartu data ${NIP.orphan}`, NIP.orphan],
    ['admin for a NIP not in the roster', 'rina', `kartu data ${NOBODY}`, 'unknown'],
    ['atasan for a direct subordinate (Budi → Siti)', 'budi', `kartu data ${NIP.siti}`, NIP.siti],
    ['atasan for a subordinate further down (Hendra → Siti)', 'hendra', `/kartu ${NIP.siti}`, NIP.siti],
    ['atasan for a non-subordinate (Budi → Dewi) refused', 'budi', `kartu data ${NIP.orphan}`, 'refused'],
    ["atasan for their own atasan (Budi → Hendra) refused", 'budi', `kartu data ${KEPALA}`, 'refused'],
    ['colleague (Siti → Andi) refused', 'siti', `kartu data ${NIP.andi}`, 'refused'],
    ['stranger (Dewi → Siti) refused', 'dewi', `kartu data ${NIP.siti}`, 'refused'],
    ['non-admin, a NIP not in the roster: refused alike', 'budi', `kartu data ${NOBODY}`, 'refused'],
    ['a malformed NIP', 'budi', 'kartu data 12345', 'bad-nip'],
  ])('%s', async (_case, user, text, expected) => {
    await world();
    const out = await say(user, text);
    if (expected === 'refused' || expected === 'unknown' || expected === 'bad-nip') {
      const wanted =
        expected === 'refused'
          ? t.kartuNotAllowed
          : expected === 'unknown'
            ? t.kartuUnknownNip('19910101 201903 1 001')
            : t.kartuBadNip('NIP harus 18 digit angka');
      expect(out).toEqual([{ to: user, ref: expect.any(String), text: wanted }]);
      expect(await keptFiles()).toBe(0);
      return;
    }
    const self = expected === USERS[user];
    expect(out.map((l) => l.text)).toEqual([
      self ? t.kartuOwn : expect.stringContaining(NAME[expected]!),
      expect.stringMatching(new RegExp(`^Kartu Data Pengembangan Kompetensi — ${NAME[expected]}, NIP ${expected.slice(0, 8)} `)),
    ]);
    expect(out[1]!.document).toMatchObject({ name: `Kartu Data ${NAME[expected]}.pdf`, mime: 'application/pdf' });
  });
});

describe('the card on the console', () => {
  it('is saved where the terminal user can open it: the PDF of their own card, the same bytes the store keeps', async () => {
    await world();
    const [intro, doc] = await say('siti', 'kartu data');
    expect(intro!.text).toBe(catalog('id').kartuOwn);
    const saved = doc!.document!.saved!;
    expect(saved).toBe(join(w!.dir, 'unduhan', 'Kartu Data Siti Rahmawati.pdf'));
    const bytes = await readFile(saved);
    expect(doc!.document!.size).toBe(bytes.byteLength);
    const [kept] = await readdir(join(w!.dir, 'evidence'));
    expect(kept).toBe(`${createHash('sha256').update(bytes).digest('hex')}.pdf`);
    const text = (await pdfPages(bytes)).join(' ');
    expect(text).toContain('Siti Rahmawati');
    expect(text).toContain('19900315 201503 2 001');
    // Asked again: the same name, the newer card (a file of that name with other bytes is kept aside).
    const [, again] = await say('siti', '/kartu');
    expect(again!.document!.saved).toMatch(/unduhan\/Kartu Data Siti Rahmawati( \(2\))?\.pdf$/);
  });

  it('answers in English for an English speaker', async () => {
    await world();
    await say('budi', '/bahasa en');
    const out = await say('budi', `kartu data ${NIP.siti}`);
    expect(out[0]!.text).toBe(catalog('en').kartuOther('Siti Rahmawati', '19900315 201503 2 001'));
    expect(out[1]!.text).toMatch(/, as of 22 November 2026$/);
  });
});
