import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { makeWorld, NIP, ScriptDriver, type World } from '../helpers/script-driver.js';

/**
 * Issue 13 review, defect 7: the title and organiser questions take an answer that states more ("SPBE dari
 * Kominfo kemarin") as the README says any step does, without cutting titles that merely hold such words.
 * The world's clock is 22 November 2026 (Jakarta): "kemarin" is the 21st.
 */
let w: World;
let chat: ScriptDriver;
afterEach(async () => {
  await chat.end();
  await w.close();
});

async function atQuestion(step: 'title' | 'organizer'): Promise<void> {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  chat = new ScriptDriver(new Engine(w.deps));
  await chat.say('siti', 'lapor webinar');
  if (step === 'organizer') await chat.say('siti', 'Literasi Digital');
}

const data = async () => (await w.store.getState('console:siti'))?.data as Record<string, unknown>;

describe('the title question', () => {
  it.each([
    { name: 'review: "SPBE dari Kominfo kemarin"', text: 'SPBE dari Kominfo kemarin', expected: { title: 'SPBE', organizer: 'Kominfo', start: '2026-11-21', end: '2026-11-21' } },
    { name: 'README: "Literasi Digital oleh BPSDM Kaltim"', text: 'Literasi Digital oleh BPSDM Kaltim', expected: { title: 'Literasi Digital', organizer: 'BPSDM Kaltim' } },
    { name: 'review: "Manajemen Risiko, 10 Maret 2026, 2 hari" (a date and days)', text: 'Manajemen Risiko, 10 Maret 2026, 2 hari', expected: { title: 'Manajemen Risiko', start: '2026-03-10' } },
    { name: 'title with "dari" and no organisation: "Peran ASN dari Perspektif Hukum"', text: 'Peran ASN dari Perspektif Hukum', expected: { title: 'Peran ASN dari Perspektif Hukum', organizer: undefined } },
    { name: 'title with "dari": "Kebijakan dari Hulu ke Hilir"', text: 'Kebijakan dari Hulu ke Hilir', expected: { title: 'Kebijakan dari Hulu ke Hilir', organizer: undefined } },
    { name: 'title with days in the middle: "Pelatihan 3 Hari Menulis Kreatif"', text: 'Pelatihan 3 Hari Menulis Kreatif', expected: { title: 'Pelatihan 3 Hari Menulis Kreatif', days: undefined } },
    { name: 'title with "di": "Transformasi Digital di Sektor Publik"', text: 'Transformasi Digital di Sektor Publik', expected: { title: 'Transformasi Digital di Sektor Publik', organizer: undefined } },
    { name: 'title with "by": "Leadership by Example"', text: 'Leadership by Example', expected: { title: 'Leadership by Example', organizer: undefined } },
  ])('$name', async ({ text, expected }) => {
    await atQuestion('title');
    await chat.say('siti', text);
    const state = await data();
    for (const [key, value] of Object.entries(expected)) expect(state[key], key).toBe(value);
    expect((state.answered as string[]).includes('title')).toBe(true);
  });
});

describe('the organiser question', () => {
  it.each([
    { name: 'review: "Kominfo kemarin"', text: 'Kominfo kemarin', expected: { organizer: 'Kominfo', start: '2026-11-21' } },
    { name: '"BPSDM Kaltim, 10 Maret 2026"', text: 'BPSDM Kaltim, 10 Maret 2026', expected: { organizer: 'BPSDM Kaltim', start: '2026-03-10' } },
    { name: 'organiser with "di": "BPSDM di Samarinda"', text: 'BPSDM di Samarinda', expected: { organizer: 'BPSDM di Samarinda', start: undefined } },
    { name: 'organiser with a number: "Pusdiklat Wilayah 2"', text: 'Pusdiklat Wilayah 2', expected: { organizer: 'Pusdiklat Wilayah 2', start: undefined } },
  ])('$name', async ({ text, expected }) => {
    await atQuestion('organizer');
    await chat.say('siti', text);
    const state = await data();
    for (const [key, value] of Object.entries(expected)) expect(state[key], key).toBe(value);
  });
});
