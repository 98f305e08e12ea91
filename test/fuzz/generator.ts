import type { InboundEvent, UserRef } from '../../src/chat/events.js';
import type { Activity, ConversationState, Employee } from '../../src/domain/types.js';
import { INVITE_ALPHABET } from '../../src/domain/invites.js';
import { NIP } from '../helpers/script-driver.js';
import { goodFile, oddFile, oddText, PROTO_KEYS, SEND_BASES, wrongValue, BROKEN, type OddFile } from './inputs.js';
import type { Rng } from './rng.js';

/**
 * The event generator of the engine fuzz: who sends what next, from the store as the last check read it.
 * About half the events are what real users send (reports, answers, the buttons they were shown, decisions),
 * so that dialogues, reports and decisions really happen; the rest is hostile or broken input.
 *
 * Each event says whether it must be inert: change nothing but the turn's own bookkeeping (the inbound mark,
 * the reply, the sender's own dialogue states and account, the link-guard counters). Forged, malformed and
 * unauthorized input is inert, and so is most ordinary input; what is not inert is said conservatively (a
 * press that could decide a report, a submission, a typed reason, a language switch).
 */

export type Role = 'employee' | 'atasan' | 'admin' | 'orphan' | 'stranger';

export interface Actor {
  name: string;
  from: UserRef;
  nip?: string;
  role: Role;
}

/** siti and andi report to atasan; dewi (orphan) has no atasan, so her reports go to the admin. */
export const ACTORS: readonly Actor[] = [
  { name: 'atasan', from: { platform: 'telegram', id: '5000' }, nip: NIP.atasan, role: 'atasan' },
  { name: 'siti', from: { platform: 'telegram', id: '5001' }, nip: NIP.siti, role: 'employee' },
  { name: 'andi', from: { platform: 'slack', id: 'U0ANDI0001' }, nip: NIP.andi, role: 'employee' },
  { name: 'admin', from: { platform: 'slack', id: 'U0ADMIN001' }, nip: NIP.admin, role: 'admin' },
  { name: 'dewi', from: { platform: 'console', id: 'dewi' }, nip: NIP.orphan, role: 'orphan' },
  { name: 'tamu-tg', from: { platform: 'telegram', id: '6666' }, role: 'stranger' },
  { name: 'tamu-slack', from: { platform: 'slack', id: 'U0STRANGER' }, role: 'stranger' },
  { name: 'tamu', from: { platform: 'console', id: 'tamu' }, role: 'stranger' },
];

const ACTOR_WEIGHTS: Record<string, number> = { atasan: 18, siti: 20, andi: 16, admin: 14, dewi: 12, 'tamu-tg': 7, 'tamu-slack': 7, tamu: 6 };

/** `platform:id` as the engine keys a user; values of the wrong type shown as JSON when they have no string form. */
export const userKey = (from: { platform: unknown; id: unknown }) => `${show(from.platform)}:${show(from.id)}`;
function show(v: unknown): string {
  try {
    return String(v);
  } catch {
    return JSON.stringify(v);
  }
}

/** A message with buttons shown to someone; `ref` is what the platform would call it in a press. */
export interface ShownMessage {
  ref: string;
  ids: string[];
}

/** What the generator may look at: the store as the last invariant check read it, and the buttons people were shown. */
export interface View {
  now: Date;
  activities: readonly Activity[];
  employee(nip: string): Employee | undefined;
  dialog(actor: Actor): ConversationState | undefined;
  decision(actor: Actor): ConversationState | undefined;
  shown(actor: Actor): readonly ShownMessage[];
  /** Inbound keys already handled, for replays. */
  inboundKeys: readonly string[];
}

export const CATEGORIES = [
  'start-report',
  'report-answer',
  'report-button',
  'evidence',
  'query',
  'approval-button',
  'decision',
  'revise',
  'lang',
  'blocked',
  'unsupported',
  'replay',
  'forged-id',
  'foreign-button',
  'stale-decision',
  'odd-text',
  'wrong-type',
  'odd-file',
  'code-guess',
  'stranger',
  'race',
] as const;
export type Category = (typeof CATEGORIES)[number];

