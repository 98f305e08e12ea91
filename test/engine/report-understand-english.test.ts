import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeJp, type ActivityInput } from '../../src/rules/index.js';
import { forUser, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

const D1 = { start: '2026-03-10', end: '2026-03-10' };
const D2 = { start: '2026-03-10', end: '2026-03-11' };
const LAN = 'Peraturan LAN 10/2018';

/** Issue 13: the rule explanation speaks the user's language; the citations keep the sources' words. */
const CASES: [string, ActivityInput, string, string][] = [
  [
    'LAN B.1 no. 7, seminar international 6 JP per day',
    { type: 'seminar', scope: 'internasional', days: 2, ...D2 },
    'lan-2018',
    `Seminar / conference international: 2 days × 6 JP = 12 JP (${LAN}, Lampiran B.1 no. 7)`,
  ],
  [
    'seed 000/004: the JP on the certificate replaces the day conversion',
    { type: 'seminar', scope: 'nasional', days: 2, jp: 8, ...D2 },
    'lan-2018',
    `Seminar / conference national: JP stated on the supporting document 8 JP, replacing the conversion 2 days × 4 JP (${LAN}, Lampiran B.1 no. 7)`,
  ],
  [
    'LAN B.2 no. 5, coaching 2 JP per session, monthly cap note',
    { type: 'coaching', scope: 'nasional', count: 3, ...D2 },
    'lan-2018',
    `Coaching national: 3 sessions × 2 JP = 6 JP; the limit of 2 sessions per month is applied in the totals (${LAN}, Lampiran B.2 no. 5)`,
  ],
  [
    'LAN B.2 no. 8, e-learning at most 3 JP per day of online access',
    { type: 'e-learning', scope: 'nasional', jp: 10, days: 2, ...D2 },
    'lan-2018',
    `E-learning national: JP of online access 10 JP; at most 3 JP per day × 2 days = 6 JP, counted 6 JP (${LAN}, Lampiran B.2 no. 8)`,
  ],
  [
    'README: minutes are converted at 45 minutes per JP',
    { type: 'e-learning', scope: 'nasional', durationMinutes: 90, ...D1 },
    'lan-2018',
    `E-learning national: JP of online access 90 minutes ÷ 45 = 2 JP (${LAN}, Lampiran B.2 no. 8)`,
  ],
  [
    'LAN B.1 no. 4, programme JP + 20% international',
    { type: 'pelatihan-teknis', scope: 'internasional', jp: 10, ...D2 },
    'lan-2018',
    `Technical training international: programme JP 10 JP + 20% = 12 JP (${LAN}, Lampiran B.1 no. 4)`,
  ],
  [
    'Kutai Barat IV.D.10: komunitas belajar, a monthly cap counted in JP, its citation shortened',
    { type: 'komunitas-belajar', scope: 'nasional', jp: 4, ...D1 },
    'kutai-barat-2024',
    'Community of practice national: JP stated on the supporting document 4 JP, replacing the conversion 1 day × 2 JP; the limit of 3 times × 2 JP per month (Persyaratan, lama pelaksanaan) is applied in the totals (Pedoman DPUPR Kutai Barat 2024, IV.D.10.i; monthly limit: IV.D.10.e.7)',
  ],
];

describe('the JP explanation in English', () => {
  it.each(CASES)('%s', (_source, input, profile, expected) => {
    expect(computeJp(input, profile, 'en').explanation).toBe(expected);
  });

  it('Indonesian stays the default (the stored explanation, the Kartu Data)', () => {
    expect(computeJp(CASES[0]![1], 'lan-2018').explanation).toBe(`Seminar internasional: 2 hari × 6 JP = 12 JP (${LAN}, Lampiran B.1 no. 7)`);
  });
});

describe('the report in English mode', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
    await w.link('siti', NIP.siti);
    await w.link('budi', NIP.atasan);
  });
  afterEach(async () => w.close());

  it('the summary explains the JP in English; the atasan reading Indonesian gets it in Indonesian, one reading English in English', async () => {
    await w.chat.say('siti', '/bahasa en');
    await w.chat.say('siti', 'report webinar');
    await w.chat.say('siti', 'Digital Literacy Webinar');
    await w.chat.say('siti', 'BPSDM');
    await w.chat.press('siti', 'International');
    await w.chat.say('siti', '10 March 2026');
    await w.chat.say('siti', '11 March 2026');
    await w.chat.press('siti', '2 days');
    await w.chat.press('siti', 'None');
    await w.chat.press('siti', 'Skip');
    const summary = texts(await w.chat.press('siti', 'Skip'));
    expect(summary).toContain(`Seminar / conference international: 2 days × 6 JP = 12 JP (${LAN}, Lampiran B.1 no. 7)`);
    expect(summary).not.toContain('hari');
    const sent = await w.chat.press('siti', 'Send to atasan');
    expect(texts(forUser(sent, 'budi'))).toContain(`Seminar internasional: 2 hari × 6 JP = 12 JP (${LAN}, Lampiran B.1 no. 7)`);
    const [stored] = await w.store.activitiesOf(NIP.siti, 2026);
    expect(stored!.explanation).toBe(`Seminar internasional: 2 hari × 6 JP = 12 JP (${LAN}, Lampiran B.1 no. 7)`);

    await w.store.setEmployeeLang(NIP.atasan, 'en');
    await w.chat.say('siti', 'report webinar');
    await w.chat.say('siti', 'Second Webinar');
    await w.chat.say('siti', 'BPSDM');
    await w.chat.press('siti', 'National');
    await w.chat.say('siti', '12 March 2026');
    await w.chat.press('siti', 'Same as start date');
    await w.chat.press('siti', '1 day');
    await w.chat.press('siti', 'None');
    await w.chat.press('siti', 'Skip');
    await w.chat.press('siti', 'Skip');
    const second = await w.chat.press('siti', 'Send to atasan');
    expect(texts(forUser(second, 'budi'))).toContain(`Seminar / conference national: 1 day × 4 JP = 4 JP (${LAN}, Lampiran B.1 no. 7)`);
  });
});
