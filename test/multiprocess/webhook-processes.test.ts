import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from '../../adapters/telegram/render.js';
import { FakeBotApi } from '../../adapters/telegram/testing/fake-bot-api.js';
import { RELAY_LEASE_MS } from '../../src/app/run.js';
import { RELAY_LEASE } from '../../src/delivery/relay.js';
import type { OutboundRecord, Store } from '../../src/domain/store.js';
import { openPgStore } from '../../src/store/pg/pg-store.js';
import { Rng } from '../fuzz/rng.js';
import { freshDatabase, type FreshDatabase } from '../pg/database.js';
import { ApiProxy, type ProxiedCall } from './api-proxy.js';
import { AssistantProcess, runCli } from './assistant-process.js';
import { exactly, matchChat, observedByChat, startsWith, visible, type Expected } from './conversation.js';
import { approvedJp, employeeStream, endOf, longDate, requestStream, Router, runAtasan, runEmployee, type DriverContext } from './dialogues.js';
import { jpOf, makeTeams, rosterCsv, type Person, type ReportPlan } from './people.js';
import { Updates } from './updates.js';

/**
 * Two real assistant processes (`bangkom start`, Telegram webhook mode, each on its own port) on one
 * PostgreSQL database, one fake Bot API behind a proxy per process (so every call is known by its
 * sender). 10 atasan and 20 employees (roster imported with the CLI while the processes start) go
 * through full report dialogues and decisions; each update is POSTed to one process at random, or
 * (20%) to both, at once or one after the other, as Telegram redelivering to a load balancer would.
 * Then the process holding the relay lease is SIGKILLed right after its webhooks answered, more work goes
 * through the survivor, and the survivor must take the lease over and deliver every committed message.
 * MULTIPROCESS_SEED repeats a run.
 */
