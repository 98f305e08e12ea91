import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterContext, Logger, PlatformAdapter } from '../../src/platform/adapter.js';
import type { AdapterFactory } from '../../src/app/platforms.js';
import { runAssistant, type RunOptions } from '../../src/app/run.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { DeliveryError } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/chat/events.js';

/**
 * runAssistant in this process, with fake platform adapters: stop requests come from an EventEmitter,
 * process.exit is recorded, and the timings are shortened (drain 200 ms, deadline at 1 s).
 */

interface LogLine {
  level: string;
  msg: string;
  extra?: Record<string, unknown>;
}

let dir: string;
let db: string;
let lines: LogLine[];
let log: Logger;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangkom-run-'));
  db = join(dir, 'db.json');
  lines = [];
  log = {
    info: (msg, extra) => void lines.push({ level: 'info', msg, extra }),
    warn: (msg, extra) => void lines.push({ level: 'warn', msg, extra }),
    error: (msg, extra) => void lines.push({ level: 'error', msg, extra }),
  };
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const lockFile = () => join(dir, 'db.lock');
const to = { platform: 'telegram' as const, id: '7001' };
const reply = (text: string): OutboundMessage => ({ kind: 'send', to, text });

interface FakeAdapter extends PlatformAdapter {
  ctx?: AdapterContext;
  /** An event in hand: its reply is committed to the store's outbox (as a turn does), and stop() waits for it. */
  handle(message: OutboundMessage): Promise<unknown>;
}

function fakeAdapter(send: (m: OutboundMessage) => Promise<{ ref?: string }>, over: Partial<PlatformAdapter> = {}): FakeAdapter {
  const work = new Set<Promise<unknown>>();
  const adapter: FakeAdapter = {
    platform: 'telegram',
    sender: { platform: 'telegram', limits: { globalPerSecond: 100, perChatPerSecond: 100 }, send },
    async start() {},
    async stop() {
      await Promise.allSettled([...work]);
    },
    handle(message) {
      const p = adapter.ctx!.store.enqueueOutbound([message]);
      work.add(p);
      return p;
    },
    ...over,
  };
  return adapter;
}

const factoryOf =
  (adapter: FakeAdapter): AdapterFactory =>
  async (ctx) => {
    adapter.ctx = ctx;
    return adapter;
  };

function start(adapter: FakeAdapter, over: Partial<RunOptions> = {}) {
  const signals = new EventEmitter();
  const exits: { code: number; at: number }[] = [];
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  // PORT 0: the assistant's HTTP server (the dashboard) on a free port, so that tests run side by side.
  const running = runAssistant({ db, profile: 'lan-2018', tz: 'Asia/Jakarta' }, { PORT: '0' }, {
    factories: [factoryOf(adapter)],
    log,
    signals: signals as unknown as RunOptions['signals'],
    exit: (code) => {
      exits.push({ code, at: performance.now() });
      exited(code);
    },
    drainMs: 200,
    shutdownLimitMs: 1500,
    releaseMs: 500,
    outbox: { minBackoffMs: 20, maxBackoffMs: 50 },
    ...over,
  });
  return { signals, exits, exit, running };
}