const ADVERSARIAL: ReadonlySet<Category> = new Set([
  'replay',
  'forged-id',
  'foreign-button',
  'stale-decision',
  'odd-text',
  'wrong-type',
  'odd-file',
  'code-guess',
  'stranger',
  'race',
]);
export const isAdversarial = (c: Category) => ADVERSARIAL.has(c);

export interface Generated {
  actor: Actor;
  event: InboundEvent;
  inboundKey?: string;
  category: Category;
  /** Must change nothing but the turn's own bookkeeping (see above). */
  inert: boolean;
  /** A replay of an inbound key already handled: must be answered as a duplicate, sending nothing. */
  replay?: boolean;
  /** `from` is not a valid user reference: no reply can be addressed, so the store refuses the turn's messages. */
  malformedSender?: boolean;
  note: string;
  file?: OddFile;
  /** Sent at the same moment as this one (a double tap, or a second decider on the same report). */
  concurrent?: Generated;
}

export interface GeneratorOptions {
  /** Values of the wrong JSON type in event fields (default true). */
  wrongTypes?: boolean;
}

export class EventGenerator {
  private last: Actor | undefined;
  private n = 0;

  constructor(
    private readonly rng: Rng,
    private readonly opts: GeneratorOptions = {},
  ) {}

  next(view: View): Generated {
    const rng = this.rng;
    // Conversations come in bursts: often the same person writes again (so a reason follows its prompt).
    let actor = this.last;
    if (!actor || !rng.chance(0.55)) {
      const name = rng.weighted(ACTOR_WEIGHTS);
      actor = ACTORS.find((a) => a.name === name)!;
    }
    this.last = actor;
    const g = actor.role === 'stranger' ? this.stranger(view, actor) : rng.chance(0.58) ? this.plausible(view, actor) : this.adversarial(view, actor);
    // Whatever is typed right after a decision prompt may be its reason (decide.ts): it may decide a report.
    if (g.event.kind === 'text' && actor.nip && view.decision(actor) && !g.replay && !g.malformedSender) g.inert = false;
    if (g.inboundKey === undefined && !g.replay && rng.chance(0.8)) g.inboundKey = `${actor.from.platform}:update:${++this.n}`;
    return g;
  }

  // ---------------------------------------------------------------- ordinary use

  private plausible(view: View, actor: Actor): Generated {
    const rng = this.rng;
    const decision = view.decision(actor);
    if (decision && rng.chance(0.75)) return this.decisionFollowUp(view, actor);
    const dialog = view.dialog(actor);
    if (dialog?.dialog === 'report' && rng.chance(0.88)) return this.reportAnswer(view, actor, dialog);

    const shown = view.shown(actor).flatMap((m) => m.ids.map((id) => ({ id, ref: m.ref })));
    const approvals = shown.filter((b) => b.id.startsWith('ap:'));
    if (approvals.length && rng.chance(0.6)) return this.pressShown(view, actor, rng.pick(approvals), 'approval-button');
    const revise = shown.filter((b) => b.id.startsWith('rv:'));
    if (revise.length && rng.chance(0.5)) return this.pressShown(view, actor, rng.pick(revise), 'revise');

    const roll = rng.next();
    if (roll < 0.4) return this.text(actor, rng.pick(['lapor webinar', 'lapor', 'lapor seminar', 'saya ikut workshop kemarin', 'lapor pelatihan']), 'start-report', true);
    if (roll < 0.88) {
      const queries = ['berapa JP saya tahun ini?', 'riwayat', 'status', 'persetujuan', 'bantuan', 'halo', 'JP tahun lalu', 'batal', 'kembali'];
      if (actor.role === 'admin') queries.push('rekap', 'rekap Bidang SDM');
      return this.text(actor, rng.pick(queries), 'query', true);
    }
    if (roll < 0.92) return this.text(actor, rng.pick(['/bahasa en', '/bahasa id', 'bahasa', 'language en']), 'lang', false);
    if (roll < 0.96) return { actor, event: { kind: 'unsupported', from: actor.from }, category: 'unsupported', inert: true, note: 'a sticker' };
    return { actor, event: { kind: 'blocked', from: actor.from }, category: 'blocked', inert: true, note: 'blocked the assistant' };
  }

