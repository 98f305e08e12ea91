import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage, OutgoingFile } from '../../src/chat/events.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { keepDocument } from '../../src/domain/keep-document.js';
import type { Store } from '../../src/domain/store.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { smallPdf } from '../../test/helpers/small-pdf.js';
import { telegramSenderFor } from './sender.js';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';
import { memoryLogger } from './testing/harness.js';

const CHAT = 7001;
const to = { platform: 'telegram' as const, id: String(CHAT) };
const doc = (file: OutgoingFile, text = ''): OutboundMessage => ({ kind: 'document', to, file, text });

let tg: FakeBotApi;
let dir: string;
let store: Store;
let log: ReturnType<typeof memoryLogger>;
const outboxFor = (files: Store | undefined) =>
  new Outbox([telegramSenderFor(new Api(FAKE_TOKEN, { apiRoot: tg.url }), log, { globalPerSecond: 30, perChatPerSecond: 30 }, undefined, files)], {
    retries: 2,
    minBackoffMs: 10,
    maxBackoffMs: 20,
  });

beforeEach(async () => {
  tg = await new FakeBotApi().start();
  dir = await mkdtemp(join(tmpdir(), 'bangkom-tgdoc-'));
  store = await openLowdbStore(join(dir, 'db.json'));
  log = memoryLogger();
});
afterEach(async () => {
  await tg.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Telegram sendDocument through the outbox', () => {
  it('uploads the bytes kept in the store, under their name, with the caption rendered', async () => {
    const pdf = smallPdf('siti');
    const file = await keepDocument(store, pdf, 'Kartu Data Siti Rahmawati.pdf', 'application/pdf');
    const report = await outboxFor(store).deliver([doc(file, 'Kartu Data *Siti Rahmawati* <2026>')]);
    expect(report).toEqual({ sent: 1, failed: [] });
    const [m] = tg.messages(CHAT);
    expect(m!.document).toMatchObject({ name: 'Kartu Data Siti Rahmawati.pdf', mime: 'application/pdf' });
    expect(Buffer.from(m!.document!.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(m).toMatchObject({ text: 'Kartu Data Siti Rahmawati <2026>', parse_mode: 'HTML', entities: [{ type: 'bold', offset: 11, length: 14 }] });
    // Multipart, not JSON: the file is a part of the request, which the payload points at.
    expect(tg.callsOf('sendDocument')[0]!.payload.document).toMatch(/^attach:\/\//);
  });

  it('a name Telegram would misread (";", quotes, "%") is uploaded with those characters replaced', async () => {
    const file = await keepDocument(store, smallPdf(), 'Kartu; "Data" 100%.pdf', 'application/pdf');
    expect((await outboxFor(store).deliver([doc(file)])).sent).toBe(1);
    expect(tg.messages(CHAT)[0]).toMatchObject({ text: '', document: { name: 'Kartu_ _Data_ 100_.pdf' } });
    expect(tg.callsOf('sendDocument')[0]!.payload).not.toHaveProperty('caption');
  });

  it('falls back to a plain caption when Telegram refuses the HTML', async () => {
    const file = await keepDocument(store, smallPdf(), 'kartu.pdf', 'application/pdf');
    tg.fail('sendDocument', { error_code: 400, description: "Bad Request: can't parse entities: unexpected end tag" });
    expect((await outboxFor(store).deliver([doc(file, 'Kartu *Anda*')])).sent).toBe(1);
    expect(tg.messages(CHAT)).toMatchObject([{ text: 'Kartu Anda', parse_mode: undefined }]);
    expect(log.lines.map((l) => l.msg)).toContain('telegram: HTML caption refused, sent as plain text');
  });

  it('waits out a 429 and retries a 5xx, uploading again; a blocked user is unreachable', async () => {
    const file = await keepDocument(store, smallPdf(), 'kartu.pdf', 'application/pdf');
    tg.fail('sendDocument', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    tg.fail('sendDocument', { error_code: 502, description: 'Bad Gateway' }, { skip: 0 });
    const outbox = outboxFor(store);
    expect((await outbox.deliver([doc(file)])).sent).toBe(1);
    const calls = tg.callsOf('sendDocument');
    expect(calls).toHaveLength(3);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(tg.messages(CHAT)).toHaveLength(1);

    tg.blocked.add(CHAT);
    const report = await outbox.deliver([doc(file)]);
    expect(report.failed).toMatchObject([{ reason: 'unreachable', error: expect.stringContaining('403') }]);
  });

  it('a file gone from the store, or not the bytes referenced, is refused for good without calling Telegram', async () => {
    const file = await keepDocument(store, smallPdf(), 'kartu.pdf', 'application/pdf');
    const gone = { ...file, hash: 'f'.repeat(64), path: join(dir, 'evidence', `${'f'.repeat(64)}.pdf`) };
    const other = { ...file, hash: 'e'.repeat(64) };
    const report = await outboxFor(store).deliver([doc(gone), doc(other)]);
    expect(report.failed.map((f) => [f.reason, f.error])).toEqual([
      ['permanent', 'document kartu.pdf: its file is gone from the store'],
      ['permanent', 'document kartu.pdf: the stored bytes do not match its hash'],
    ]);
    expect(tg.callsOf('sendDocument')).toEqual([]);
  });

  it('a sender given no store keeps the document for later (transient), never sending an empty file', async () => {
    const file = await keepDocument(store, smallPdf(), 'kartu.pdf', 'application/pdf');
    const report = await outboxFor(undefined).deliver([doc(file)]);
    expect(report.failed).toMatchObject([{ reason: 'gave-up', error: expect.stringContaining('no store') }]);
    expect(tg.callsOf('sendDocument')).toEqual([]);
  });
});
