import { afterEach, describe, expect, it } from 'vitest';
import type { Activity, ActivityStatus } from '../../src/domain/types.js';
import { revisionOf } from '../../src/engine/approval/request-message.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { webinarToSummary } from '../helpers/report-flow.js';
import { buttonIds, forUser, makeWorld, NIP, ROSTER_CSV, texts, type OutLine, type World } from '../helpers/script-driver.js';

/**
 * Who may decide what, through every decision path, with forged and foreign button ids (issue 10: defect 1,
 * defect 8, and "authorization tests for every decision path, with forged ids"). Every case runs on its
 * own store through the real script transport; it asserts on the stored records and states and on the
 * replies, and ends by deciding (or continuing) legitimately, which proves nothing was spoiled.
 */

const t = catalog('id');

/** An atasan of another unit, with a subordinate of his own. */
const HADI = '197803152003121005';
const JOKO = '199201102019031006';
const ROSTER = [
  ROSTER_CSV,
  `${HADI},Hadi Kusuma,Kepala Bagian,Bagian Umum,,hadi@example.go.id,`,
  `${JOKO},Joko Susilo,Staf,Bagian Umum,${HADI},,`,
].join('\n');

/** Console accounts: Siti and Andi are Budi's staff, Rina is an admin, Hadi heads another unit, Mallory is linked to nobody. */
const LINKED = { siti: NIP.siti, andi: NIP.andi, budi: NIP.atasan, rina: NIP.admin, hadi: HADI } as const;
type User = keyof typeof LINKED | 'mallory';
const USERS: User[] = ['siti', 'andi', 'budi', 'rina', 'hadi', 'mallory'];
const NIPS = [...Object.values(LINKED), JOKO];

const SRC = { forged: 'issue 10 defect 1', tap: 'issue 10 defect 8', rule: 'the approvers rule' } as const;

const TITLE_A = 'Webinar Literasi Digital';
const TITLE_B = 'Webinar Etika ASN';
const TITLE_OWN = 'Webinar Kepemimpinan';
const REASON = t.quickReasons;
/** Replies that refuse: none of them may show the report or its decision buttons. */
const REFUSALS: string[] = [
  t.notPermitted,
  t.notLinked,
  t.reportNotFound,
  t.unknownButton,
  t.staleButton,
  t.decisionCancelled,
  t.nothingToCancel,
  t.reasonRequired,
  t.fallback,
];

/**
 * - pending: Siti's report A waits for Budi
 * - two: reports A and B wait for Budi
 * - returned: A was returned to Siti (Budi, preset reason 0)
 * - resubmitted: A was returned and Siti sent it again unchanged (revision 3)
 * - dialog: A waits; Siti and Andi are each at the scope question of a new report
 * - own: Budi's own report O waits for the admins (he has no atasan)
 */
type Setup = 'pending' | 'two' | 'returned' | 'resubmitted' | 'dialog' | 'own';

interface Ctx {
  A: string;
  B: string;
  O: string;
  /** The report-dialogue stamp of Siti's open report (setup `dialog`). */
  nonce: string;
}

interface Step {
  by: User;
  press?: string;
  say?: string;
  /** Minutes that pass before this step (the clock moves; nothing is sent when neither press nor say). */
  waitMinutes?: number;
  /** Text the presser must be answered with. */
  reply?: string;
  /** Text the presser must not be answered with. */
  not?: string;
  /** Decision buttons the reply must show (an old version's button answers with the current request). */
  buttons?: string[];
  /** Who else is told something (the owner of a decided report, the atasan of a resubmitted one). */
  tells?: User[];
  /** The reply is a refusal that nevertheless shows the request (Batal by the one who decides). */
  reveals?: boolean;
}

interface Case {
  name: string;
  setup?: Setup;
  steps: (c: Ctx) => Step[];
}

interface DecidingCase extends Case {
  /** The whole history the report ends with: [status, by, reason?]. */
  history: [ActivityStatus, string, string?][];
  on?: 'A' | 'B';
}

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function submit(user: User, title: string, start: string): Promise<string> {
  await webinarToSummary(w!.chat, user, { title, start });
  const sent = await w!.chat.press(user, 'Kirim ke atasan');
  expect(texts(forUser(sent, user))).toContain('menunggu persetujuan');
  const activity = (await w!.store.activitiesOf(LINKED[user as keyof typeof LINKED])).find((a) => a.title === title);
  return activity!.id;
}