  private decisionFollowUp(view: View, actor: Actor): Generated {
    const rng = this.rng;
    const latest = view.shown(actor).at(-1);
    const buttons = (latest?.ids ?? []).filter((id) => id.startsWith('ad:') || id.startsWith('adc:'));
    if (buttons.length && rng.chance(0.5)) return this.pressShown(view, actor, { id: rng.pick(buttons), ref: latest!.ref }, 'decision');
    const reason = rng.pick(['Sertifikat belum dilampirkan', 'Mohon perbaiki tanggal kegiatan', 'Disetujui, terima kasih', 'ok', 'lewati', 'batal', 'kembali', 'JP terlalu besar']);
    return this.text(actor, reason, 'decision', false);
  }

  private reportAnswer(view: View, actor: Actor, dialog: ConversationState): Generated {
    const rng = this.rng;
    const step = dialog.step;
    const nonce = String(dialog.data.nonce ?? '');
    if (rng.chance(0.06)) return this.text(actor, rng.pick(['kembali', 'batal', 'berapa JP saya tahun ini?', 'lapor']), 'report-answer', true);
    if (step === 'evidence') {
      const r = rng.next();
      if (r < 0.35) return this.file(actor, goodFile(rng), 'evidence');
      if (r < 0.5) return this.file(actor, oddFile(rng, { wrongTypes: false }), 'odd-file');
    }
    const own = view
      .shown(actor)
      .flatMap((m) => m.ids.filter((id) => id.startsWith(`r:${nonce}:${step}:`)).map((id) => ({ id, ref: m.ref })));
    if (own.length && rng.chance(step === 'summary' ? 0.7 : 0.55)) {
      const sends = own.filter((b) => b.id.endsWith(':summary:send'));
      const pick = sends.length && rng.chance(0.75) ? rng.pick(sends) : rng.pick(own);
      return this.pressShown(view, actor, pick, 'report-button');
    }
    const answers: Record<string, string[]> = {
      jalur: ['klasikal', 'nonklasikal', 'webinar', 'pelatihan'],
      form: ['webinar', 'seminar', 'workshop', 'kursus'],
      title: ['Webinar Manajemen ASN Berbasis Merit', 'Pelatihan Analisis Jabatan', 'Seminar Transformasi Digital', 'Pe'],
      organizer: ['BKN', 'LAN RI', 'BPSDM Provinsi', 'K'],
      scope: ['nasional', 'internasional', 'dalam negeri'],
      start: ['kemarin', 'hari ini', 'kemarin', '1 November 2026', '31/02/2026'],
      end: ['sama', 'hari ini', 'sama'],
      amount: ['1', '2', '1 hari', '3 JP', '90 menit', '1'],
      certjp: ['tidak', '2', 'tidak ada'],
      certno: ['lewati', 'SERT/2026/001', '-'],
      evidence: ['lewati', 'skip'],
      summary: ['kirim', 'ya', 'ubah', 'kirim'],
      editpick: ['judul'],
    };
    const text = rng.pick(answers[step] ?? ['lewati']);
    // At the summary a send word submits the report: not inert.
    return this.text(actor, text, 'report-answer', !(step === 'summary' && /^(kirim|ya)$/.test(text)));
  }

  // ---------------------------------------------------------------- hostile and broken input

