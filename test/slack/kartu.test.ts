import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../src/engine/i18n/index.js';
import { imOf } from '../fakes/slack-web-api.js';
import { NIP } from '../helpers/script-driver.js';
import { pdfPages } from '../kartu/pdf-text.js';
import { SlackWorld, U } from './harness.js';

const t = catalog('id');

let s: SlackWorld;
beforeEach(async () => {
  s = await SlackWorld.start();
});
afterEach(async () => {
  await s.close();
  expect(s.logs.filter((l) => l.startsWith('error'))).toEqual([]);
});

async function linkByEmail(user: string, email: string): Promise<void> {
  s.slack.emails.set(user, email);
  await s.say(user, 'halo');
}

describe('Kartu Data over the Slack fake (real adapter, engine, relay)', () => {
  it('"kartu data": a short text, then the PDF uploaded into the DM with its caption and bytes', async () => {
    await linkByEmail(U.siti, 'siti@example.go.id');
    const posted = await s.say(U.siti, 'kartu data');
    expect(posted.map((m) => m.text)).toEqual([t.kartuOwn, expect.stringMatching(/^Kartu Data Pengembangan Kompetensi — Siti Rahmawati, NIP 19900315 201503 2 001, per /)]);
    expect(s.slack.calls.map((c) => c.method).filter((m) => m.startsWith('files.') || m === 'upload')).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [file] = s.slack.sharedFiles(imOf(U.siti));
    expect(file!.name).toBe('Kartu Data Siti Rahmawati.pdf');
    const pages = (await pdfPages(file!.bytes)).join(' ');
    expect(pages).toContain('Siti Rahmawati');
    expect(pages).toContain('19900315 201503 2 001');
  });

  it("the slash command /bangkom kartu NIP from the atasan; a colleague's request is refused politely", async () => {
    await linkByEmail(U.budi, 'budi@example.go.id');
    const posted = await s.command(U.budi, '/bangkom', `kartu ${NIP.siti}`);
    expect(posted[0]!.text).toBe(t.kartuOther('Siti Rahmawati', '19900315 201503 2 001'));
    expect(s.slack.sharedFiles(imOf(U.budi)).map((f) => f.name)).toEqual(['Kartu Data Siti Rahmawati.pdf']);

    await linkByEmail(U.siti, 'siti@example.go.id');
    expect((await s.say(U.siti, `kartu data ${NIP.andi}`)).map((m) => m.text)).toEqual([t.kartuNotAllowed]);
    expect(s.slack.sharedFiles(imOf(U.siti))).toEqual([]);
  });
});