async function openDialog(user: User, title: string): Promise<string> {
  await w!.chat.say(user, 'lapor webinar');
  await w!.chat.say(user, title);
  const scope = await w!.chat.say(user, 'BPSDM Provinsi');
  expect(texts(scope)).toContain(t.askScope);
  const stamped = buttonIds(scope).find((id) => id.endsWith(':scope:nasional'));
  return stamped!.split(':')[1]!;
}

async function start(setup: Setup = 'pending'): Promise<Ctx> {
  w = await makeWorld({ roster: ROSTER });
  for (const [user, nip] of Object.entries(LINKED)) await w.link(user, nip);
  const ctx: Ctx = { A: '', B: '', O: '', nonce: '' };
  if (setup === 'own') {
    ctx.O = await submit('budi', TITLE_OWN, '2026-03-09');
    return ctx;
  }
  ctx.A = await submit('siti', TITLE_A, '2026-03-10');
  if (setup === 'two') ctx.B = await submit('siti', TITLE_B, '2026-03-11');
  if (setup === 'returned' || setup === 'resubmitted') {
    expect(texts(await w.chat.press('budi', `ad:${ctx.A}:1:v:0`))).toContain('Tercatat: dikembalikan');
  }
  if (setup === 'resubmitted') {
    expect(texts(await w.chat.press('siti', `rv:${ctx.A}`))).toContain(t.summaryTitle);
    expect(texts(await w.chat.press('siti', 'Kirim ke atasan'))).toContain('dikirim ulang');
    expect(revisionOf((await w.store.getActivity(ctx.A))!)).toBe('3');
  }
  if (setup === 'dialog') {
    ctx.nonce = await openDialog('siti', 'Webinar Keamanan Siber');
    await openDialog('andi', 'Webinar Manajemen Risiko');
  }
  return ctx;
}

/** Every report of everyone, and every dialogue and decision state. */
async function snapshot() {
  const activities: Activity[] = [];
  for (const nip of NIPS) activities.push(...(await w!.store.activitiesOf(nip)));
  const states: Record<string, unknown> = {};
  for (const user of USERS) {
    states[user] = await w!.store.getState(`console:${user}`);
    states[`${user}#decision`] = await w!.store.getState(`console:${user}#decision`);
  }
  return { activities, states };
}

async function run(step: Step): Promise<OutLine[]> {
  if (step.waitMinutes) w!.clock.advanceHours(step.waitMinutes / 60);
  if (step.press === undefined && step.say === undefined) return [];
  const out = step.press !== undefined ? await w!.chat.press(step.by, step.press) : await w!.chat.say(step.by, step.say!);
  const what = `${step.by} ${step.press !== undefined ? `pressed "${step.press}"` : `said "${step.say}"`}`;
  expect(out.filter((l) => l.error !== undefined), what).toEqual([]);
  const mine = forUser(out, step.by);
  const said = texts(mine);
  if (step.reply !== undefined) expect(said, what).toContain(step.reply);
  if (step.not !== undefined) expect(said, what).not.toContain(step.not);
  for (const bad of ['undefined', '[object', 'NaN', t.internalError]) expect(texts(out), what).not.toContain(bad);
  const others = [...new Set(out.map((l) => l.to).filter((to) => to !== step.by))].sort();
  expect(others, `${what}: who else was told`).toEqual([...(step.tells ?? [])].sort());
  if (step.buttons) expect(buttonIds(mine), what).toEqual(expect.arrayContaining(step.buttons));
  if (step.reply !== undefined && REFUSALS.includes(step.reply) && !step.reveals) {
    for (const title of [TITLE_A, TITLE_B, TITLE_OWN]) expect(said, `${what} shows a report`).not.toContain(title);
    expect(buttonIds(mine).filter((id) => /^a[dp]:/.test(id)), `${what} shows decision buttons`).toEqual([]);
  }
  return out;
}

/**
 * What proves a report unspoiled: a dialogue goes on where it was, a returned report can be revised and
 * sent again, and a pending one is decided by whoever decides it (Budi for his staff, Rina for Budi).
 */