  private adversarial(view: View, actor: Actor): Generated {
    const rng = this.rng;
    const wrongTypes = this.opts.wrongTypes ?? true;
    const kind = rng.weighted({ forged: 28, foreign: 12, stale: 8, odd: 22, wrong: wrongTypes ? 14 : 0, file: 12, replay: 4, race: 5 });
    switch (kind) {
      case 'forged': {
        const { id, note } = this.forgedId(view, actor);
        return this.press(view, actor, id, 'forged-id', note, this.someRef());
      }
      case 'foreign': {
        const others = ACTORS.filter((a) => a !== actor).flatMap((a) => view.shown(a).flatMap((m) => m.ids.map((id) => ({ id, ref: m.ref, owner: a.name }))));
        if (!others.length) return this.press(view, actor, this.forgedId(view, actor).id, 'forged-id', 'no foreign button yet', undefined);
        const b = rng.pick(others);
        return this.press(view, actor, b.id, 'foreign-button', `a button shown to ${b.owner}`, rng.chance(0.5) ? b.ref : undefined);
      }
      case 'stale':
        return this.staleDecision(view, actor);
      case 'odd': {
        const odd = oddText(rng);
        const dialog = view.dialog(actor);
        const mayDecide = view.decision(actor) !== undefined;
        const maySubmit = dialog?.step === 'summary' && odd.base !== undefined && SEND_BASES.includes(odd.base);
        return this.text(actor, odd.text, 'odd-text', !mayDecide && !maySubmit, odd.note);
      }
      case 'wrong':
        return this.wrongType(view, actor);
      case 'file':
        return this.file(actor, oddFile(rng, { wrongTypes }), 'odd-file');
      case 'race':
        return this.race(view, actor);
      case 'replay':
      default: {
        if (!view.inboundKeys.length) return this.text(actor, oddText(rng).text, 'odd-text', view.decision(actor) === undefined);
        const key = rng.pick(view.inboundKeys);
        const g = rng.chance(0.5) ? this.plausible(view, actor) : this.text(actor, 'lapor webinar', 'replay', true);
        return { ...g, inboundKey: key, replay: true, inert: true, category: 'replay', note: `replays ${key}: ${g.note}` };
      }
    }
  }

  private stranger(view: View, actor: Actor): Generated {
    const rng = this.rng;
    const roll = rng.next();
    let g: Generated;
    if (roll < 0.3) {
      let code = '';
      for (let i = 0; i < 12; i++) code += rng.pick([...INVITE_ALPHABET]);
      const typed = rng.pick([`daftar ${code}`, `/start ${code}`, `daftar ${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`, `daftar ${code.slice(0, 8)}`, 'daftar', `daftar ${rng.pick(PROTO_KEYS)}`]);
      g = this.text(actor, typed, 'code-guess', true);
    } else if (roll < 0.45) g = this.text(actor, rng.pick(['lapor webinar', 'halo', 'berapa JP saya tahun ini?', 'persetujuan', 'rekap', 'undang 199003152015032001']), 'stranger', true);
    else if (roll < 0.55) {
      // A Slack profile email that matches nobody in the roster.
      g = this.text(actor, 'halo', 'stranger', true);
      g.event = { ...g.event, email: rng.pick(['penyusup@example.com', ' ', '', 'SITI@example.go.id.evil.com', '"><script>@x']) } as InboundEvent;
      g.note = 'text with an unknown profile email';
    } else g = this.adversarial(view, actor);
    // Nobody unlinked can change anything but their own guessing counters (a race sent in their turn is others').
    return g.actor === actor && !g.concurrent ? { ...g, inert: true } : g;
  }

