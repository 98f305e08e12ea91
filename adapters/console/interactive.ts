import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../src/app/open.js';
import { checkNip } from '../../src/domain/nip.js';
import type { Button } from '../../src/chat/events.js';
import { DEMO_EMPLOYEE_NIP, seedDemoRoster } from './demo-roster.js';
import { ConsoleSession, type ConsoleMessage } from './session.js';

/** `#2` (or `# 2`) presses button 2 of the last message to you; a plain number is an answer, never a press. */
const PRESS = /^#\s*(\d{1,2})$/;

/**
 * The terminal chat of `npm start` without chat tokens. You are a console account named by a NIP;
 * `/as NIP` switches to (and links) another employee of the roster, `#N` presses button N.
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
  /** The buttons of the last message to me (none when it had none), and that message's ref. */
  let lastButtons: Button[] = [];
  let lastRef: string | undefined;

  const show = (messages: ConsoleMessage[]) => {
    for (const { ref, message } of messages) {
      const forMe = message.to.platform === 'console' && message.to.id === me;
      if (message.kind !== 'send') {
        // An edit or retirement changes an earlier message; a terminal cannot rewrite what it printed,
        // but the buttons of that message are no longer the ones to press.
        if (forMe && ref === lastRef) lastButtons = message.kind === 'edit' ? (message.buttons ?? []).flat() : [];
        continue;
      }
      say(`\n${forMe ? 'bot' : `bot → ${message.to.id}`}: ${message.text}`);
      if (!forMe) continue;
      // Every message to me replaces the buttons a number refers to, also one without buttons.
      lastButtons = (message.buttons ?? []).flat();
      lastRef = ref;
      if (lastButtons.length) say(lastButtons.map((b, i) => `  [#${i + 1}] ${b.label}`).join('\n'));
    }
  };

  const become = async (nip: string) => {
    const employee = await app.store.getEmployee(nip);
    if (!employee) return say(`NIP ${nip} tidak ada di roster.`);
    me = nip;
    lastButtons = [];
    lastRef = undefined;
    const account = await app.store.getAccount('console', nip);
    if (!account) {
      const at = app.deps.clock.now().toISOString();
      await app.store.linkAccount({ platform: 'console', userId: nip, nip, linkedAt: at, lastSeenAt: at });
    }
    say(`Anda sekarang: ${employee.name} (${nip}).`);
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
      const button = lastButtons[Number(PRESS.exec(line)![1]) - 1];
      if (button) show(await session.press(me, button.id));
      else say(lastButtons.length ? `Tidak ada tombol ${line}; pilih #1 sampai #${lastButtons.length}.` : 'Pesan terakhir tidak punya tombol.');
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