async function proveUsable(setup: Setup = 'pending'): Promise<void> {
  if (setup === 'dialog') {
    for (const user of ['siti', 'andi'] as const) await run({ by: user, press: 'Nasional', reply: t.askStart });
  }
  for (const a of await w!.store.activitiesOf(NIP.siti)) {
    if (a.status !== 'returned') continue;
    await run({ by: 'siti', press: `rv:${a.id}`, reply: t.summaryTitle });
    await run({ by: 'siti', press: 'Kirim ke atasan', reply: 'dikirim ulang', tells: ['budi'] });
  }
  const pending = [...(await w!.store.activitiesByStatus('pending'))];
  expect(pending.length, 'a report left to decide').toBeGreaterThan(0);
  for (const a of pending) {
    const decider: User = a.nip === NIP.atasan ? 'rina' : 'budi';
    const owner: User = a.nip === NIP.atasan ? 'budi' : 'siti';
    const before = a.history.length;
    await run({ by: decider, press: `ad:${a.id}:${revisionOf(a)}:a:-`, reply: 'Tercatat: disetujui', tells: [owner] });
    const stored = (await w!.store.getActivity(a.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.history).toHaveLength(before + 1);
    expect(stored.history.at(-1)).toMatchObject({ status: 'approved', by: LINKED[decider as keyof typeof LINKED] });
  }
}

/** The case is refused: replies as given, the store exactly as before, and everything still usable. */
async function refused(kase: Case): Promise<void> {
  const c = await start(kase.setup);
  const before = await snapshot();
  for (const step of kase.steps(c)) await run(step);
  expect(await snapshot()).toEqual(before);
  await proveUsable(kase.setup);
}

/** The case decides: the report ends with the given history, nothing else changed, no prompt is left open. */
async function decides(kase: DecidingCase): Promise<void> {
  const c = await start(kase.setup);
  const id = kase.on === 'B' ? c.B : c.A;
  const before = await snapshot();
  for (const step of kase.steps(c)) await run(step);
  const stored = (await w!.store.getActivity(id))!;
  expect(stored.history.map((h) => [h.status, h.by, ...(h.reason !== undefined ? [h.reason] : [])])).toEqual(kase.history);
  expect(stored.status).toBe(kase.history.at(-1)![0]);
  const after = await snapshot();
  expect(after.activities.filter((a) => a.id !== id)).toEqual(before.activities.filter((a) => a.id !== id));
  for (const user of USERS) expect(after.states[`${user}#decision`], `${user}'s decision prompt`).toBeUndefined();
  if ((await w!.store.activitiesByStatus('pending')).length > 0) await proveUsable(kase.setup);
}

const named = <T extends { name: string }>(cases: T[]) => cases.map((k) => [k.name, k] as const);

// ------------------------------------------------------------------------------------------------
// The legitimate actor: every path works.

const legitimate: DecidingCase[] = [
  {
    name: `budi (Siti's atasan) · ap: Setujui, then the typed note · ${SRC.rule}`,
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:a`, reply: t.askApproveNote, buttons: [`ad:${c.A}:1:a:-`, `adc:${c.A}`] },
      { by: 'budi', say: 'Sudah sesuai, terima kasih', reply: `Tercatat: disetujui — laporan Siti Rahmawati: "${TITLE_A}"`, tells: ['siti'] },
    ],
    history: [['pending', NIP.siti], ['approved', NIP.atasan, 'Sudah sesuai, terima kasih']],
  },
  {
    name: `rina (admin) · ap: Tolak, then the typed reason · ${SRC.rule}`,
    steps: (c) => [
      { by: 'rina', press: `ap:${c.A}:1:r`, reply: t.askRejectReason, buttons: [`ad:${c.A}:1:r:0`, `ad:${c.A}:1:r:3`, `adc:${c.A}`] },
      { by: 'rina', say: 'Bukan kegiatan pengembangan kompetensi', reply: 'Tercatat: ditolak', tells: ['siti'] },
    ],
    history: [['pending', NIP.siti], ['rejected', NIP.admin, 'Bukan kegiatan pengembangan kompetensi']],
  },
  {
    name: `budi · ap: Kembalikan, then a preset reason (ad:<id>:<rev>:v:2) · ${SRC.rule}`,
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:v`, reply: t.askReturnReason },
      { by: 'budi', press: `ad:${c.A}:1:v:2`, reply: 'Tercatat: dikembalikan untuk revisi', tells: ['siti'] },
    ],
    history: [['pending', NIP.siti], ['returned', NIP.atasan, REASON[2]!]],
  },
  {
    name: `budi · ad: approve in one press with '-' · ${SRC.rule}`,
    steps: (c) => [{ by: 'budi', press: `ad:${c.A}:1:a:-`, reply: 'Tercatat: disetujui', tells: ['siti'] }],
    history: [['pending', NIP.siti], ['approved', NIP.atasan]],
  },
  {
    name: `rina (admin) · ad: reject with preset reason 0 · ${SRC.rule}`,
    steps: (c) => [{ by: 'rina', press: `ad:${c.A}:1:r:0`, reply: 'Tercatat: ditolak', tells: ['siti'] }],
    history: [['pending', NIP.siti], ['rejected', NIP.admin, REASON[0]!]],
  },
  {
    name: `budi · ap: Setujui double-tapped: asked once, "in progress" once, the note approves once · ${SRC.tap}`,
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:a`, reply: t.askApproveNote },
      { by: 'budi', press: `ap:${c.A}:1:a`, reply: t.decisionInProgress, not: t.askApproveNote },
      { by: 'budi', say: 'Oke', reply: 'Tercatat: disetujui', tells: ['siti'] },
      { by: 'budi', say: 'Oke', reply: t.fallback },
    ],
    history: [['pending', NIP.siti], ['approved', NIP.atasan, 'Oke']],
  },
  {
    name: `siti (the owner) · rv: on her returned report, then sent again · ${SRC.rule}`,
    setup: 'returned',
    steps: (c) => [
      { by: 'siti', press: `rv:${c.A}`, reply: t.summaryTitle },
      { by: 'siti', press: 'Kirim ke atasan', reply: 'dikirim ulang', tells: ['budi'] },
    ],
    history: [['pending', NIP.siti], ['returned', NIP.atasan, REASON[0]!], ['pending', NIP.siti]],
  },
];

describe('the legitimate actor: every decision path works', () => {
  it.each(named(legitimate))('%s', async (_name, kase) => decides(kase));

  it(`siti · r: a button of her own open report answers it · ${SRC.rule}`, async () => {
    const c = await start('dialog');
    await run({ by: 'siti', press: `r:${c.nonce}:scope:internasional`, reply: t.askStart });
    const state = await w!.store.getState('console:siti');
    expect(state).toMatchObject({ step: 'start', data: { scope: 'internasional', nonce: c.nonce } });
  });

  it(`budi · adc: Batal at the reason prompt: the request comes back, and later text is no reason · ${SRC.rule}`, async () =>
    refused({
      name: 'cancel',
      steps: (c) => [
        { by: 'budi', press: `ap:${c.A}:1:v`, reply: t.askReturnReason },
        { by: 'budi', press: `adc:${c.A}`, reply: t.decisionCancelled, reveals: true, buttons: [`ap:${c.A}:1:a`, `ap:${c.A}:1:r`, `ap:${c.A}:1:v`] },
        { by: 'budi', say: 'Tanggal kegiatan salah', reply: t.fallback },
      ],
    }));
});

// ------------------------------------------------------------------------------------------------
// The legitimate actor with forged codes, reason keys, revisions, ids and stamps.

const FORGED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'x', '', '10', '-1', '1e3'];

interface Position {
  where: string;
  by: User;
  setup?: Setup;
  steps: (k: string, c: Ctx) => Step[];
}

const idReply = (k: string) => (k === '' ? t.unknownButton : t.reportNotFound);
const revStep = (by: User, press: string, k: string, c: Ctx): Step =>
  // A well-formed revision that is not the current one answers with the current request.
  k === '10'
    ? { by, press, reply: t.oldVersionButton, buttons: [`ap:${c.A}:1:a`] }
    : { by, press, reply: t.unknownButton };

const POSITIONS: Position[] = [
  { where: 'ap: decision code', by: 'budi', steps: (k, c) => [{ by: 'budi', press: `ap:${c.A}:1:${k}`, reply: t.unknownButton }] },
  { where: 'ad: decision code', by: 'rina', steps: (k, c) => [{ by: 'rina', press: `ad:${c.A}:1:${k}:0`, reply: t.unknownButton }] },
  { where: 'ad: reason key of a rejection', by: 'budi', steps: (k, c) => [{ by: 'budi', press: `ad:${c.A}:1:r:${k}`, reply: t.unknownButton }] },
  { where: 'ad: reason key of an approval', by: 'rina', steps: (k, c) => [{ by: 'rina', press: `ad:${c.A}:1:a:${k}`, reply: t.unknownButton }] },
  {
    where: 'ap: decision code, then a typed reason',
    by: 'budi',
    steps: (k, c) => [
      { by: 'budi', press: `ap:${c.A}:1:${k}`, reply: t.unknownButton },
      { by: 'budi', say: 'Tanggal kegiatan salah', reply: t.fallback },
    ],
  },
  { where: 'ap: revision', by: 'rina', steps: (k, c) => [revStep('rina', `ap:${c.A}:${k}:a`, k, c)] },
  { where: 'ad: revision', by: 'budi', steps: (k, c) => [revStep('budi', `ad:${c.A}:${k}:a:-`, k, c)] },
  { where: 'ap: report id', by: 'budi', steps: (k) => [{ by: 'budi', press: `ap:${k}:1:a`, reply: idReply(k) }] },
  { where: 'ad: report id', by: 'rina', steps: (k) => [{ by: 'rina', press: `ad:${k}:1:r:0`, reply: idReply(k) }] },
  {
    where: 'adc: report id',
    by: 'budi',
    steps: (k) => [{ by: 'budi', press: `adc:${k}`, reply: k === '' ? t.unknownButton : t.nothingToCancel }],
  },
  { where: 'rv: report id', by: 'siti', setup: 'returned', steps: (k) => [{ by: 'siti', press: `rv:${k}`, reply: idReply(k) }] },
  {
    where: 'r: report stamp',
    by: 'siti',
    setup: 'dialog',
    steps: (k) => [{ by: 'siti', press: `r:${k}:scope:nasional`, reply: t.staleButton }],
  },
  {
    where: 'r: step',
    by: 'siti',
    setup: 'dialog',
    steps: (k, c) => [{ by: 'siti', press: `r:${c.nonce}:${k}:nasional`, reply: t.staleButton }],
  },
  {
    where: 'r: value',
    by: 'siti',
    setup: 'dialog',
    steps: (k, c) => [{ by: 'siti', press: `r:${c.nonce}:scope:${k}`, reply: t.staleButton }],
  },
];

const forged: Case[] = POSITIONS.flatMap((p) =>
  FORGED.map((k) => ({
    name: `${p.by} (may act here) · ${p.where} = ${JSON.stringify(k)} · ${SRC.forged}`,
    ...(p.setup ? { setup: p.setup } : {}),
    steps: (c: Ctx) => p.steps(k, c),
  })),
);

/** Well-formed reason keys the catalog does not have, where a reason is required. */
const missingReasons: Case[] = [
  ['r', '9'],
  ['r', '4'],
  ['r', '-'],
  ['v', '7'],
  ['v', '-'],
].map(([code, key]) => ({
  name: `budi · ad: ${code === 'r' ? 'rejection' : 'return'} with reason key ${key} (none such) · ${SRC.forged}`,
  // `-` with a rejection or return is outside the grammar; a digit past the catalog's reasons is a missing reason.
  steps: (c: Ctx) => [{ by: 'budi', press: `ad:${c.A}:1:${code}:${key}`, reply: key === '-' ? t.unknownButton : t.reasonRequired }],
}));

/** An approval with a preset reason index: a rejection reason stored as the approval note (found by review). */
const approvalWithReason: Case[] = ['0', '3', '9'].map((key) => ({
  name: `budi · ad: approval with reason key ${key} (an approval takes none) · ${SRC.forged}`,
  steps: (c: Ctx) => [{ by: 'budi', press: `ad:${c.A}:1:a:${key}`, reply: t.unknownButton }],
}));

describe('the legitimate actor, forged button data: a clear reply, the report unchanged and still decidable', () => {
  it.each(named([...forged, ...missingReasons, ...approvalWithReason]))('%s', async (_name, kase) => refused(kase));
});

// ------------------------------------------------------------------------------------------------
// Someone else.

const OTHERS: { who: User; role: string; reply: string; source: string }[] = [
  { who: 'andi', role: 'another employee of the unit', reply: t.notPermitted, source: SRC.rule },
  { who: 'hadi', role: 'an atasan of another unit', reply: t.notPermitted, source: SRC.rule },
  { who: 'mallory', role: 'an unlinked stranger', reply: t.notLinked, source: SRC.rule },
  { who: 'siti', role: 'the employee, on her own report', reply: t.notPermitted, source: SRC.rule },
];

const DECISION_PATHS: { path: string; steps: (who: User, reply: string, c: Ctx) => Step[] }[] = [
  { path: 'ap: Setujui', steps: (who, reply, c) => [{ by: who, press: `ap:${c.A}:1:a`, reply }] },
  { path: 'ap: Tolak', steps: (who, reply, c) => [{ by: who, press: `ap:${c.A}:1:r`, reply }] },
  { path: 'ap: Kembalikan', steps: (who, reply, c) => [{ by: who, press: `ap:${c.A}:1:v`, reply }] },
  { path: "ad: approve with '-'", steps: (who, reply, c) => [{ by: who, press: `ad:${c.A}:1:a:-`, reply }] },
  { path: 'ad: reject with a preset reason', steps: (who, reply, c) => [{ by: who, press: `ad:${c.A}:1:r:0`, reply }] },
  { path: 'ad: return with a preset reason', steps: (who, reply, c) => [{ by: who, press: `ad:${c.A}:1:v:3`, reply }] },
  {
    path: 'ap: Tolak, then a typed reason',
    steps: (who, reply, c) => [
      { by: who, press: `ap:${c.A}:1:r`, reply },
      { by: who, say: 'Tanggal kegiatan tidak sesuai', reply: who === 'mallory' ? t.notLinked : t.fallback },
    ],
  },
  {
    path: 'adc: Batal (shows nothing of the report)',
    steps: (who, reply, c) => [{ by: who, press: `adc:${c.A}`, reply: who === 'mallory' ? t.notLinked : t.nothingToCancel }],
  },
];

const someoneElse: Case[] = [
  ...OTHERS.flatMap((o) =>
    DECISION_PATHS.map((p) => ({
      name: `${o.who} (${o.role}) · ${p.path} on Siti's report · ${o.source}`,
      steps: (c: Ctx) => p.steps(o.who, o.reply, c),
    })),
  ),
  ...(
    [
      ['andi', 'another employee of the unit', t.reportNotFound],
      ['hadi', 'an atasan of another unit', t.reportNotFound],
      ['budi', 'her atasan', t.reportNotFound],
      ['rina', 'an admin', t.reportNotFound],
      ['mallory', 'an unlinked stranger', t.notLinked],
    ] as const
  ).map(([who, role, reply]) => ({
    name: `${who} (${role}) · rv: on Siti's returned report · ${SRC.rule}`,
    setup: 'returned' as const,
    steps: (c: Ctx) => [{ by: who, press: `rv:${c.A}`, reply }],
  })),
  ...(
    [
      ['andi', 'another employee, in a report of his own', t.staleButton],
      ['budi', 'her atasan', t.staleButton],
      ['rina', 'an admin', t.staleButton],
      ['mallory', 'an unlinked stranger', t.notLinked],
    ] as const
  ).map(([who, role, reply]) => ({
    name: `${who} (${role}) · r: a button of Siti's open report · ${SRC.rule}`,
    setup: 'dialog' as const,
    steps: (c: Ctx) => [{ by: who, press: `r:${c.nonce}:scope:internasional`, reply }],
  })),
  ...(
    [
      ['ap: Setujui', (c: Ctx) => `ap:${c.O}:1:a`],
      ["ad: approve with '-'", (c: Ctx) => `ad:${c.O}:1:a:-`],
    ] as const
  ).map(([path, press]) => ({
    name: `budi (an atasan, on his own report) · ${path} · ${SRC.rule}`,
    setup: 'own' as const,
    steps: (c: Ctx) => [{ by: 'budi' as const, press: press(c), reply: t.notPermitted }],
  })),
];

