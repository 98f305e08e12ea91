import type { ChatMessage, FakeBotApi } from '../../adapters/telegram/testing/fake-bot-api.js';
import { formatNip } from '../../src/domain/nip.js';
import type { Rng } from '../fuzz/rng.js';
import type { AssistantProcess } from './assistant-process.js';
import { exactly, startsWith, type Expected } from './conversation.js';
import { jpOf, type ReportPlan, type Team } from './people.js';
import type { Updates } from './updates.js';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
/** `2026-03-10` → `10 Maret 2026`, as the assistant writes dates. */
export const longDate = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const nextDay = (iso: string) => `${iso.slice(0, 8)}${String(Number(iso.slice(8, 10)) + 1).padStart(2, '0')}`;
export const endOf = (p: ReportPlan) => (p.twoDays ? nextDay(p.start) : p.start);
const days = (p: ReportPlan) => (p.twoDays ? 2 : 1);
const decided = (p: ReportPlan) => (p.decision === 'approve' ? 'disetujui' : 'ditolak');
/** Approved JP of the year after the decision (each employee reports once). */
export const approvedJp = (p: ReportPlan) => (p.decision === 'approve' ? jpOf(p) : 0);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Starts with `head` and holds each of `lines` as a whole line. */
const withLines = (head: string, lines: string[]) => new RegExp(`^${escape(head)}${lines.map((l) => `(?=[\\s\\S]*^${escape(l)}$)`).join('')}`, 'm');

/** The report's lines; the employee's own summary marks the form "lapor webinar" named, the atasan's request does not. */
function reportLines(p: ReportPlan, forEmployee = false): string[] {
  const dates = p.twoDays ? `${longDate(p.start)} – ${longDate(endOf(p))}` : longDate(p.start);
  return [
    forEmployee ? 'Bentuk: Seminar (dari pesan Anda)' : 'Bentuk: Seminar',
    `Nama kegiatan: ${p.title}`,
    `Penyelenggara: ${p.organizer}`,
    `Lingkup: ${p.scope}`,
    `Tanggal: ${dates}`,
    `Durasi: ${days(p)} hari`,
    'Bukti dukung: tidak ada',
    `JP dihitung: ${jpOf(p)} JP`,
  ];
}

/** Everything an employee's chat receives in the first part, in order. */
export function employeeStream(p: ReportPlan): Expected[] {
  const jp = jpOf(p);
  const stream: Expected[] = [
    { op: 'send', text: exactly('Seminar. Apa nama/judul kegiatannya?') },
    { op: 'send', text: exactly('Siapa penyelenggaranya (lembaga penyelenggara)?') },
    { op: 'send', text: startsWith('Kegiatan nasional (dalam negeri) atau internasional'), name: 'scope', buttons: ['Nasional', 'Internasional'] },
    { op: 'send', text: startsWith('Tanggal mulai?') },
    { op: 'retire', target: 'scope', label: p.scope },
    { op: 'send', text: exactly('Tanggal selesai?'), name: 'end', buttons: ['Sama dengan tanggal mulai'] },
  ];
  const daysQuestion: Expected = {
    op: 'send',
    text: exactly(`Berapa hari kegiatannya? (dari tanggalnya: ${days(p)} hari)`),
    name: 'days',
    buttons: [`${days(p)} hari`],
  };
  stream.push(daysQuestion);
  if (!p.twoDays) stream.push({ op: 'retire', target: 'end', label: 'Sama dengan tanggal mulai' });
  stream.push(
    { op: 'send', text: startsWith('Apakah sertifikat mencantumkan jumlah JP?'), name: 'certjp', buttons: ['Tidak ada'] },
    { op: 'retire', target: 'days', label: `${days(p)} hari` },
    { op: 'send', text: startsWith('Nomor sertifikat?'), name: 'certno', buttons: ['Lewati'] },
    { op: 'retire', target: 'certjp', label: 'Tidak ada' },
    { op: 'send', text: startsWith('Kirim foto atau PDF sertifikat/bukti dukung'), name: 'evidence', buttons: ['Lewati'] },
    { op: 'retire', target: 'certno', label: 'Lewati' },
    { op: 'send', text: withLines('Ringkasan laporan:\n', reportLines(p, true)), name: 'summary', buttons: ['Kirim ke atasan', 'Ubah', 'Batal'] },
    { op: 'retire', target: 'evidence', label: 'Lewati' },
    { op: 'send', text: exactly(`Terkirim. Laporan (${jp} JP) menunggu persetujuan.`) },
    { op: 'retire', target: 'summary', label: 'Kirim ke atasan' },
    {
      op: 'send',
      name: 'decision',
      // Its first lines; more may follow (what to copy into MyASN after an approval).
      text: new RegExp(
        `^${escape(`Laporan "${p.title}" ${decided(p)} oleh ${p.atasan.name}.\nAlasan/catatan: ${p.note}\n`)}` +
          `${escape(`Total JP disetujui tahun 2026: ${approvedJp(p)} JP dari target 20 JP.`)}(?:\n|$)`,
      ),
    },
    { op: 'send', name: 'jp', text: startsWith(`JP Anda tahun 2026: ${approvedJp(p)} JP disetujui, 0 JP menunggu persetujuan (target 20 JP).`) },
  );
  return stream;
}