const SEED = Number(process.env.MULTIPROCESS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const NOW = '2026-11-23T03:00:00Z';
const SECRET = 'rahasia_Multi-proses-42';
const TEAMS = 10;
const PER_TEAM = 2;

let tg: FakeBotApi;
let db: FreshDatabase;
let dir: string;
let store: Store;
let sql: pg.Client;
const calls: ProxiedCall[] = [];
const proxies: ApiProxy[] = [];
const procs: AssistantProcess[] = [];

beforeAll(async () => {
  tg = await new FakeBotApi().start();
  db = await freshDatabase();
  dir = await mkdtemp(join(tmpdir(), 'bangkom-multiprocess-'));
});

afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await store?.close();
  await sql?.end();
  for (const p of proxies) await p.close();
  await tg?.close();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

const rng = new Rng(SEED);
const teams = makeTeams(TEAMS, PER_TEAM, rng);
const plans = teams.flatMap((t) => t.members);
const people: Person[] = teams.flatMap((t) => [t.atasan, ...t.members.map((p) => p.employee)]);
const planOf = new Map(plans.map((p) => [p.employee.chat, p]));

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The process named in the relay's lease (`leases.owner` holds host:pid:random). */
async function relayHolder(): Promise<AssistantProcess | undefined> {
  const { rows } = await sql.query<{ owner: string }>('SELECT owner FROM leases WHERE name = $1 AND expires_at > clock_timestamp()', [RELAY_LEASE]);
  const pid = Number(/:(\d+):[0-9a-f]+$/.exec(rows[0]?.owner ?? '')?.[1]);
  return procs.find((p) => p.pid === pid);
}

/** One chat's story for a failure: how its updates were delivered, and every Bot API call about it. */
function chatTrace(router: Router, chat: number): string {
  const deliveries = router.journal.filter((j) => j.chat === chat).map((j) => `  update ${j.id} ${JSON.stringify(j.data)} -> ${j.how}`);
  const changes = calls
    .filter((c) => Number(c.payload.chat_id) === chat)
    .map((c) => `  ${c.by} ${c.method} #${c.payload.message_id ?? c.messageId ?? '-'} ok=${c.ok} ${JSON.stringify(String(c.payload.text ?? '').slice(0, 60))}`);
  return [`chat ${chat}, updates:`, ...deliveries, 'calls:', ...changes].join('\n');
}

const pendingNow = async () => (await store.pendingOutbound()).length;

describe('two assistant processes in Telegram webhook mode on one PostgreSQL', () => {
  it(`dialogues split at random between them advance once each; after a SIGKILL of the relay holder the other delivers everything (seed ${SEED})`, async () => {
    const started = Date.now();
    // ---- start: the roster imported by the CLI while both processes start on the same (empty) database
    const csv = join(dir, 'pegawai.csv');
    await writeFile(csv, rosterCsv(teams));
    for (const name of ['a', 'b']) {
      const proxy = await new ApiProxy(name, tg.url, calls).start();
      proxies.push(proxy);
      procs.push(new AssistantProcess(name, { databaseUrl: db.url, apiRoot: proxy.url, secret: SECRET, now: NOW }));
    }
    const imported = runCli(['roster', 'import', csv, '--json'], db.url, NOW);
    await Promise.all(procs.map((p) => p.ready(30_000)));
    expect(JSON.parse(await imported)).toMatchObject({ created: people.length, linked: people.length, errors: [] });
    store = await openPgStore(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    for (const name of ['a', 'b']) {
      expect(calls.filter((c) => c.by === name && c.method === 'setWebhook').map((c) => c.payload.secret_token)).toEqual([SECRET]);
    }
    const leader = await until('a relay lease holder', relayHolder, 10_000);
    const standby = procs.find((p) => p !== leader)!;
    const startedAt = Date.now() - started;

    // ---- part 1: every dialogue, updates split at random, some delivered to both
    const router = new Router(procs, rng, SECRET);
    const ctx: DriverContext = { tg, updates: new Updates(tg), router, deadline: Date.now() + 60_000 };
    const [, ...atasanStreams] = await Promise.all([
      Promise.all(plans.map((p) => runEmployee(ctx, p))),
      ...teams.map((t) => runAtasan(ctx, t)),
    ]).catch((err: unknown) => {
      const chat = Number(/chat (\d+)/.exec(String(err))?.[1]);
      if (chat) console.log(chatTrace(router, chat));
      throw err;
    });
    await until('an empty outbox', async () => ((await pendingNow()) === 0 ? true : undefined), 20_000);
    const part1 = calls.length;
    const part1Ms = Date.now() - started - startedAt;

    // Every dialogue advanced correctly: each report stored once with what was answered, decided as pressed.
    for (const p of plans) {
      const stored = await store.activitiesOf(p.employee.nip);
      expect(stored, p.employee.name).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        title: p.title,
        organizer: p.organizer,
        jp: jpOf(p),
        year: 2026,
        status: p.decision === 'approve' ? 'approved' : 'rejected',
        input: { type: 'seminar', scope: p.scope.toLowerCase(), start: p.start, end: endOf(p) },
      });
      expect(stored[0]!.history.map((h) => [h.status, h.by])).toEqual([
        ['pending', p.employee.nip],
        [p.decision === 'approve' ? 'approved' : 'rejected', p.atasan.nip],
      ]);
      expect(stored[0]!.history[1]!.reason).toBe(p.note);
    }
    // Each update handled once: each chat got exactly its conversation (nothing lost, nothing doubled).
    const part1Calls = calls.slice(0, part1);
    expect(part1Calls.filter((c) => c.method !== 'answerCallbackQuery' && c.ok === false)).toEqual([]);
    const observed = observedByChat(part1Calls);
    const problems: string[] = [];
    for (const p of plans) problems.push(...matchChat(p.employee.chat, observed.get(p.employee.chat) ?? [], [employeeStream(p)]));
    teams.forEach((t, i) => {
      const streams: Expected[][] = [atasanStreams[i]!, ...t.members.map((p) => requestStream(p, `Bidang ${i + 1}`))];
      problems.push(...matchChat(t.atasan.chat, observed.get(t.atasan.chat) ?? [], streams));
    });
    const firstProblem = Number(/^chat (\d+)/.exec(problems[0] ?? '')?.[1]);
    if (firstProblem) console.log(chatTrace(router, firstProblem));
    expect(problems).toEqual([]);
    expect([...observed.keys()].sort()).toEqual(people.map((p) => p.chat).sort());
    // One relay sent all of it, the lease holder's; the webhooks of both did the work.
    expect(new Set(part1Calls.filter((c) => c.method === 'sendMessage').map((c) => c.by))).toEqual(new Set([leader.name]));
    expect(await relayHolder()).toBe(leader);
    const retiredWithNote = part1Calls.filter((c) => c.method === 'editMessageText' && /\n\n✓ [^\n]+$/.test(String(c.payload.text))).length;
    const retiredKeyboardOnly = part1Calls.filter((c) => c.method === 'editMessageReplyMarkup').length;
    const { rows: inbound } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM inbound');
    expect(Number(inbound[0]!.n)).toBe(router.stats.updates);
    for (const p of procs) expect(p.errors(), p.name).toEqual([]);

    // ---- part 2: SIGKILL the relay holder right after its webhooks answered; more work through the survivor
    tg.latency.set('sendMessage', 100);
    await Promise.all(people.map((u) => router.post(leader, ctx.updates.text(u.chat, 'jp saya'))));
    leader.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await leader.exited).signal).toBe('SIGKILL');
    const atKill: OutboundRecord[] = await store.pendingOutbound();
    const snapshotAt = Date.now();
    // The kill lands with committed replies not yet sent (Telegram's pace: 30 replies take over a second).
    expect(atKill.length).toBeGreaterThan(0);
    await Promise.all(people.map((u) => router.post(standby, ctx.updates.text(u.chat, 'riwayat'))));
    await until('the survivor to deliver every committed message', async () => ((await pendingNow()) === 0 ? true : undefined), RELAY_LEASE_MS + 15_000);
    const drainedMs = Date.now() - killedAt;
    const part2Calls = calls.slice(part1);
    const firstBySurvivor = part2Calls.find((c) => c.by === standby.name && c.method === 'sendMessage');
    expect(firstBySurvivor, 'the survivor sent nothing').toBeDefined();
    const takeoverMs = firstBySurvivor!.at - killedAt;
    expect(firstBySurvivor!.at).toBeGreaterThan(snapshotAt);
    // The lease of the dead one runs out, and the survivor's next look (every third of the lease) takes it.
    expect(takeoverMs).toBeLessThan(RELAY_LEASE_MS + RELAY_LEASE_MS / 3 + 3000);
    expect(await relayHolder()).toBe(standby);
    expect(standby.logs.some((l) => l.msg === 'relay: this process sends the outbox')).toBe(true);

    // Every committed message delivered: the dead one's in flight (accepted by Telegram, not yet marked
    // delivered) may arrive twice, nothing else.
    const expected2 = (u: Person): Expected[] => {
      const p = planOf.get(u.chat);
      const jp = p ? approvedJp(p) : 0;
      const history = (p: ReportPlan) =>
        exactly(`Riwayat kegiatan tahun 2026:\n• ${longDate(p.start)} — Seminar: ${p.title} — ${jpOf(p)} JP — ${p.decision === 'approve' ? 'disetujui' : 'ditolak'}`);
      return [
        { op: 'send', text: startsWith(`JP Anda tahun 2026: ${jp} JP disetujui, 0 JP menunggu persetujuan (target 20 JP).`) },
        { op: 'send', text: p ? history(p) : exactly('Belum ada kegiatan yang dilaporkan di tahun 2026. Ketik lapor untuk mulai.') },
      ];
    };
    const sends2 = observedByChat(part2Calls);
    const deadSent = part2Calls.filter((c) => c.by === leader.name && c.method === 'sendMessage' && c.ok === true);
    let inFlightAtKill = 0;
    let duplicates = 0;
    const problems2: string[] = [];
    for (const u of people) {
      const want = expected2(u);
      const got = sends2.get(u.chat) ?? [];
      const text = (e: Expected) => (e.op === 'send' ? e.text : /^$/);
      // In flight at the kill: still pending then, yet already accepted from the dead process.
      const inFlight = want.map((e) => {
        const pending = atKill.some((r) => r.message.to.id === String(u.chat) && r.message.kind === 'send' && text(e).test(visible(toHtml(r.message.text))));
        return pending && deadSent.some((c) => Number(c.payload.chat_id) === u.chat && text(e).test(visible(String(c.payload.text))));
      });
      inFlightAtKill += inFlight.filter(Boolean).length;
      const arrivals = want.map((e) => got.filter((o) => o.method === 'sendMessage' && text(e).test(o.text)).length);
      duplicates += arrivals.reduce((a, n) => a + Math.max(0, n - 1), 0);
      want.forEach((e, i) => {
        const allowed = inFlight[i] ? 2 : 1;
        if (arrivals[i] !== allowed) problems2.push(`chat ${u.chat}: ${text(e)} arrived ${arrivals[i]} times, expected ${allowed}`);
      });
      const unknown = got.filter((o) => o.method !== 'sendMessage' || !want.some((e) => text(e).test(o.text)));
      for (const o of unknown) problems2.push(`chat ${u.chat}: unexpected ${o.method} ${JSON.stringify(o.text.slice(0, 100))}`);
      const firsts = want.map((e) => got.findIndex((o) => text(e).test(o.text)));
      if (!(firsts[0]! < firsts[1]!)) problems2.push(`chat ${u.chat}: the answers arrived out of order`);
    }
    expect(problems2).toEqual([]);
    expect(await pendingNow()).toBe(0);
    expect(standby.errors()).toEqual([]);

    // The survivor stops cleanly.
    standby.kill('SIGTERM');
    expect(await standby.exited).toMatchObject({ code: 0 });

    console.log(
      `multiprocess (seed ${SEED}): ${people.length} users, ${router.stats.updates} updates ` +
        `(${router.stats.toOne} to one process, ${router.stats.toBothConcurrently} to both at once, ${router.stats.toBothInTurn} to both in turn; ` +
        `posts ${JSON.stringify(router.stats.posts)}); start ${startedAt} ms, dialogues ${part1Ms} ms; ` +
        `pressed keyboards retired with the choice noted ${retiredWithNote}, keyboard only ${retiredKeyboardOnly}; ` +
        `relay ${leader.name} killed with ${atKill.length} pending (${inFlightAtKill} in flight, ${duplicates} delivered twice); ` +
        `${standby.name} took over after ${takeoverMs} ms, outbox empty after ${drainedMs} ms`,
    );
  }, 120_000);
});