describe('someone else: refused, nothing changed', () => {
  it.each(named(someoneElse))('%s', async (_name, kase) => refused(kase));
});

// ------------------------------------------------------------------------------------------------
// Other ids: an old version's buttons, reports that do not exist, ids over Telegram's 64 bytes.

const NOWHERE = 'Zz9NotThere';
const otherIds: Case[] = [
  ...(
    [
      ['budi', (c: Ctx) => `ap:${c.A}:1:a`],
      ['budi', (c: Ctx) => `ad:${c.A}:1:a:-`],
      ['rina', (c: Ctx) => `ad:${c.A}:2:r:0`],
      ['budi', (c: Ctx) => `ap:${c.A}:2:v`],
    ] as const
  ).map(([who, press]) => ({
    name: `${who} · a button of the version before the resubmit (${press({ A: '<id>' } as Ctx)}) · ${SRC.forged}`,
    setup: 'resubmitted' as const,
    steps: (c: Ctx) => [{ by: who, press: press(c), reply: t.oldVersionButton, buttons: [`ap:${c.A}:3:a`, `ap:${c.A}:3:r`, `ap:${c.A}:3:v`] }],
  })),
  {
    name: `andi (another employee) · the current version's button after the resubmit · ${SRC.rule}`,
    setup: 'resubmitted',
    steps: (c) => [{ by: 'andi', press: `ad:${c.A}:3:a:-`, reply: t.notPermitted }],
  },
  ...(
    [
      ['budi', `ap:${NOWHERE}:1:a`, t.reportNotFound],
      ['rina', `ad:${NOWHERE}:1:r:0`, t.reportNotFound],
      ['budi', `adc:${NOWHERE}`, t.nothingToCancel],
      ['siti', `rv:${NOWHERE}`, t.reportNotFound],
    ] as const
  ).map(([who, press, reply]) => ({
    name: `${who} · a report that does not exist (${press}) · ${SRC.forged}`,
    steps: () => [{ by: who, press, reply }],
  })),
  ...(
    [
      ['budi', (c: Ctx) => `ap:${c.A.repeat(9)}:1:a`, t.unknownButton],
      ['budi', (c: Ctx) => `ad:${c.A}:1:a:-:${'0'.repeat(60)}`, t.unknownButton],
      ['rina', (c: Ctx) => `ad:${c.A}:1:a:${'é'.repeat(30)}`, t.unknownButton],
      ['siti', (c: Ctx) => `rv:${c.A}${'x'.repeat(70)}`, t.unknownButton],
    ] as const
  ).map(([who, press, reply], i) => ({
    name: `${who} · an id over 64 bytes (#${i + 1}) · ${SRC.forged}`,
    steps: (c: Ctx) => {
      expect(Buffer.byteLength(press(c), 'utf8')).toBeGreaterThan(64);
      return [{ by: who, press: press(c), reply }];
    },
  })),
  {
    name: `siti · an over-64-byte button of her own report (stamp, step and a long value) · ${SRC.forged}`,
    setup: 'dialog',
    steps: (c) => [{ by: 'siti', press: `r:${c.nonce}:scope:nasional:${'n'.repeat(40)}:${'a'.repeat(20)}`, reply: t.staleButton }],
  },
];