/** The request an atasan receives when `p` is submitted (its own stream: employees submit in any order). */
export function requestStream(p: ReportPlan, unit: string): Expected[] {
  const head = `Permohonan persetujuan bangkom dari ${p.employee.name} (NIP ${formatNip(p.employee.nip)}, ${unit}):\n`;
  return [{ op: 'send', text: withLines(head, reportLines(p)), name: `request:${p.employee.nip}`, buttons: ['Setujui', 'Tolak', 'Kembalikan (revisi)'] }];
}

/** What the atasan's chat receives for deciding `p`: the prompt after the press, then the decision. */
export function decisionStream(p: ReportPlan): Expected[] {
  const request = `request:${p.employee.nip}`;
  const done = exactly(`Tercatat: ${decided(p)} — laporan ${p.employee.name}: "${p.title}".`);
  return [
    { op: 'send', text: startsWith(p.decision === 'approve' ? 'Catatan persetujuan (opsional)?' : 'Alasan penolakan?') },
    { op: 'retire', target: request, label: p.decision === 'approve' ? 'Setujui' : 'Tolak' },
    { op: 'edit', target: request, text: done },
    { op: 'send', text: done },
  ];
}

/** The index among the chat's sent messages of the send named `name` in `stream`. */
export function sendIndex(stream: readonly Expected[], name: string): number {
  const sends = stream.filter((e) => e.op === 'send');
  const i = sends.findIndex((e) => e.op === 'send' && e.name === name);
  if (i < 0) throw new Error(`no send named ${name}`);
  return i;
}

/** Counts of how updates were delivered. */
export interface RouteStats {
  updates: number;
  toOne: number;
  toBothConcurrently: number;
  toBothInTurn: number;
  posts: Record<string, number>;
}

/**
 * Delivers updates as a load balancer in front of the processes would, plus Telegram's redeliveries:
 * each update to one process at random, or (`both` of them) to every process, at once or one after the
 * other. Every POST must be answered 200 (its turn committed).
 */
export class Router {
  readonly stats: RouteStats = { updates: 0, toOne: 0, toBothConcurrently: 0, toBothInTurn: 0, posts: {} };
  /** Every delivery: update id, how, to whom. */
  readonly journal: { id: number; chat: number; how: string; data: string }[] = [];

  constructor(
    private readonly procs: AssistantProcess[],
    private readonly rng: Rng,
    private readonly secret: string,
    private readonly both = 0.2,
  ) {}

  async deliver(update: Record<string, any>): Promise<void> {
    this.stats.updates++;
    const chat = Number(update.message?.chat?.id ?? update.callback_query?.from?.id);
    const data = String(update.message?.text ?? update.callback_query?.data);
    if (!this.rng.chance(this.both)) {
      this.stats.toOne++;
      const to = this.rng.pick(this.procs);
      this.journal.push({ id: update.update_id, chat, how: to.name, data });
      return this.post(to, update);
    }
    if (this.rng.chance(0.5)) {
      this.stats.toBothConcurrently++;
      this.journal.push({ id: update.update_id, chat, how: 'both at once', data });
      await Promise.all(this.procs.map((p) => this.post(p, update)));
      return;
    }
    this.stats.toBothInTurn++;
    const order = this.rng.chance(0.5) ? [...this.procs] : [...this.procs].reverse();
    this.journal.push({ id: update.update_id, chat, how: `in turn ${order.map((p) => p.name).join(',')}`, data });
    for (const p of order) await this.post(p, update);
  }

