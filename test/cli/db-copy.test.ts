import { createHash } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/domain/store.js';
import type { Activity, ConversationState, Evidence } from '../../src/domain/types.js';
import { issueInvite } from '../../src/domain/invites.js';
import { DeliveryError } from '../../src/delivery/types.js';
import { runReminders } from '../../src/reminders/run.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { EVIDENCE_PATH_PREFIX } from '../../src/store/pg/pg-access.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { forUser, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';
import { freshDatabase, type FreshDatabase } from '../pg/database.js';
import { seedRekap } from '../rekap/seed.js';
import { bangkom, recordingSender } from '../reminders/fixtures.js';

const NOW = '2026-11-22T03:00:00Z';
const TABLES = ['employees', 'accounts', 'invites', 'activities', 'states', 'reminder_marks', 'outbound', 'inbound', 'evidence', 'leases', 'set_aside'];

let w: World;
let target: FreshDatabase;
const others: FreshDatabase[] = [];

async function sql<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Every row of every table (of those that exist), as text: equal before and after means nothing changed. */
async function contents(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const present = new Set((await sql<{ t: string }>(url, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'")).map((r) => r.t));
  for (const t of TABLES.filter((name) => present.has(name))) {
    const rows = await sql<{ v: string | null }>(url, `SELECT string_agg(x::text, E'\\n' ORDER BY x::text) AS v FROM ${t} AS x`);
    out[t] = rows[0]?.v ?? '';
  }
  return out;
}

async function rowCount(url: string): Promise<number> {
  const all = await contents(url);
  return Object.values(all).filter((v) => v !== '').length;
}

/** A report with a certificate file, up to its summary (the file is the last answer). */
async function reportWithFile(user: string, title: string, date: string, file: string): Promise<void> {
  // A minute apart, as a person would: the flood brake counts 30 events a minute.
  w.clock.set(new Date(w.clock.now().getTime() + 60_000).toISOString());
  await w.chat.say(user, 'lapor webinar');
  await w.chat.say(user, title);
  await w.chat.say(user, 'BPSDM Provinsi');
  await w.chat.press(user, 'Nasional');
  await w.chat.say(user, date);
  await w.chat.press(user, 'Sama dengan tanggal mulai');
  await w.chat.press(user, '1 hari');
  await w.chat.press(user, 'Tidak ada');
  await w.chat.press(user, 'Lewati');
  const summary = await w.chat.file(user, file.split('/').at(-1)!, file);
  expect(texts(summary)).toContain('Bukti dukung: ada');
}

async function submitWithFile(title: string, date: string, file: string): Promise<void> {
  await reportWithFile('siti', title, date, file);
  const sent = await w.chat.press('siti', 'Kirim ke atasan');
  expect(forUser(sent, 'budi')).toHaveLength(1);
}

beforeAll(async () => {
  w = await makeWorld({ now: NOW });
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  await w.link('andi', NIP.andi);
  const pdf = async (name: string, body: string) => {
    const file = join(w.dir, name);
    await writeFile(file, `%PDF-1.4 ${body}`);
    return file;
  };

  // Reports through the chat: approved, rejected, pending, each with its certificate; one still being written.
  await submitWithFile('Webinar Literasi Digital', '2026-03-10', await pdf('sertifikat-1.pdf', 'literasi digital'));
  await w.chat.press('budi', 'Setujui');
  await w.chat.say('budi', 'Bagus, lanjutkan');
  await submitWithFile('Webinar Keamanan Siber', '2026-04-14', await pdf('sertifikat-2.pdf', 'keamanan siber'));
  await w.chat.press('budi', 'Tolak');
  await w.chat.press('budi', 'JP tidak sesuai');
  await submitWithFile('Webinar Manajemen ASN', '2026-05-20', await pdf('sertifikat-3.pdf', 'manajemen asn'));
  await reportWithFile('andi', 'Webinar Data Terbuka', '2026-06-02', await pdf('sertifikat-4.pdf', 'data terbuka'));
  // Changing the date: the answers before the change are kept too, certificate included.
  await w.chat.press('andi', 'Ubah');
  await w.chat.press('andi', 'Tanggal');
  await seedRekap(w);
  await issueInvite(w.store, NIP.orphan, w.clock.now());

  // Reminders: marks for everyone reminded; Siti's message refused for good (a failed outbound record).
  const refuses = recordingSender('console', (m) =>
    m.to.id === 'siti' ? new DeliveryError('400 Bad Request: chat not found', { permanent: true, status: 400 }) : undefined,
  );
  await runReminders({ store: w.store, senders: [refuses], clock: w.clock, tz: 'Asia/Jakarta', profile: 'lan-2018' });
  // Two messages committed and not yet delivered (the relay of a stopped assistant), in this order.
  await w.store.enqueueOutbound([
    { kind: 'send', to: { platform: 'telegram', id: '5550001' }, text: 'pesan pertama', buttons: [[{ id: 'x:1', label: 'Satu' }]] },
    { kind: 'send', to: { platform: 'slack', id: 'U0001' }, text: 'pesan kedua' },
  ]);
  // A Kartu Data PDF waiting in the outbox: its file is kept by the store, the message names it.
  const kartu = new TextEncoder().encode('%PDF-1.4 kartu data siti');
  const kartuHash = createHash('sha256').update(kartu).digest('hex');
  const kartuPath = await w.store.putEvidence({ hash: kartuHash, mime: 'application/pdf', ext: '.pdf', bytes: kartu });
  await w.store.enqueueOutbound([
    {
      kind: 'document',
      to: { platform: 'telegram', id: '5550001' },
      file: { name: 'kartu-data.pdf', mime: 'application/pdf', hash: kartuHash, path: kartuPath, size: kartu.byteLength },
      text: 'Kartu Data',
    },
  ]);
  await w.store.recordInbound('telegram:update:42', w.clock.now().toISOString());

  target = await freshDatabase();
}, 60_000);

afterAll(async () => {
  await w?.close();
  for (const db of [target, ...others]) await db?.drop();
});

describe('bangkom db copy', () => {
  it('the source has every kind of record (the premise of the round trip)', async () => {
    const all = (w.store as LowdbStore).exportAll();
    expect(all.employees.length).toBe(5);
    expect(all.accounts.length).toBe(3);
    expect(all.invites.filter((i) => !i.usedAt).length).toBe(1);
    expect(all.activities.filter((a) => a.evidence).map((a) => a.status).sort()).toEqual(['approved', 'pending', 'rejected']);
    const andi = all.states.find((s) => s.key === 'console:andi')!;
    expect((andi.data.evidence as Evidence).hash).toMatch(/^[0-9a-f]{64}$/);
    expect((andi.data.snapshot as { evidence: Evidence }).evidence).toEqual(andi.data.evidence);
    expect(all.marks.length).toBeGreaterThan(0);
    expect(all.outbound.filter((m) => m.status === 'pending').map((m) => m.message.kind)).toEqual(['send', 'send', 'document']);
    expect(all.outbound.filter((m) => m.status === 'failed').map((m) => m.message.to.id)).toEqual(['siti']);
    expect(all.inbound.length).toBeGreaterThan(0);
  });

  it('is refused while the assistant holds the lowdb store, and touches no target', async () => {
    const out = await bangkom(w.dbPath, ['db', 'copy', '--to', target.url], NOW);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('sedang dipakai proses lain');
    expect(out.stderr).toContain('Hentikan asisten dulu');
    expect(await sql(target.url, "SELECT 1 FROM pg_tables WHERE tablename = 'employees'")).toEqual([]);
  }, 30_000);

  it('copies everything into an empty database: counts printed and equal, the same rekap, every record and file equal', async () => {
    await w.chat.end();
    await w.store.close();

    const copied = await bangkom(w.dbPath, ['db', 'copy', '--to', target.url], NOW);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/pegawai +sumber 5, tujuan 5/);
    expect(copied.stdout).toMatch(/laporan kegiatan +sumber 10, tujuan 10/);
    expect(copied.stdout).toMatch(/pesan keluar menunggu +sumber 3, tujuan 3/);
    expect(copied.stdout).toMatch(/pesan keluar gagal +sumber 1, tujuan 1/);
    expect(copied.stdout).toMatch(/berkas bukti dukung +sumber 5, tujuan 5/);
    expect(copied.stdout).toContain('Jumlah cocok');
    const password = decodeURIComponent(new URL(target.url).password);
    expect(password === '' || !copied.stdout.includes(password)).toBe(true);

    const rekaps = await Promise.all(
      ['2025', '2026'].map(async (year) => ({
        fromLowdb: await bangkom(w.dbPath, ['rekap', '--format', 'json', '--year', year], NOW),
        fromPg: await bangkom(w.dbPath, ['--database-url', target.url, 'rekap', '--format', 'json', '--year', year], NOW),
      })),
    );
    for (const { fromLowdb, fromPg } of rekaps) {
      expect(fromLowdb.code).toBe(0);
      expect(fromPg.code).toBe(0);
      expect(JSON.parse(fromLowdb.stdout).length).toBeGreaterThan(0);
      expect(fromPg.stdout).toBe(fromLowdb.stdout);
    }

    const source = new LowdbStore(w.dbPath, { readOnly: true });
    const copy = new PgStore(target.url);
    await source.open();
    await copy.open();
    try {
      await expectSameRecords(source, copy);
    } finally {
      await source.close();
      await copy.close();
    }
  }, 60_000);

  it('a second copy without --force is refused and changes nothing; with --force it clears the target and copies again', async () => {
    const before = await contents(target.url);
    const refused = await bangkom(w.dbPath, ['db', 'copy', '--to', target.url], NOW);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('tidak kosong');
    expect(refused.stderr).toContain('--force');
    expect(await contents(target.url)).toEqual(before);

    // Something of the target's own, which --force must clear.
    const extra = new PgStore(target.url);
    await extra.open();
    await extra.upsertEmployees([{ ...(await extra.getEmployee(NIP.siti))!, nip: '200001012022011001', name: 'Hanya di tujuan' }]);
    await extra.close();

    const forced = await bangkom(w.dbPath, ['db', 'copy', '--to', target.url, '--force'], NOW);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/pegawai +sumber 5, tujuan 5/);
    expect(await contents(target.url)).toEqual(before);
  }, 60_000);

  it('a target holding only dashboard sign-ins (a table a later migration added) is not empty; --force clears them', async () => {
    const db = await freshDatabase();
    others.push(db);
    const migrated = new PgStore(db.url);
    await migrated.open();
    await migrated.close();
    await sql(db.url, "INSERT INTO dashboard_tokens (id, expires_at, record) VALUES ('old-session', now() + interval '1 hour', '{}')");
    const refused = await bangkom(w.dbPath, ['db', 'copy', '--to', db.url], NOW);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('dashboard_tokens');
    const forced = await bangkom(w.dbPath, ['db', 'copy', '--to', db.url, '--force'], NOW);
    expect(forced.code).toBe(0);
    expect(await sql(db.url, 'SELECT id FROM dashboard_tokens')).toEqual([]);
  }, 60_000);

  it('new outbound messages on the target come after the copied ones', async () => {
    const store = new PgStore(target.url);
    await store.open();
    try {
      const copied = await store.pendingOutbound();
      await store.enqueueOutbound([{ kind: 'send', to: { platform: 'slack', id: 'U0002' }, text: 'pesan baru' }]);
      const after = await store.pendingOutbound();
      expect(after.slice(0, copied.length)).toEqual(copied);
      expect(after.at(-1)!.message).toMatchObject({ text: 'pesan baru' });
      expect(after.at(-1)!.seq).toBeGreaterThan(copied.at(-1)!.seq);
    } finally {
      await store.close();
    }
  });

  it('--force is refused while an assistant runs on the target (it holds the relay lease)', async () => {
    const store = new PgStore(target.url);
    await store.open();
    try {
      expect(await store.holdLease('relay:console,slack,telegram', 'other-process', 60_000)).toBe(true);
      const before = await contents(target.url);
      const out = await bangkom(w.dbPath, ['db', 'copy', '--to', target.url, '--force'], NOW);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain('Asisten sedang berjalan di database tujuan');
      expect(await contents(target.url)).toEqual(before);
    } finally {
      await store.releaseLease('relay:console,slack,telegram', 'other-process');
      await store.close();
    }
  }, 30_000);

  it('a count that differs after the copy (another writer on the target) fails with exit 1 and commits nothing', async () => {
    const db = await freshDatabase();
    others.push(db);
    const store = new PgStore(db.url);
    await store.open();
    await store.close();
    // A hostile target: every insert of employees also adds an invite nobody copied.
    await sql(
      db.url,
      `CREATE FUNCTION sneak() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         INSERT INTO invites (code, record) VALUES ('SNEAK', '{}'::jsonb); RETURN NULL; END $$;
       CREATE TRIGGER sneak AFTER INSERT ON employees FOR EACH STATEMENT EXECUTE FUNCTION sneak();`,
    );
    const out = await bangkom(w.dbPath, ['db', 'copy', '--to', db.url], NOW);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Jumlah data tidak cocok');
    expect(out.stderr).toMatch(/kode undangan: 4 di sumber, 5 di tujuan/);
    expect(out.stderr).toContain('database tujuan tidak berubah');
    expect(await rowCount(db.url)).toBe(0);
  }, 30_000);

  it.each([
    { why: 'a --to that is not a postgres:// URL', args: (_: string) => ['db', 'copy', '--to', 'mysql://x@localhost/db'], says: '--to tidak valid' },
    { why: 'a --to that is no URL at all', args: (_: string) => ['db', 'copy', '--to', 'data/other.json'], says: 'bukan alamat postgres://' },
    { why: 'a source that does not exist', args: (url: string) => ['--db', '/nonexistent/bangkom/db.json', 'db', 'copy', '--to', url], says: 'tidak ada yang disalin' },
  ])('refuses $why with exit 2, and the target stays empty', async ({ args, says }) => {
    const db = await freshDatabase();
    others.push(db);
    const out = await bangkom(w.dbPath, args(db.url), NOW);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(says);
    expect(await rowCount(db.url)).toBe(0);
    expect(await sql(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'employees'")).toEqual([]);
  }, 30_000);

  it('copies a report whose certificate file is gone as it is, and names the file', async () => {
    const source = new LowdbStore(w.dbPath, { readOnly: true });
    await source.open();
    const withFile = source.exportAll().activities.find((a) => a.status === 'rejected' && a.evidence)!;
    await source.close();
    await unlink(withFile.evidence!.path);

    const db = await freshDatabase();
    others.push(db);
    const out = await bangkom(w.dbPath, ['db', 'copy', '--to', db.url], NOW);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/berkas bukti dukung +sumber 4, tujuan 4/);
    expect(out.stdout).toContain('1 berkas bukti dukung sudah tidak ada di sumber');
    expect(out.stdout).toContain(withFile.evidence!.path);
    const store = new PgStore(db.url);
    await store.open();
    try {
      expect(await store.getActivity(withFile.id)).toEqual(withFile);
      expect(await store.readEvidence(withFile.evidence!)).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 30_000);
});

const movedEvidence = (e: Evidence): Evidence => ({ ...e, path: `${EVIDENCE_PATH_PREFIX}${e.hash}` });
const movedActivity = (a: Activity): Activity => (a.evidence ? { ...a, evidence: movedEvidence(a.evidence) } : a);
const movedState = (s: ConversationState): ConversationState => {
  const e = s.data.evidence as Evidence | undefined;
  const snapshot = s.data.snapshot as { evidence?: Evidence } | undefined;
  if (!e) return s;
  return {
    ...s,
    data: { ...s.data, evidence: movedEvidence(e), ...(snapshot?.evidence ? { snapshot: { ...snapshot, evidence: movedEvidence(snapshot.evidence) } } : {}) },
  };
};
const sortById = (list: Activity[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every record of the lowdb source, read through both stores' getters, is the same in the copy. */
async function expectSameRecords(source: LowdbStore, copy: Store): Promise<void> {
  const all = source.exportAll();
  expect(await copy.listEmployees()).toEqual(await source.listEmployees());
  expect(await copy.admins()).toEqual(await source.admins());
  for (const e of all.employees) {
    expect(await copy.getEmployee(e.nip)).toEqual(await source.getEmployee(e.nip));
    expect(await copy.subordinatesOf(e.nip)).toEqual(await source.subordinatesOf(e.nip));
    expect(await copy.accountsOf(e.nip)).toEqual(await source.accountsOf(e.nip));
    expect(await copy.activitiesOf(e.nip)).toEqual((await source.activitiesOf(e.nip)).map(movedActivity));
  }
  for (const a of all.accounts) expect(await copy.getAccount(a.platform, a.userId)).toEqual(a);
  for (const i of all.invites) expect(await copy.getInvite(i.code)).toEqual(i);
  for (const status of ['pending', 'approved', 'rejected', 'returned', 'cancelled'] as const) {
    expect(sortById(await copy.activitiesByStatus(status))).toEqual(sortById(await source.activitiesByStatus(status)).map(movedActivity));
  }
  for (const year of [2025, 2026]) {
    expect(sortById(await copy.activitiesInYear(year))).toEqual(sortById(await source.activitiesInYear(year)).map(movedActivity));
  }
  for (const s of all.states) expect(await copy.getState(s.key)).toEqual(movedState((await source.getState(s.key))!));
  for (const m of all.marks) expect(await copy.getReminderMark(m.kind, m.period, m.nip)).toEqual(m);
  const pending = await source.pendingOutbound();
  expect(pending.length).toBe(3);
  const movedMessage = (r: (typeof pending)[number]) =>
    r.message.kind === 'document' ? { ...r, message: { ...r.message, file: movedEvidence(r.message.file) } } : r;
  const copiedPending = await copy.pendingOutbound();
  expect(copiedPending).toEqual(pending.map(movedMessage));
  // The waiting Kartu Data PDF can still be sent from the copy: its bytes are in PostgreSQL.
  const doc = copiedPending.find((r) => r.message.kind === 'document')!.message as Extract<(typeof pending)[number]['message'], { kind: 'document' }>;
  expect(doc.file.path.startsWith(EVIDENCE_PATH_PREFIX)).toBe(true);
  expect(new TextDecoder().decode(await copy.readEvidence(doc.file))).toBe('%PDF-1.4 kartu data siti');
  expect(await copy.pendingOutbound({ platforms: ['slack'] })).toEqual(await source.pendingOutbound({ platforms: ['slack'] }));
  expect(await copy.failedOutbound()).toEqual(await source.failedOutbound());
  for (const m of all.inbound) expect(await copy.inboundSeen(m.key)).toBe(true);

  // Certificate files: the same bytes, found where the copied records say.
  const files = [...all.activities.map((a) => a.evidence), ...all.states.map((s) => s.data.evidence as Evidence | undefined)].filter(
    (e): e is Evidence => e !== undefined,
  );
  expect(files.length).toBe(4);
  for (const e of files) {
    const bytes = await source.readEvidence(e);
    expect(bytes?.byteLength).toBe(e.size);
    expect(await copy.readEvidence(movedEvidence(e))).toEqual(bytes);
    // The path the copy wrote is the one the PostgreSQL store gives these bytes (a no-op: they are there).
    expect(await copy.putEvidence({ hash: e.hash, mime: e.mime, ext: '.pdf', bytes: bytes! })).toBe(movedEvidence(e).path);
  }
}