describe('other ids: old versions, missing reports, over-long ids', () => {
  it.each(named(otherIds))('%s', async (_name, kase) => refused(kase));
});

// ------------------------------------------------------------------------------------------------
// The typed reason: only the prompter's own text, only for the report it was opened for, only while fresh.

const typedDeciding: DecidingCase[] = [
  {
    name: `andi and a stranger type while budi's reason prompt is open: only budi's text is the reason · ${SRC.forged}`,
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:r`, reply: t.askRejectReason },
      { by: 'andi', say: 'Alasan palsu dari Andi', reply: t.fallback },
      { by: 'mallory', say: 'Alasan palsu dari orang asing', reply: t.notLinked },
      { by: 'budi', say: 'Tanggal kegiatan tidak sesuai', reply: 'Tercatat: ditolak', tells: ['siti'] },
    ],
    history: [['pending', NIP.siti], ['rejected', NIP.atasan, 'Tanggal kegiatan tidak sesuai']],
  },
  {
    name: `andi presses Batal (adc:) on the report budi is deciding: budi's prompt stays · ${SRC.rule}`,
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:r`, reply: t.askRejectReason },
      { by: 'andi', press: `adc:${c.A}`, reply: t.nothingToCancel },
      { by: 'budi', say: 'Tanggal kegiatan tidak sesuai', reply: 'Tercatat: ditolak', tells: ['siti'] },
    ],
    history: [['pending', NIP.siti], ['rejected', NIP.atasan, 'Tanggal kegiatan tidak sesuai']],
  },
  {
    name: `budi · a prompt opened for report A decides A only, not B · ${SRC.forged}`,
    setup: 'two',
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:r`, reply: t.askRejectReason },
      { by: 'budi', say: 'Bukti kegiatan tidak lengkap', reply: `"${TITLE_A}"`, not: TITLE_B, tells: ['siti'] },
    ],
    history: [['pending', NIP.siti], ['rejected', NIP.atasan, 'Bukti kegiatan tidak lengkap']],
  },
  {
    name: `budi · a prompt for A, then Setujui on B: the typed note decides B only · ${SRC.forged}`,
    setup: 'two',
    on: 'B',
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:r`, reply: t.askRejectReason },
      { by: 'budi', press: `ap:${c.B}:1:a`, reply: t.askApproveNote },
      { by: 'budi', say: 'Bagus', reply: `"${TITLE_B}"`, not: TITLE_A, tells: ['siti'] },
      { by: 'budi', say: 'Bukti kegiatan tidak lengkap', reply: t.fallback },
    ],
    history: [['pending', NIP.siti], ['approved', NIP.atasan, 'Bagus']],
  },
  {
    name: `budi · a prompt for A, then a preset reason on B: B is decided, the later text decides nothing · ${SRC.forged}`,
    setup: 'two',
    on: 'B',
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:r`, reply: t.askRejectReason },
      { by: 'budi', press: `ad:${c.B}:1:r:1`, reply: `"${TITLE_B}"`, tells: ['siti'] },
      { by: 'budi', say: 'Bukti kegiatan tidak lengkap', reply: t.fallback },
    ],
    history: [['pending', NIP.siti], ['rejected', NIP.atasan, REASON[1]!]],
  },
  {
    name: `budi · a prompt whose report rina decided meanwhile: the text says who decided, nothing more · ${SRC.rule}`,
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:a`, reply: t.askApproveNote },
      { by: 'rina', press: `ad:${c.A}:1:r:1`, reply: 'Tercatat: ditolak', tells: ['siti'] },
      { by: 'budi', say: 'Sudah sesuai', reply: 'sudah diputuskan (ditolak) oleh Rina Admin' },
    ],
    history: [['pending', NIP.siti], ['rejected', NIP.admin, REASON[1]!]],
  },
  {
    name: `budi · a prompt opened before a return and resubmit does not decide the new version · ${SRC.forged}`,
    steps: (c) => [
      { by: 'budi', press: `ap:${c.A}:1:a`, reply: t.askApproveNote },
      { by: 'rina', press: `ad:${c.A}:1:v:0`, reply: 'Tercatat: dikembalikan', tells: ['siti'] },
      { by: 'siti', press: `rv:${c.A}`, reply: t.summaryTitle },
      { by: 'siti', press: 'Kirim ke atasan', reply: 'dikirim ulang', tells: ['budi'] },
      { by: 'budi', say: 'Sudah sesuai', reply: t.oldVersionButton, buttons: [`ap:${c.A}:3:a`] },
    ],
    history: [['pending', NIP.siti], ['returned', NIP.admin, REASON[0]!], ['pending', NIP.siti]],
  },
];

describe("the typed reason: the prompter's own text, for the report the prompt was opened for", () => {
  it.each(named(typedDeciding))('%s', async (_name, kase) => decides(kase));

  it(`budi · a prompt older than 15 minutes: the text is an ordinary message · ${SRC.forged}`, async () =>
    refused({
      name: 'stale prompt',
      steps: (c) => [
        { by: 'budi', press: `ap:${c.A}:1:r`, reply: t.askRejectReason },
        { by: 'budi', waitMinutes: 16, say: 'Tanggal kegiatan tidak sesuai', reply: t.fallback },
      ],
    }));

  it(`andi · his own refused press opens no prompt: his text is no reason · ${SRC.rule}`, async () =>
    refused({
      name: 'refused prompt',
      steps: (c) => [
        { by: 'andi', press: `ap:${c.A}:1:v`, reply: t.notPermitted },
        { by: 'andi', say: 'Tanggal kegiatan tidak sesuai', reply: t.fallback },
        { by: 'budi', say: 'Tanggal kegiatan tidak sesuai', reply: t.fallback },
      ],
    }));
});
