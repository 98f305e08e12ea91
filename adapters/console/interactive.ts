import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../src/app/open.js';
import { checkNip } from '../../src/domain/nip.js';
import type { Button } from '../../src/engine/events.js';
import { DEMO_EMPLOYEE_NIP, seedDemoRoster } from './demo-roster.js';
import { ConsoleSession, type ConsoleMessage } from './session.js';

/**
 * The terminal chat of `npm start` without chat tokens. You are a console account named by a NIP;
 * `/as NIP` switches to (and links) another employee of the roster, a number presses a button.
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
  let lastButtons: Button[] = [];

  const show = (messages: ConsoleMessage[]) => {
    for (const { message } of messages) {
      // An edit retires the buttons of an earlier message; a terminal cannot rewrite what it printed.
      if (message.kind === 'edit') continue;
      const forMe = message.to.platform === 'console' && message.to.id === me;
      say(`\n${forMe ? 'bot' : `bot → ${message.to.id}`}: ${message.text}`);
      if (forMe && message.buttons?.length) {
        lastButtons = message.buttons.flat();
        say(lastButtons.map((b, i) => `  [${i + 1}] ${b.label}`).join('\n'));
      }
    }
  };

  const become = async (nip: string) => {
    const employee = await app.store.getEmployee(nip);
    if (!employee) return say(`NIP ${nip} tidak ada di roster.`);
    me = nip;
    lastButtons = [];
    const account = await app.store.getAccount('console', nip);
    if (!account) {
      const at = app.deps.clock.now().toISOString();
      await app.store.linkAccount({ platform: 'console', userId: nip, nip, linkedAt: at, lastSeenAt: at });
    }
    say(`Anda sekarang: ${employee.name} (${nip}).`);
  };

  if (employees.length) await become(me);
  say('Ketik pesan (mis. "lapor webinar", "berapa JP saya tahun ini?", "bantuan").');
  say('Angka = tekan tombol, /as NIP = ganti pengguna, /keluar = selesai.');

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
    } else if (/^\d{1,2}$/.test(line) && lastButtons[Number(line) - 1]) {
      show(await session.press(me, lastButtons[Number(line) - 1]!.id));
    } else if (line.startsWith('/file ')) {
      const path = line.slice(6).trim();
      const result = await session.file(me, path.split('/').pop() ?? path, path);
      if ('error' in result) say(result.error);
      else show(result);
    } else {
      show(await session.text(me, raw));
    }
    prompt();
  }
  say('\nSampai jumpa.');
}
