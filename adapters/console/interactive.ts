import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../src/app/open.js';
import { checkNip } from '../../src/domain/nip.js';
import { sizeText } from '../../src/delivery/console-sender.js';
import type { Button } from '../../src/chat/events.js';
import { DEMO_EMPLOYEE_NIP, seedDemoRoster } from './demo-roster.js';
import { ConsoleSession, type ConsoleMessage } from './session.js';

/** `#2` (or `# 2`) presses button 2 of the last message to you; a plain number is an answer, never a press. */
const PRESS = /^#\s*(\d{1,2})$/;

/**
 * The terminal chat of `npm start` without chat tokens. You are a console account named by a NIP;
 * `/as NIP` switches to (and links) another employee of the roster, who then sees what waited for them
 * (pending approval requests, or the buttons of a message that came while someone else was typing);
 * `#N` presses button N.
 */
export async function runInteractive(app: App, input: Readable, output: Writable): Promise<void> {
  const say = (s: string) => output.write(`${s}\n`);
  const seeded = await seedDemoRoster(app.store, app.deps.clock.now());
  if (seeded) {
    say('Data kosong: saya isi roster contoh untuk mencoba —');
    for (const e of seeded) say(`  ${e.nip}  ${e.name} (${e.position})${e.atasanNip ? '' : ', atasan & admin'}`);
  }
  const employees = await app.store.listEmployees();
  let me = employees.find((e) => e.nip === DEMO_EMPLOYEE_NIP)?.nip ?? employees[0]?.nip ?? 'tamu';
  const session = new ConsoleSession(app.engine);
  /**
   * Per console user, the buttons of the last message to them (none when it had none) and that message's
   * ref; `unseen` while those buttons came when someone else was at the keyboard.
   */
  const last = new Map<string, { buttons: Button[]; ref: string; unseen: boolean }>();
  const listButtons = (buttons: Button[]) => say(buttons.map((b, i) => `  [#${i + 1}] ${b.label}`).join('\n'));

  const show = (messages: ConsoleMessage[]) => {
    for (const { ref, message, saved } of messages) {
      const toConsole = message.to.platform === 'console';
      const forMe = toConsole && message.to.id === me;
      if (message.kind === 'document') {
        // A terminal cannot show a file: the copy saved for the user is where to open it.
        const where = !saved ? '' : 'path' in saved ? ` — tersimpan di ${saved.path}` : ` — tidak bisa disimpan: ${saved.error}`;
        say(`\n${forMe ? 'bot' : `bot → ${message.to.id}`}: 📄 ${message.file.name} (${sizeText(message.file.size)})${where}`);
        if (message.text) say(`   ${message.text}`);
        continue;
      }
      if (message.kind !== 'send') {
        // An edit or retirement changes an earlier message; a terminal cannot rewrite what it printed,
        // but the buttons of that message are no longer the ones to press.
        const previous = toConsole ? last.get(message.to.id) : undefined;
        if (previous && previous.ref === ref) {
          previous.buttons = message.kind === 'edit' ? (message.buttons ?? []).flat() : [];
          if (!previous.buttons.length) previous.unseen = false;
        }
        continue;
      }
      say(`\n${forMe ? 'bot' : `bot → ${message.to.id}`}: ${message.text}`);
      if (!toConsole) continue;
      // Every message to a user replaces the buttons a number refers to, also one without buttons.
      const buttons = (message.buttons ?? []).flat();
      last.set(message.to.id, { buttons, ref, unseen: !forMe && buttons.length > 0 });
      if (forMe && buttons.length) listButtons(buttons);
    }
  };

  /** `/as`: the console account becomes (and is linked to) that employee, and sees what waits for them. */
  const become = async (nip: string) => {
    const employee = await app.store.getEmployee(nip);
    if (!employee) return say(`NIP ${nip} tidak ada di roster.`);
    me = nip;
    say(`Anda sekarang: ${employee.name} (${nip}).`);
    const { linked, messages } = await session.link(nip, nip);
    const mine = last.get(nip);
    if (!linked && mine?.unseen) {
      // A message with buttons came to them while someone else was typing: say which numbers press what.
      say('Pesan terakhir untuk Anda (di atas) punya tombol:');
      listButtons(mine.buttons);
      mine.unseen = false;
    }
    show(messages);
    await session.settle();
  };

  if (employees.length) await become(me);
  say('Ketik pesan (mis. "lapor webinar", "berapa JP saya tahun ini?", "bantuan").');
  say('#angka = tekan tombol (mis. #1), /as NIP = ganti pengguna, /keluar = selesai.');

  const rl = createInterface({ input, output, terminal: false });
  const prompt = () => output.write(`\n${me}> `);
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '/keluar' || line === '/exit') break;
    const as = /^\/as\s+(.+)$/.exec(line);
    if (as?.[1]) {
      const nip = checkNip(as[1]);
      if (nip.ok) await become(nip.nip);
      else say('NIP tidak valid (18 digit).');
    } else if (PRESS.test(line)) {
      const buttons = last.get(me)?.buttons ?? [];
      const button = buttons[Number(PRESS.exec(line)![1]) - 1];
      if (button) show(await session.press(me, button.id));
      else say(buttons.length ? `Tidak ada tombol ${line}; pilih #1 sampai #${buttons.length}.` : 'Pesan terakhir tidak punya tombol.');
    } else if (line.startsWith('/file ')) {
      const path = line.slice(6).trim();
      const result = await session.file(me, path.split('/').pop() ?? path, path);
      if ('error' in result) say(result.error);
      else show(result);
    } else {
      show(await session.text(me, raw));
    }
    await session.settle();
    prompt();
  }
  say('\nSampai jumpa.');
}