  /** Button ids outside the grammar, with prototype keys, foreign or stale ids, oversize, controls, broken text. */
  private forgedId(view: View, actor: Actor): { id: string; note: string } {
    const rng = this.rng;
    // Half the time a pending report: a forged decision code on a report the presser may decide is defect 1 itself.
    const pending = view.activities.filter((a) => a.status === 'pending');
    const act = pending.length && rng.chance(0.5) ? rng.pick(pending) : view.activities.length ? rng.pick(view.activities) : undefined;
    const real = act?.id ?? 'AbCdEfGh1234';
    const rev = act ? String(act.history.length) : '1';
    const p = rng.pick(PROTO_KEYS);
    const nonce = String(view.dialog(actor)?.data.nonce ?? 'n0nce');
    const d = rng.pick(['a', 'r', 'v']);
    const templates: [string, string][] = [
      [`ap:${p}:1:a`, 'prototype key as activity id (ap)'],
      [`ap:${real}:${p}:a`, 'prototype key as revision (ap)'],
      [`ap:${real}:${rev}:${p}`, 'prototype key as decision (ap)'],
      [`ad:${p}:${rev}:${d}:0`, 'prototype key as activity id (ad)'],
      [`ad:${real}:${p}:${d}:0`, 'prototype key as revision (ad)'],
      [`ad:${real}:${rev}:${p}:0`, 'prototype key as decision (ad)'],
      [`ad:${real}:${rev}:${d}:${p}`, 'prototype key as reason (ad)'],
      [`adc:${p}`, 'prototype key (adc)'],
      [`rv:${p}`, 'prototype key (rv)'],
      [`r:${p}:scope:nasional`, 'prototype key as nonce (r)'],
      [`r:${nonce}:${p}:x`, 'prototype key as step (r)'],
      [`r:${nonce}:form:${p}`, 'prototype key as form (r)'],
      [`r:${nonce}:jalur:${p}`, 'prototype key as jalur (r)'],
      [`r:${nonce}:summary:${p}`, 'prototype key at the summary (r)'],
      [`r:${nonce}:editpick:${p}`, 'prototype key as field (r)'],
      [`r:${nonce}:form:page:${p}`, 'prototype key as page (r)'],
      [`r:${nonce}:form:page:-1`, 'negative page'],
      [`r:${nonce}:form:page:99999999999999999999`, 'huge page'],
      [`r:${nonce}:amount:1e309`, 'infinite amount'],
      [`r:${nonce}:start:31-02-2026`, 'impossible date button'],
      [`ap:${real}:${rev}:a:extra`, 'extra part'],
      [`ap:${real}:${rev}`, 'missing part'],
      [`ad:${real}:${rev}:r:99`, 'two-digit reason'],
      [`ad:${real}:${rev}:v:9`, 'reason index out of range'],
      [`ad:${real}:${rev}:r:-`, 'rejection without a reason'],
      [`ap:${real}:${Number(rev) + 1}:a`, 'future revision'],
      [`ap:${real}:0:a`, 'revision 0'],
      [`ap:${real}:-1:a`, 'negative revision'],
      [`ap:${real}:0${rev}:a`, 'revision with a leading zero'],
      [`ap:${real}:１:a`, 'full-width digit revision'],
      [`ap:${real}:١:a`, 'Arabic-Indic digit revision'],
      [`ap:${'A'.repeat(60)}:1:a`, 'over 64 bytes'],
      [`r:${nonce}:title:${'a'.repeat(80)}`, 'over 64 bytes (r)'],
      [`ad:${real}:${rev}:a:-${' '.repeat(64)}`, 'padded over 64 bytes'],
      [`ap:${'é'.repeat(31)}:1:a`, '64 chars, more bytes'],
      [`ap:${real}\u0000:${rev}:a`, 'NUL in the id'],
      [`ad:${real}:${rev}:a:-\n`, 'newline at the end'],
      ['\u0000', 'only NUL'],
      [`r:${nonce}:scope:nasional\r`, 'CR at the end'],
      [`ap:${rng.pick(BROKEN)}:1:a`, 'lone surrogate id'],
      [`rv:${real}\udfff`, 'lone surrogate after the id'],
      [`r:${nonce}:scope:\ud800`, 'lone surrogate value'],
      ['', 'empty'],
      [':', 'colon'],
      ['::::', 'colons'],
      ['ap', 'bare prefix'],
      ['ap:', 'prefix and colon'],
      [`AP:${real}:${rev}:a`, 'upper-case prefix'],
      [` ap:${real}:${rev}:a`, 'leading space'],
      [`ap:${real}:${rev}:A`, 'upper-case decision'],
      [`ap:${real}/../x:${rev}:a`, 'path in the id'],
      [`rv:${real}`, 'revise someone else’s report'],
      [`adc:${real}`, 'cancel a decision never started'],
      ['ap:%s%n:1:a', 'format string'],
      [`ap:${real}:${rev}:a`.normalize('NFKD'), 'normalized'],
    ];
    const [id, note] = rng.pick(templates);
    return { id, note };
  }

