import { createHash } from 'node:crypto';
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { Relay } from '../../src/delivery/relay.js';
import { importRoster } from '../../src/domain/roster.js';
import { issueInvite } from '../../src/domain/invites.js';
import type { Store } from '../../src/domain/store.js';
import { Engine } from '../../src/engine/engine.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { makeWorld, NIP, ROSTER_CSV, TestClock } from '../../test/helpers/script-driver.js';
import { pdfPages } from '../../test/kartu/pdf-text.js';
import { freshDatabase } from '../../test/pg/database.js';
import { telegramSenderFor } from './sender.js';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';
import { memoryLogger, startTelegramWorld, type TelegramWorld } from './testing/harness.js';

const SITI = 5001;
const BUDI = 5002;
const t = catalog('id');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('Kartu Data over the Telegram fake (real adapter, engine, relay)', () => {
  let tw: TelegramWorld;
  afterEach(async () => tw.close());

  async function link(userId: number, nip: string): Promise<void> {
    const invite = await issueInvite(tw.w.store, nip, tw.w.clock.now());
    await tw.step(tw.tg.text(userId, `/start ${invite.code}`));
    expect(tw.tg.lastText(userId)).toContain('terhubung');
  }

  it('"kartu data": a short text, then the PDF as a document with its name, caption and the stored bytes', async () => {
    tw = await startTelegramWorld();
    await link(SITI, NIP.siti);
    await tw.step(tw.tg.text(SITI, 'kartu data'));
    const [intro, doc] = tw.tg.messages(SITI).slice(-2);
    expect(intro!.text).toBe(t.kartuOwn);
    expect(intro!.document).toBeUndefined();
    expect(doc!.document).toMatchObject({ name: 'Kartu Data Siti Rahmawati.pdf', mime: 'application/pdf' });
    expect(doc!.text).toBe('Kartu Data Pengembangan Kompetensi — Siti Rahmawati, NIP 19900315 201503 2 001, per 22 November 2026');
    const pages = (await pdfPages(doc!.document!.bytes)).join(' ');
    expect(pages).toContain('Siti Rahmawati');
    expect(pages).toContain('19900315 201503 2 001');
    expect(tw.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it("/kartu NIP from the atasan sends the subordinate's card into the atasan's chat", async () => {
    tw = await startTelegramWorld();
    await link(BUDI, NIP.atasan);
    await tw.step(tw.tg.text(BUDI, `/kartu ${NIP.siti}`));
    const [intro, doc] = tw.tg.messages(BUDI).slice(-2);
    expect(intro!.text).toBe(t.kartuOther('Siti Rahmawati', '19900315 201503 2 001'));
    expect(doc!.document!.name).toBe('Kartu Data Siti Rahmawati.pdf');
    expect(tw.tg.messages(SITI)).toEqual([]);
  });
});

/**
 * The turn commits the text and the document into the store's outbox; the process stops before sending
 * (no relay ran); another process on the same store sends them: the outbox held a reference, the store
 * the bytes.
 */
describe('a restart between the commit and the delivery', () => {
  const from = { platform: 'telegram' as const, id: String(SITI) };
  const clock = new TestClock(new Date('2026-11-22T03:00:00Z'));

  async function commitKartu(store: Store, dataDir: string): Promise<string> {
    await store.linkAccount({ platform: 'telegram', userId: from.id, nip: NIP.siti, linkedAt: clock.now().toISOString(), lastSeenAt: '' });
    const engine = new Engine({ store, clock, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir }, undefined, { flood: false });
    const turn = await engine.handleTurn({ kind: 'text', from, text: 'kartu data' });
    expect(turn.committed).toBe(true);
    const pending = await store.pendingOutbound();
    expect(pending.map((r) => r.message.kind)).toEqual(['send', 'document']);
    const doc = pending[1]!.message;
    if (doc.kind !== 'document') throw new Error('no document');
    // A reference only: nothing of the PDF itself in the outbox.
    expect(JSON.stringify(pending[1])).not.toContain('%PDF');
    expect(JSON.stringify(pending[1]).length).toBeLessThan(1000);
    return doc.file.hash;
  }

  async function deliverFrom(store: Store, tg: FakeBotApi): Promise<void> {
    const log = memoryLogger();
    const sender = telegramSenderFor(new Api(FAKE_TOKEN, { apiRoot: tg.url }), log, { globalPerSecond: 30, perChatPerSecond: 30 }, undefined, store);
    const outbox = new Outbox([sender], { retries: 2, minBackoffMs: 10, maxBackoffMs: 20 });
    const relay = new Relay(store, outbox, log, { platforms: ['telegram'] });
    expect(await relay.drain(10_000)).toBe(0);
    await relay.stop();
    await outbox.close();
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  }

  async function expectDelivered(tg: FakeBotApi, hash: string): Promise<void> {
    const [intro, doc] = tg.messages(SITI);
    expect(intro!.text).toBe(t.kartuOwn);
    expect(doc!.document!.name).toBe('Kartu Data Siti Rahmawati.pdf');
    expect(sha256(doc!.document!.bytes)).toBe(hash);
  }

  it('lowdb: the reopened store sends the document with the bytes kept beside the database', async () => {
    const w = await makeWorld();
    const tg = await new FakeBotApi().start();
    try {
      const hash = await commitKartu(w.store, w.dir);
      await w.restart();
      await deliverFrom(w.store, tg);
      await expectDelivered(tg, hash);
      expect(await w.store.pendingOutbound()).toEqual([]);
    } finally {
      await tg.close();
      await w.close();
    }
  });

  it('PostgreSQL: another process on the database sends it, reading the bytes from the database', async () => {
    const db = await freshDatabase();
    const tg = await new FakeBotApi().start();
    const first = new PgStore(db.url);
    const second = new PgStore(db.url);
    try {
      await first.open();
      await importRoster(first, ROSTER_CSV, clock.now());
      const hash = await commitKartu(first, '');
      await first.close();
      await second.open();
      await deliverFrom(second, tg);
      await expectDelivered(tg, hash);
    } finally {
      await second.close().catch(() => undefined);
      await tg.close();
      await db.drop();
    }
  });
});
