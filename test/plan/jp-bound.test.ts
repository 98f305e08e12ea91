import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { catalog } from '../../src/engine/i18n/index.js';
import type { CertificateReadResult } from '../../src/engine/report/certificate.js';
import { smallPdf } from '../helpers/small-pdf.js';
import { makeWorld, NIP, ScriptDriver, texts, type World } from '../helpers/script-driver.js';

/** The JP bound (1000 JP) where a report takes a JP without its question: the first sentence and a certificate. */
const t = catalog('id');
let w: World;
let chat: ScriptDriver;
afterEach(async () => {
  await chat.end();
  await w.close();
});

async function setUp(certificateJp?: number): Promise<void> {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  const result: CertificateReadResult = {
    ok: true,
    source: 'pdf-text',
    text: 'SERTIFIKAT\ndiberikan kepada\nSiti Rahmawati\nWebinar Transformasi Digital',
    fields: { participant: 'Siti Rahmawati', title: 'Webinar Transformasi Digital', organizer: 'BPSDM', startDate: '2026-03-10', endDate: '2026-03-11', jp: certificateJp ?? 8, number: '800/1/2026' },
  };
  chat = new ScriptDriver(new Engine({ ...w.deps, readCertificate: async () => result }));
}
const data = async () => (await w.store.getState('console:siti'))?.data as Record<string, unknown>;

describe('the JP bound in the report (defect 4)', () => {
  it.each([
    ['6 JP stated', 'e-learning ASN Unggul 6 JP', 6],
    ['1000 JP stated', 'e-learning ASN Unggul 1000 JP', 1000],
    ['5000 JP stated', 'e-learning ASN Unggul 5000 JP', undefined],
    ['800 hours stated (more than 1000 JP)', 'e-learning ASN Unggul 800 jam', undefined],
  ])('the first sentence with %s', async (_name, sentence, jp) => {
    await setUp();
    const out = await chat.say('siti', sentence);
    expect((await data()).jp).toBe(jp);
    expect(texts(out).includes(t.jpTooLarge(1000))).toBe(jp === undefined);
    if (jp === undefined) expect((await data()).answered).not.toContain('amount');
  });

  it.each([
    [8, 8],
    [5000, undefined],
  ])('a certificate read with %i JP fills the certificate JP: %s', async (read, want) => {
    await setUp(read);
    await chat.say('siti', 'lapor');
    const path = join(w.dir, 'c.pdf');
    await writeFile(path, smallPdf('c'));
    await chat.file('siti', 'sertifikat.pdf', path);
    expect((await data()).certJp ?? undefined).toBe(want);
  });
});
