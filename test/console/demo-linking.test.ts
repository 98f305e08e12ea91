import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ATASAN_NIP, DEMO_EMPLOYEE_NIP } from '../../adapters/console/demo-roster.js';
import { runInteractive } from '../../adapters/console/interactive.js';
import { openApp, type App } from '../../src/app/open.js';

const ATASAN = DEMO_ATASAN_NIP;
const SITI = DEMO_EMPLOYEE_NIP;
/** The prompt the terminal chat writes once a line is fully handled (and its messages settled). */
const PROMPT = /^\n\d{18}> $/;

/**
 * Types into the terminal demo (`npm start` without chat tokens) like a person: each line resolves with
 * what was printed for it, up to the next prompt.
 */
class Terminal {
  private readonly input = new PassThrough();
  private printed = '';
  private waiter: ((text: string) => void) | undefined;
  private readonly first: Promise<string>;
  readonly done: Promise<void>;

  constructor(app: App) {
    const output = new Writable({
      write: (chunk: Buffer, _enc, callback) => {
        const text = chunk.toString();
        if (PROMPT.test(text)) {
          const printed = this.printed;
          this.printed = '';
          this.waiter?.(printed);
          this.waiter = undefined;
        } else {
          this.printed += text;
        }
        callback();
      },
    });
    this.first = this.next();
    this.done = runInteractive(app, this.input, output);
  }

  private next(): Promise<string> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** What was printed before the first prompt. */
  start(): Promise<string> {
    return this.first;
  }

  type(line: string): Promise<string> {
    const printed = this.next();
    this.input.write(`${line}\n`);
    return printed;
  }

  /** Presses the button labelled `label` in what `shown` listed (`  [#2] Tolak`). */
  press(shown: string, label: string): Promise<string> {
    const hit = [...shown.matchAll(/\[#(\d+)\] (.+)/g)].find((m) => m[2] === label);
    if (!hit) throw new Error(`no button "${label}" in:\n${shown}`);
    return this.type(`#${hit[1]}`);
  }

  async quit(): Promise<void> {
    this.input.write('/keluar\n');
    await this.done;
  }
}

/** Siti reports a one-day national webinar up to "Kirim ke atasan"; returns what that press printed. */
async function reportWebinar(term: Terminal, title: string): Promise<string> {
  await term.type('lapor webinar');
  await term.type(title);
  let shown = await term.type('BPSDM Provinsi');
  shown = await term.press(shown, 'Nasional');
  shown = await term.type('10/03/2026');
  shown = await term.press(shown, 'Sama dengan tanggal mulai');
  shown = await term.press(shown, '1 hari');
  shown = await term.press(shown, 'Tidak ada');
  shown = await term.press(shown, 'Lewati');
  shown = await term.press(shown, 'Lewati');
  return term.press(shown, 'Kirim ke atasan');
}

let dir: string;
let app: App;
let term: Terminal;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangkom-demo-'));
  // A fresh store: the demo seeds its two-person roster and starts as Siti.
  app = await openApp({ db: join(dir, 'db.json'), profile: 'lan-2018', tz: 'Asia/Jakarta', fixedNow: new Date('2026-11-22T03:00:00Z') });
  term = new Terminal(app);
  expect(await term.start()).toContain(`Anda sekarang: Siti Rahmawati (${SITI}).`);
});
afterEach(async () => {
  await term.quit();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the terminal demo: /as links the console account and shows what waits', () => {
  it('an atasan who switches in after the report sees the request with its buttons, and is linked', async () => {
    expect(await app.store.getAccount('console', ATASAN)).toBeUndefined();
    expect(await reportWebinar(term, 'Webinar Literasi Digital')).toContain('Atasan Anda (Budi Santoso) belum terhubung');

    const switched = await term.type(`/as ${ATASAN}`);
    expect(switched).toContain('Anda sekarang: Budi Santoso');
    expect(switched).toContain('bot: 1 laporan menunggu persetujuan Anda');
    expect(switched).toContain('bot: Permohonan persetujuan bangkom dari Siti Rahmawati');
    expect(switched).toContain('Nama kegiatan: Webinar Literasi Digital');
    const buttons = [...switched.matchAll(/\[#\d+\] (.+)/g)].map((m) => m[1]);
    expect(buttons).toEqual(['Setujui', 'Tolak', 'Kembalikan (revisi)']);

    const account = await app.store.getAccount('console', ATASAN);
    expect(account).toMatchObject({ platform: 'console', userId: ATASAN, nip: ATASAN });
    // Printed means delivered: nothing of it is left waiting in the outbox.
    expect(await app.store.pendingOutbound({ platforms: ['console'] })).toEqual([]);

    // Again: already linked, so nothing is shown twice and the link is not redone.
    const again = await term.type(`/as ${ATASAN}`);
    expect(again).toContain('Anda sekarang: Budi Santoso');
    expect(again).not.toContain('bot');
    expect(again).not.toContain('[#');
    expect(await app.store.getAccount('console', ATASAN)).toEqual(account);
    expect(await app.store.pendingOutbound({ platforms: ['console'] })).toEqual([]);

    // The buttons shown on switching are live: the atasan approves with one press.
    const note = await term.press(switched, 'Setujui');
    expect(await term.press(note, 'Lewati')).toContain('Tercatat');
    const [report] = await app.store.activitiesOf(SITI);
    expect(report?.status).toBe('approved');
  });

  it('someone with nothing waiting sees nothing more than the switch', async () => {
    const switched = await term.type(`/as ${ATASAN}`);
    expect(switched.trim()).toBe(`Anda sekarang: Budi Santoso (${ATASAN}).`);
    expect(await app.store.getAccount('console', ATASAN)).toMatchObject({ nip: ATASAN });
  });

  it('an atasan linked before the report gets it at once; switching in names the buttons once', async () => {
    await term.type(`/as ${ATASAN}`);
    await term.type(`/as ${SITI}`);
    const sent = await reportWebinar(term, 'Pelatihan Excel');
    expect(sent).not.toContain('belum terhubung');
    expect(sent).toContain(`bot → ${ATASAN}: Permohonan persetujuan bangkom dari Siti Rahmawati`);

    const switched = await term.type(`/as ${ATASAN}`);
    expect(switched).not.toContain('bot');
    const buttons = [...switched.matchAll(/\[#\d+\] (.+)/g)].map((m) => m[1]);
    expect(buttons).toEqual(['Setujui', 'Tolak', 'Kembalikan (revisi)']);

    expect(await term.type(`/as ${ATASAN}`)).not.toContain('[#');
    const note = await term.press(switched, 'Setujui');
    expect(await term.press(note, 'Lewati')).toContain('Tercatat');
    const [report] = await app.store.activitiesOf(SITI);
    expect(report?.status).toBe('approved');
  });
});