  /**
   * Two turns at once: two people deciding the same pending report (at most one decision may stand), or
   * one person's double tap of a button they were shown (the second is handled after the first).
   */
  private race(view: View, actor: Actor): Generated {
    const rng = this.rng;
    const pending = view.activities.filter((a) => a.status === 'pending');
    const linked = ACTORS.filter((a) => a.nip);
    if (pending.length && rng.chance(0.6)) {
      const act = rng.pick(pending);
      const deciders = linked.filter((a) => mayDecide(view, a.nip!, act));
      if (deciders.length) {
        const one = rng.pick(deciders);
        const two = rng.pick(linked.filter((a) => a !== one));
        const id = () => `ad:${act.id}:${act.history.length}:${rng.pick(['a', 'r', 'v'])}:${rng.int(4)}`;
        const first = this.press(view, one, id(), 'race', `decides at the same moment as ${two.name}`, undefined);
        const second = this.press(view, two, id(), 'race', `decides at the same moment as ${one.name}`, undefined);
        return { ...first, concurrent: second };
      }
    }
    const shown = view.shown(actor).flatMap((m) => m.ids.map((id) => ({ id, ref: m.ref })));
    if (!shown.length) return this.press(view, actor, this.forgedId(view, actor).id, 'forged-id', 'nothing shown to tap twice', undefined);
    const tap = this.press(view, actor, rng.pick(shown).id, 'race', 'double tap', this.someRef());
    return { ...tap, concurrent: { ...tap } };
  }

  /** Decision buttons of real reports with a stale or future revision, by anyone. */
  private staleDecision(view: View, actor: Actor): Generated {
    const rng = this.rng;
    if (!view.activities.length) return this.press(view, actor, this.forgedId(view, actor).id, 'forged-id', 'no report yet', undefined);
    const act = rng.pick(view.activities);
    const current = act.history.length;
    const rev = String(rng.pick([current - 1, current - 2, current + 1, current + 2].filter((r) => r >= 0)));
    const d = rng.pick(['a', 'r', 'v']);
    const id = rng.chance(0.5) ? `ap:${act.id}:${rev}:${d}` : `ad:${act.id}:${rng.chance(0.3) ? current : rev}:${d}:${rng.pick(['-', '0', '1'])}`;
    return this.press(view, actor, id, 'stale-decision', `revision ${rev} of a ${act.status} report (current ${current})`, this.someRef());
  }

  private wrongType(view: View, actor: Actor): Generated {
    const rng = this.rng;
    const bad = wrongValue(rng);
    const fields = ['text', 'action', 'kind', 'from.id', 'from.platform', 'extra-fields', 'messageRef', 'label', 'email', 'file', 'inboundKey', 'long-label'];
    const field = rng.pick(fields);
    const from = actor.from;
    let event: unknown;
    let inboundKey: unknown;
    let note: string | undefined;
    switch (field) {
      case 'text':
        event = { kind: 'text', from, text: bad };
        break;
      case 'action':
        event = { kind: 'press', from, action: bad, messageRef: this.someRef() };
        break;
      case 'kind':
        event = { kind: rng.pick([bad, 'sticker', 'TEXT', '__proto__', 'constructor']), from, text: 'lapor webinar', action: 'rv:x' };
        break;
      case 'from.id': {
        // A Telegram id is a number in the Bot API: an adapter that forgot String() would pass it as one.
        const id = /^\d+$/.test(from.id) && rng.chance(0.5) ? Number(from.id) : bad;
        event = { kind: 'text', from: { platform: from.platform, id }, text: 'berapa JP saya tahun ini?' };
        note = `from.id = ${describeValue(id)}`;
        break;
      }
      case 'from.platform': {
        const platform = rng.pick([bad, 'TELEGRAM', 'whatsapp', '__proto__']);
        event = { kind: 'text', from: { platform, id: from.id }, text: 'status' };
        note = `from.platform = ${describeValue(platform)}`;
        break;
      }
      case 'extra-fields':
        event = JSON.parse(
          `{"kind":"text","from":${JSON.stringify(from)},"text":"status","__proto__":{"role":"admin","nip":"${NIP.atasan}"},"constructor":{"prototype":{"admin":true}}}`,
        );
        break;
      case 'messageRef':
        event = { kind: 'press', from, action: this.forgedId(view, actor).id, messageRef: bad };
        break;
      case 'label':
        event = { kind: 'press', from, action: this.forgedId(view, actor).id, messageRef: this.someRef() ?? 'm1', label: bad };
        break;
      case 'long-label':
        event = { kind: 'press', from, action: this.forgedId(view, actor).id, messageRef: 'm1', label: 'Setujui '.repeat(50) };
        note = 'label of 400 chars';
        break;
      case 'email':
        event = { kind: 'text', from, text: 'halo', email: bad };
        break;
      case 'file':
        event = { kind: 'file', from, file: bad };
        break;
      case 'inboundKey':
        event = { kind: 'text', from, text: 'status' };
        inboundKey = rng.pick([42, {}, ['k'], '']);
        note = `inboundKey = ${describeValue(inboundKey)}`;
        break;
    }
    const g: Generated = { actor, event: event as InboundEvent, category: 'wrong-type', inert: true, note: note ?? `${field} = ${describeValue(bad)}` };
    // A numeric id is the same user to the engine (event-check.ts); anything else is no address.
    if ((field === 'from.id' && typeof (event as { from: { id: unknown } }).from.id !== 'number') || field === 'from.platform') g.malformedSender = true;
    if (inboundKey !== undefined) g.inboundKey = inboundKey as never;
    return g;
  }

