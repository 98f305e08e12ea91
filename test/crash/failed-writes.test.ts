import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent, OutboundMessage } from '../../src/chat/events.js';
import { importRoster } from '../../src/domain/roster.js';
import type { Store } from '../../src/domain/store.js';
import { Engine, type TurnResult } from '../../src/engine/engine.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { LowdbStore, openLowdbStore } from '../../src/store/lowdb-store.js';
import { NIP, ROSTER_CSV, TestClock } from '../helpers/script-driver.js';

/** A store whose journal writes fail with ENOSPC while `full` is set. */
let full = false;
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

let dir: string;
let dbPath: string;
let store: LowdbStore;
let engine: Engine;
const clock = new TestClock(new Date('2026-11-22T03:00:00Z'));
/** The buttons each user was last shown (a failed turn shows none, so the user presses the same one again). */
const shown = new Map<string, OutboundMessage[]>();
/** Outbox ids of every committed turn: what the store must hold. */
let acknowledged: string[];

beforeEach(async () => {
  full = false;
  shown.clear();
  acknowledged = [];
  dir = await mkdtemp(join(tmpdir(), 'bangkom-enospc-'));
  dbPath = join(dir, 'db.json');
  store = new LowdbStore(dbPath, { writeFault: () => (full ? enospc() : undefined) });
  await store.open();
  await importRoster(store, ROSTER_CSV, clock.now());
  const at = clock.now().toISOString();
  for (const [user, nip] of [['siti', NIP.siti], ['budi', NIP.atasan]] as const) {
    await store.linkAccount({ platform: 'console', userId: user, nip, linkedAt: at, lastSeenAt: at });
  }
  engine = new Engine({ store, clock, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir: dir }, () => undefined);
});
afterEach(async () => {
  full = false;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function turn(user: string, input: { text: string } | { label: string } | { action: string }): Promise<TurnResult> {
  const from = { platform: 'console' as const, id: user };
  let event: InboundEvent;
  if ('text' in input) event = { kind: 'text', from, text: input.text };
  else if ('action' in input) event = { kind: 'press', from, action: input.action };
  else {
    const buttons = (shown.get(user) ?? []).flatMap((m) => (m.kind !== 'retire' ? (m.buttons ?? []).flat() : []));
    const hit = buttons.find((b) => b.label.startsWith(input.label));
    if (!hit) throw new Error(`${user}: no button "${input.label}"`);
    event = { kind: 'press', from, action: hit.id, label: hit.label };
  }
  const result = await engine.handleTurn(event);
  if (result.committed) {
    acknowledged.push(...result.ids);
    for (const u of new Set(result.messages.map((m) => m.to.id))) {
      const mine = result.messages.filter((m) => m.to.id === u);
      if (mine.some((m) => m.kind !== 'retire' && m.buttons?.length)) shown.set(u, mine);
    }
  }
  return result;
}

async function toSummary(title = 'Webinar Literasi Digital'): Promise<void> {
  for (const step of [
    { text: 'lapor webinar' },
    { text: title },
    { text: 'BPSDM Provinsi' },
    { label: 'Nasional' },
    { text: '2026-03-10' },
    { label: 'Sama dengan tanggal mulai' },
    { label: '1 hari' },
    { label: 'Tidak ada' },
    { label: 'Lewati' },
    { label: 'Lewati' },
  ]) {
    expect((await turn('siti', step)).committed).toBe(true);
  }
  expect((await store.getState('console:siti'))?.step).toBe('summary');
}

const storeFailed = catalog('id').storeFailed;
const outboxIds = async (s: Store = store) => (await s.pendingOutbound()).map((r) => r.id).sort();

function expectRefused(result: TurnResult, user: string): void {
  expect(result.committed).toBe(false);
  expect(result.ids).toEqual([]);
  expect(result.messages).toHaveLength(1);
  expect(result.messages[0]).toMatchObject({ kind: 'send', to: { id: user }, text: storeFailed });
  expect(storeFailed).toContain('Data Anda tidak berubah');
}

describe('journal writes failing (ENOSPC)', () => {
  it('Kirim under the fault changes nothing and says so; Kirim again after it stores exactly one activity', async () => {
    await toSummary();
    const outboxBefore = await outboxIds();
    const stateBefore = await store.getState('console:siti');

    full = true;
    expectRefused(await turn('siti', { label: 'Kirim ke atasan' }), 'siti');
    expectRefused(await turn('siti', { label: 'Kirim ke atasan' }), 'siti');
    expect(await store.activitiesOf(NIP.siti)).toEqual([]);
    const stateAfter = await store.getState('console:siti');
    expect(stateAfter?.step).toBe('summary');
    expect(stateAfter).toEqual(stateBefore);
    expect(await outboxIds()).toEqual(outboxBefore);

    full = false;
    const sent = await turn('siti', { label: 'Kirim ke atasan' });
    expect(sent.committed).toBe(true);
    const stored = await store.activitiesOf(NIP.siti);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'pending', title: 'Webinar Literasi Digital' });
    expect(await store.getState('console:siti')).toBeUndefined();
    expect(await outboxIds()).toEqual([...outboxBefore, ...sent.ids].sort());
    expect(sent.messages.some((m) => m.to.id === 'budi' && m.kind === 'send' && (m.buttons ?? []).flat().some((b) => b.id === `ap:${stored[0]!.id}:1:a`))).toBe(true);
  });

  it('a dialogue answer under the fault leaves the dialogue where it was', async () => {
    expect((await turn('siti', { text: 'lapor webinar' })).committed).toBe(true);
    const before = await store.getState('console:siti');
    full = true;
    expectRefused(await turn('siti', { text: 'Webinar Literasi Digital' }), 'siti');
    expect(await store.getState('console:siti')).toEqual(before);
    full = false;
    expect((await turn('siti', { text: 'Webinar Literasi Digital' })).committed).toBe(true);
    expect((await store.getState('console:siti'))?.data.title).toBe('Webinar Literasi Digital');
  });

  it('an approval press under the fault leaves the report pending; after it, exactly one approval', async () => {
    await toSummary();
    expect((await turn('siti', { label: 'Kirim ke atasan' })).committed).toBe(true);
    const id = (await store.activitiesOf(NIP.siti))[0]!.id;
    const outboxBefore = await outboxIds();

    full = true;
    expectRefused(await turn('budi', { action: `ad:${id}:1:a:-` }), 'budi');
    expectRefused(await turn('budi', { label: 'Setujui' }), 'budi');
    const still = await store.getActivity(id);
    expect(still?.status).toBe('pending');
    expect(still?.history).toHaveLength(1);
    expect(await store.getState('console:budi')).toBeUndefined();
    expect(await outboxIds()).toEqual(outboxBefore);

    full = false;
    const approved = await turn('budi', { action: `ad:${id}:1:a:-` });
    expect(approved.committed).toBe(true);
    expect(approved.messages.some((m) => m.to.id === 'siti' && m.kind === 'send' && m.text.includes('disetujui'))).toBe(true);
    const again = await turn('budi', { action: `ad:${id}:1:a:-` });
    expect(again.committed).toBe(true);
    const decided = await store.getActivity(id);
    expect(decided?.status).toBe('approved');
    expect(decided?.history.map((h) => h.status)).toEqual(['pending', 'approved']);
  });

  it('reopened after the faults, the store holds exactly what was acknowledged', async () => {
    await toSummary();
    full = true;
    expectRefused(await turn('siti', { label: 'Kirim ke atasan' }), 'siti');
    full = false;
    expect((await turn('siti', { label: 'Kirim ke atasan' })).committed).toBe(true);
    const id = (await store.activitiesOf(NIP.siti))[0]!.id;
    full = true;
    expectRefused(await turn('budi', { action: `ad:${id}:1:a:-` }), 'budi');
    full = false;
    expect((await turn('budi', { action: `ad:${id}:1:a:-` })).committed).toBe(true);
    // A last refused turn just before the restart.
    full = true;
    expectRefused(await turn('siti', { text: 'lapor webinar' }), 'siti');
    full = false;

    await store.close();
    const reopened = await openLowdbStore(dbPath);
    try {
      const activities = await reopened.activitiesOf(NIP.siti);
      expect(activities).toHaveLength(1);
      expect(activities[0]).toMatchObject({ id, status: 'approved', title: 'Webinar Literasi Digital' });
      expect(activities[0]!.history.map((h) => h.status)).toEqual(['pending', 'approved']);
      expect(await reopened.getState('console:siti')).toBeUndefined();
      expect(await reopened.getState('console:budi')).toBeUndefined();
      expect(await outboxIds(reopened)).toEqual([...acknowledged].sort());
    } finally {
      await reopened.close();
      await store.open(); // afterEach closes it again
    }
  });
});
