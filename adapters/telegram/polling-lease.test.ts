import { afterEach, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { Engine } from '../../src/engine/engine.js';
import { freshDatabase, type FreshDatabase } from '../../test/pg/database.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { createTelegramAdapter } from './index.js';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';

const silent = { info() {}, warn() {}, error() {} };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

/** An assistant process's Telegram side in long-polling mode, on its own store connection to `db`. */
async function assistantProcess(db: FreshDatabase, api: string) {
  const store = new PgStore(db.url);
  await store.open();
  const deps = { store, clock: { now: () => new Date() }, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir: '' };
  const ctx = { engine: new Engine(deps), outbox: new Outbox([]), store, config: { db: '', profile: 'lan-2018', tz: 'Asia/Jakarta' }, dataDir: '', log: silent, fatal: () => undefined };
  const adapter = await createTelegramAdapter(ctx, { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api }, { pollRetryMs: 20 });
  return { store, adapter };
}

it('long polling stays one process per database: a second process is refused at start with a clear message; after a clean stop another may poll (issue 11)', async () => {
  const db = await freshDatabase();
  cleanups.push(() => db.drop());
  const tg = await new FakeBotApi().start();
  cleanups.push(() => tg.close());
  const first = await assistantProcess(db, tg.url);
  const second = await assistantProcess(db, tg.url);
  cleanups.push(() => second.store.close(), () => first.store.close());

  await first.adapter.start();
  await expect(second.adapter.start()).rejects.toThrow(/already receives Telegram by long polling.*webhook mode \(TELEGRAM_WEBHOOK_URL\)/);

  await first.adapter.stop();
  await second.adapter.start();
  await second.adapter.stop();
});