  // ---------------------------------------------------------------- building events

  private someRef(): string | undefined {
    return this.rng.chance(0.5) ? `m${this.rng.int(5000)}` : undefined;
  }

  private text(actor: Actor, text: string, category: Category, inert: boolean, note?: string): Generated {
    return { actor, event: { kind: 'text', from: actor.from, text }, category, inert, note: note ?? JSON.stringify(text) };
  }

  private file(actor: Actor, file: OddFile, category: Category): Generated {
    // A file only ever changes the sender's own open report.
    return { actor, event: { kind: 'file', from: actor.from, file: file.file }, category, inert: true, note: file.note, file };
  }

  private pressShown(view: View, actor: Actor, button: { id: string; ref: string }, category: Category): Generated {
    return this.press(view, actor, button.id, category, 'a button shown to them', button.ref);
  }

  private press(view: View, actor: Actor, action: string, category: Category, note: string, messageRef: string | undefined): Generated {
    const event: InboundEvent = { kind: 'press', from: actor.from, action, ...(messageRef !== undefined ? { messageRef } : {}) };
    return { actor, event, category, inert: !mayChangeRecords(view, actor, action), note: `${JSON.stringify(action)}: ${note}` };
  }
}

const describeValue = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * Conservatively, could this press change a record beyond the sender's own states? Only a one-press
 * decision (`ad:`) on a pending report the sender may decide, at its current revision, the sender's own
 * summary "Kirim", or the MyASN mark on their own approved report. Everything else (forged, foreign,
 * stale, unauthorized) must be inert.
 */
function mayChangeRecords(view: View, actor: Actor, action: string): boolean {
  const parts = action.split(':');
  if (parts[0] === 'r') {
    const nonce = view.dialog(actor)?.data.nonce;
    return parts[1] === nonce && parts[2] === 'summary';
  }
  if (parts[0] === 'mu' && actor.nip) {
    // "Sudah diunggah ke MyASN" on the sender's own approved report, not marked yet.
    const own = view.activities.find((a) => a.id === parts[1]);
    return own?.nip === actor.nip && own.status === 'approved' && !own.myAsnUploadedAt;
  }
  if (parts[0] !== 'ad' || !actor.nip) return false;
  const act = view.activities.find((a) => a.id === parts[1]);
  if (!act || act.status !== 'pending' || parts[2] !== String(act.history.length)) return false;
  return mayDecide(view, actor.nip, act);
}

/** The rule the fuzz holds the engine to: the owner's atasan or an admin decides, never the owner. */
export function mayDecide(view: Pick<View, 'employee'>, deciderNip: string, act: Activity): boolean {
  if (deciderNip === act.nip) return false;
  const decider = view.employee(deciderNip);
  if (decider?.role === 'admin') return true;
  return view.employee(act.nip)?.atasanNip === deciderNip;
}