  async post(proc: AssistantProcess, update: Record<string, any>): Promise<void> {
    this.stats.posts[proc.name] = (this.stats.posts[proc.name] ?? 0) + 1;
    const status = await proc.post(update, this.secret);
    if (status !== 200) throw new Error(`${proc.name} answered update ${update.update_id} with ${status}: ${proc.stderr.slice(-2000)}`);
  }
}

export interface DriverContext {
  tg: FakeBotApi;
  updates: Updates;
  router: Router;
  /** Date.now() past which waiting for a message fails. */
  deadline: number;
}

/** Waits until the chat holds its `index`-th sent message (0-based), and returns it. */
export async function nthMessage(ctx: DriverContext, chat: number, index: number, what: string): Promise<ChatMessage> {
  for (;;) {
    const m = ctx.tg.messages(chat)[index];
    if (m) return m;
    if (Date.now() > ctx.deadline) {
      throw new Error(`chat ${chat}: ${what} (message ${index + 1}) never arrived; the chat holds ${JSON.stringify(ctx.tg.messages(chat).map((x) => x.text.slice(0, 60)))}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * One employee's report dialogue over the webhooks, each update sent once the previous one is committed;
 * a press waits for the message that shows its button (as a person would) and uses that button's data.
 */
export async function runEmployee(ctx: DriverContext, p: ReportPlan): Promise<void> {
  const chat = p.employee.chat;
  const stream = employeeStream(p);
  const say = (text: string) => ctx.router.deliver(ctx.updates.text(chat, text));
  const press = async (name: string, label: string) => {
    const message = await nthMessage(ctx, chat, sendIndex(stream, name), `the message with "${label}"`);
    if (!message.keyboard.flat().some((k) => k.text === label)) {
      throw new Error(`chat ${chat}: message ${sendIndex(stream, name) + 1} has no "${label}"; the chat holds ${JSON.stringify(ctx.tg.messages(chat).map((x) => x.text.slice(0, 60)))}`);
    }
    await ctx.router.deliver(ctx.updates.press(chat, message, label));
  };
  await say('lapor webinar');
  await say(p.title);
  await say(p.organizer);
  await press('scope', p.scope);
  await say(p.start);
  if (p.twoDays) await say(endOf(p));
  else await press('end', 'Sama dengan tanggal mulai');
  await press('days', `${days(p)} hari`);
  await press('certjp', 'Tidak ada');
  await press('certno', 'Lewati');
  await press('evidence', 'Lewati');
  await press('summary', 'Kirim ke atasan');
  await nthMessage(ctx, chat, sendIndex(stream, 'decision'), 'the decision');
  await say('jp saya');
  await nthMessage(ctx, chat, sendIndex(stream, 'jp'), 'the answer to "jp saya"');
}

/**
 * An atasan deciding every request of the team as it arrives (in arrival order): Setujui and a typed
 * note, or Tolak and a typed reason. Returns what the atasan's own actions should have sent, in order.
 */
export async function runAtasan(ctx: DriverContext, team: Team): Promise<Expected[]> {
  const chat = team.atasan.chat;
  const waiting = new Map(team.members.map((p) => [p.employee.name, p]));
  const own: Expected[] = [];
  while (waiting.size > 0) {
    let found: { message: ChatMessage; plan: ReportPlan } | undefined;
    while (!found) {
      for (const message of ctx.tg.messages(chat)) {
        const name = /^Permohonan persetujuan bangkom dari (.+?) \(NIP/.exec(message.text)?.[1];
        const plan = name === undefined ? undefined : waiting.get(name);
        if (plan && message.keyboard.flat().some((k) => k.text === 'Setujui')) found = { message, plan };
      }
      if (found) break;
      if (Date.now() > ctx.deadline) throw new Error(`atasan ${chat}: requests of ${[...waiting.keys()].join(', ')} never arrived`);
      await new Promise((r) => setTimeout(r, 20));
    }
    waiting.delete(found.plan.employee.name);
    await ctx.router.deliver(ctx.updates.press(chat, found.message, found.plan.decision === 'approve' ? 'Setujui' : 'Tolak'));
    await ctx.router.deliver(ctx.updates.text(chat, found.plan.note));
    own.push(...decisionStream(found.plan));
  }
  return own;
}

