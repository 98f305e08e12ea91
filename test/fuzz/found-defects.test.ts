import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingFile, InboundEvent } from '../../src/chat/events.js';
import { Engine } from '../../src/engine/engine.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { parseUserDate } from '../../src/domain/dates.js';
import { BYTES, PROTO_KEYS } from './inputs.js';

/**
 * What the engine fuzz found (issue 10), each replayed on its own: before the fixes, these gave the
 * internal-error apology, or stored a name that made every later "Kirim" fail.
 */

const id = catalog('id');
const siti = { platform: 'console' as const, id: 'siti' };
let w: World;
let engine: Engine;
let errors: unknown[];

beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  errors = [];
  engine = new Engine(w.deps, (err) => errors.push(err));
});
afterEach(async () => w.close());

const send = (event: unknown) => engine.handleTurn(event as InboundEvent);
const say = (text: unknown) => send({ kind: 'text', from: siti, text });
const replies = async (event: unknown) => (await send(event)).messages.map((m) => ('text' in m ? m.text : '')).join('\n');
const state = () => w.store.getState('console:siti');

/** Answers a webinar report up to the question `until` (the evidence question by default). */
async function toEvidence(until = 'evidence'): Promise<void> {
  const answers: Record<string, string> = {
    title: 'Webinar Literasi Digital',
    organizer: 'BPSDM Provinsi',
    scope: 'nasional',
    start: '10/03/2026',
    end: 'sama',
    amount: '1',
    certjp: 'tidak',
    certno: 'lewati',
  };
  await say('lapor webinar');
  for (let i = 0; i < 12; i++) {
    const step = (await state())?.step;
    if (step === until) return;
    await say(answers[step ?? ''] ?? '?');
  }
  throw new Error(`stuck at ${(await state())?.step}`);
}

const file = (over: Partial<Record<keyof IncomingFile, unknown>>): IncomingFile =>
  ({ name: 'sertifikat.pdf', mime: 'application/pdf', size: BYTES.pdf.byteLength, fetch: async () => BYTES.pdf, ...over }) as IncomingFile;

describe('text of the wrong type or with broken encoding is unreadable, and changes nothing', () => {
  for (const text of [42, null, undefined, {}, ['lapor', 'webinar'], true, 'Webinar \ud800 ASN', '\udfff']) {
    it(`text ${JSON.stringify(text) ?? 'undefined'}`, async () => {
      await toEvidence();
      await say('kembali'); // back at the certificate number, a free-text question
      const before = await state();
      expect(await replies({ kind: 'text', from: siti, text })).toBe(id.unreadable);
      expect(await state()).toEqual(before);
      expect(errors).toEqual([]);
    });
  }
});

describe('evidence with an odd name or a broken payload: a clean name is kept, and the report can be sent', () => {
  const long = `${'x'.repeat(100_000)}.pdf`;
  const rows: { name: string; file: IncomingFile; kept: string | RegExp }[] = [
    { name: 'an empty name', file: file({ name: '' }), kept: 'bukti.pdf' },
    { name: 'a name that is a number', file: file({ name: 12345 }), kept: 'bukti.pdf' },
    { name: 'a name that is an array', file: file({ name: ['a.pdf'] }), kept: 'bukti.pdf' },
    { name: 'a 100k-char name', file: file({ name: long }), kept: /^x{100,}…\.pdf$/ },
    { name: 'a lone surrogate in the name', file: file({ name: 'sert\ud800ifikat.pdf' }), kept: 'sertifikat.pdf' },
    { name: 'a path', file: file({ name: '../../etc/passwd' }), kept: 'passwd' },
    { name: 'a bidi override', file: file({ name: 'foto\u202egpj.pdf' }), kept: 'fotogpj.pdf' },
    { name: 'control characters', file: file({ name: 'a\u0000b\u001b.pdf' }), kept: 'ab.pdf' },
    { name: 'a mime type that is a number', file: file({ mime: 42 }), kept: 'sertifikat.pdf' },
    { name: 'a mime type that is an object', file: file({ mime: { type: 'application/pdf' } }), kept: 'sertifikat.pdf' },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      await toEvidence();
      const saved = await replies({ kind: 'file', from: siti, file: row.file });
      expect((await state())?.step).toBe('summary');
      await say('kirim');
      const [stored] = await w.store.activitiesOf(NIP.siti);
      if (typeof row.kept === 'string') expect(stored?.evidence?.name).toBe(row.kept);
      else expect(stored?.evidence?.name).toMatch(row.kept);
      expect(stored!.evidence!.name.length).toBeLessThanOrEqual(120);
      expect(saved).toContain(id.evidenceSaved(stored!.evidence!.name));
      expect(errors).toEqual([]);
    });
  }

  for (const [name, payload] of [
    ['no file at all', null],
    ['a file without fetch', { name: 'a.pdf', mime: 'application/pdf', size: 3 }],
    ['a download that gives a string', file({ fetch: async () => 'not bytes' })],
  ] as const) {
    it(`${name}: the download failed, the question stays`, async () => {
      await toEvidence();
      expect(await replies({ kind: 'file', from: siti, file: payload })).toContain(id.evidenceDownloadFailed);
      expect((await state())?.step).toBe('evidence');
      expect(errors).toEqual([]);
    });
  }
});

describe('a prototype key typed as a date is no date (it was looked up through Object.prototype)', () => {
  for (const key of PROTO_KEYS) {
    it(key, async () => {
      expect(parseUserDate(key, w.clock.now(), 'Asia/Jakarta')).toEqual({ ok: false, reason: 'format' });
      expect(parseUserDate(`10 ${key} 2026`, w.clock.now(), 'Asia/Jakarta')).toEqual({ ok: false, reason: 'format' });
      await toEvidence('start');
      expect(await replies({ kind: 'text', from: siti, text: key })).toContain(id.dateFormat);
      expect((await state())?.step).toBe('start');
      expect(errors).toEqual([]);
    });
  }
});