/** The messages pending in the store's outbox (the assistant stopped, so the store can be opened). */
async function pendingTexts(): Promise<string[]> {
  const store = await openLowdbStore(db);
  try {
    return (await store.pendingOutbound()).map((r) => (r.message.kind === 'retire' ? '' : r.message.text));
  } finally {
    await store.close();
  }
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const running = (msg: string) => lines.some((l) => l.msg === msg);

describe('runAssistant shutdown', () => {
  it('during a platform outage: stops within the drain time, the reply stays in the store’s outbox, releases the store, exits 0; the next start delivers it once', async () => {
    const down = fakeAdapter(async () => {
      throw new DeliveryError('HTTP 502', { status: 502 });
    });
    const first = start(down);
    await until('running', () => running('bangkom-bot running'));
    expect(existsSync(lockFile())).toBe(true);
    const handled = down.handle(reply('Laporan terkirim ke atasan.'));

    const stopAt = performance.now();
    first.signals.emit('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(performance.now() - stopAt).toBeLessThan(1000);
    await first.running;
    await handled;
    expect(existsSync(lockFile())).toBe(false);
    expect(await pendingTexts()).toEqual(['Laporan terkirim ke atasan.']);

    const sent: OutboundMessage[] = [];
    const up = fakeAdapter(async (m) => {
      sent.push(m);
      return { ref: String(sent.length) };
    });
    const second = start(up);
    await until('the reply from the outbox', () => sent.length === 1);
    second.signals.emit('SIGINT');
    expect(await second.exit).toBe(0);
    expect(sent).toEqual([reply('Laporan terkirim ke atasan.')]);
    expect(existsSync(lockFile())).toBe(false);
    expect(await pendingTexts()).toEqual([]);
  });

  it('SIGTERM while one send hangs on the wire: exit 0 within the drain and grace; the message stays pending and the next start sends it', async () => {
    let answer!: () => void;
    const hanging = fakeAdapter(() => new Promise<{ ref?: string }>((resolve) => (answer = () => resolve({ ref: 'late' }))));
    const first = start(hanging, { outbox: { minBackoffMs: 20, maxBackoffMs: 50, closeGraceMs: 300 } });
    await until('running', () => running('bangkom-bot running'));
    await hanging.handle(reply('Laporan terkirim ke atasan.'));
    await until('the send on the wire', () => answer !== undefined);

    const stopAt = performance.now();
    first.signals.emit('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(performance.now() - stopAt).toBeLessThan(1000);
    await first.running;
    expect(existsSync(lockFile())).toBe(false);
    answer(); // the platform answers after the process is gone: its mark was never written
    expect(await pendingTexts()).toEqual(['Laporan terkirim ke atasan.']);

    const sent: OutboundMessage[] = [];
    const second = start(fakeAdapter(async (m) => (sent.push(m), { ref: '1' })));
    await until('the message from the outbox', () => sent.length === 1);
    second.signals.emit('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(await pendingTexts()).toEqual([]);
  });

  it('an adapter whose stop() hangs: at the deadline the lock is released, exit 1; the reply stays in the outbox', async () => {
    const stuck = fakeAdapter(
      async () => {
        throw new DeliveryError('HTTP 500', { status: 500 });
      },
      { stop: () => new Promise<void>(() => {}) },
    );
    const run = start(stuck);
    await until('running', () => running('bangkom-bot running'));
    await stuck.handle(reply('halo'));
    const stopAt = performance.now();
    run.signals.emit('SIGTERM');
    expect(await run.exit).toBe(1);
    const took = performance.now() - stopAt;
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(1500);
    expect(existsSync(lockFile())).toBe(false);
    expect(running('shutdown took too long; releasing the store')).toBe(true);
    expect(await pendingTexts()).toEqual(['halo']);
  });

  it('ctx.fatal: a clean shutdown (lock released), then exit 1', async () => {
    const adapter = fakeAdapter(async () => ({}));
    const run = start(adapter);
    await until('running', () => running('bangkom-bot running'));
    adapter.ctx!.fatal(new Error('409 Conflict: terminated by other getUpdates request'));
    adapter.ctx!.fatal(new Error('again')); // ignored
    expect(await run.exit).toBe(1);
    await run.running;
    expect(existsSync(lockFile())).toBe(false);
    expect(lines.filter((l) => l.level === 'error').map((l) => [l.msg, l.extra?.error])).toEqual([
      ['fatal platform failure; stopping', '409 Conflict: terminated by other getUpdates request'],
      ['stopped after a fatal platform failure', '409 Conflict: terminated by other getUpdates request'],
    ]);
    expect(run.exits).toHaveLength(1);
  });

  it('a revoked token on send (fatal): every message stays in the outbox, the assistant stops cleanly with exit 1 (issue 10 item 6)', async () => {
    let tries = 0;
    const adapter = fakeAdapter(async () => {
      tries++;
      throw new DeliveryError('slack: token_revoked', { fatal: true });
    });
    const run = start(adapter);
    await until('running', () => running('bangkom-bot running'));
    await adapter.handle(reply('satu'));
    await adapter.handle(reply('dua'));
    expect(await run.exit).toBe(1);
    await run.running;
    expect(existsSync(lockFile())).toBe(false);
    expect(await pendingTexts()).toEqual(['satu', 'dua']);
    expect(tries).toBeLessThanOrEqual(2);
    expect(lines.some((l) => l.msg === 'stopped after a fatal platform failure' && String(l.extra?.error).includes('token_revoked'))).toBe(true);
  });

  it('a recipient who blocked the bot (unreachable): the message is failed for good and the account marked, in one commit', async () => {
    const adapter = fakeAdapter(async () => {
      throw new DeliveryError('Telegram sendMessage: 403 Forbidden: bot was blocked by the user', { status: 403, permanent: true, unreachable: true });
    });
    const seed = await openLowdbStore(db);
    await seed.upsertEmployees([{ nip: '199001012020011001', name: 'Siti', position: 'Analis', unit: 'BKD', atasanNip: null, role: 'user', updatedAt: '2026-01-01T00:00:00.000Z' }]);
    await seed.linkAccount({ platform: 'telegram', userId: to.id, nip: '199001012020011001', linkedAt: '2026-01-01T00:00:00.000Z', lastSeenAt: '2026-01-01T00:00:00.000Z' });
    await seed.close();
    const run = start(adapter);
    await until('running', () => running('bangkom-bot running'));
    await adapter.handle(reply('Pengingat JP'));
    await until('the warning', () => running('recipient unreachable; no reminders until they write again'));
    run.signals.emit('SIGTERM');
    expect(await run.exit).toBe(0);
    await run.running;
    const store = await openLowdbStore(db);
    try {
      expect(await store.pendingOutbound()).toEqual([]);
      expect((await store.failedOutbound()).map((r) => r.error)).toEqual(['Telegram sendMessage: 403 Forbidden: bot was blocked by the user']);
      expect((await store.getAccount('telegram', to.id))?.unreachableAt).toEqual(expect.any(String));
    } finally {
      await store.close();
    }
  });

  it('BANGKOM_REMIND_CRON comes from the env given to runAssistant; a bad one is refused before the store is opened', async () => {
    const adapter = fakeAdapter(async () => ({}));
    const refused = runAssistant({ db, profile: 'lan-2018', tz: 'Asia/Jakarta' }, { BANGKOM_REMIND_CRON: '0 25 * * *' }, {
      factories: [factoryOf(adapter)],
      log,
      signals: new EventEmitter() as unknown as RunOptions['signals'],
      exit: () => {},
    });
    await expect(refused).rejects.toThrow(/BANGKOM_REMIND_CRON: invalid cron expression '0 25 \* \* \*'/);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('a bad BANGKOM_PLAN_DEADLINE is refused before the store is opened, naming the setting and the form it takes', async () => {
    const refused = runAssistant({ db, profile: 'lan-2018', tz: 'Asia/Jakarta' }, { BANGKOM_PLAN_DEADLINE: '31-11' }, {
      factories: [factoryOf(fakeAdapter(async () => ({})))],
      log,
      signals: new EventEmitter() as unknown as RunOptions['signals'],
      exit: () => {},
    });
    await expect(refused).rejects.toThrow(/BANGKOM_PLAN_DEADLINE must be MM-DD \(e\.g\. 11-30\), not "31-11"/);
    expect(existsSync(db)).toBe(false);
  });

  it('a platform that cannot start: the error is thrown after the store is released', async () => {
    const adapter = fakeAdapter(async () => ({}), {
      start: async () => {
        throw new Error('Slack: auth.test failed');
      },
    });
    const run = start(adapter);
    await expect(run.running).rejects.toThrow('Slack: auth.test failed');
    expect(run.exits).toEqual([]);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('a stop request while a platform hangs in start-up still releases the store; a spool of an earlier version joins the outbox', async () => {
    const legacy = join(dir, 'db.outbox.json');
    await writeFile(legacy, JSON.stringify({ kind: 'bangkom/outbox-spool', version: 1, savedAt: 'x', messages: [reply('from the last run')] }));
    const adapter = fakeAdapter(async () => ({}), { start: () => new Promise<void>(() => {}) });
    const run = start(adapter);
    await until('the store open', () => existsSync(lockFile()));
    run.signals.emit('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
    // Never delivered in this run: in the store's outbox for the next one, and the old file is gone.
    expect(existsSync(legacy)).toBe(false);
    expect(await pendingTexts()).toEqual(['from the last run']);
  });
});
