import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINK_TTL_MS, redeemSignInToken, tokenId } from '../../src/dashboard/sign-in.js';
import { parseIntent } from '../../src/engine/intents.js';
import { en } from '../../src/engine/i18n/en.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

const PUBLIC = 'https://bangkom.example.go.id';
const NOW = '2026-11-22T03:00:00.000Z';
let w: World | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await w?.close();
  w = undefined;
});

describe('"dasbor" in the chat', () => {
  const intents: [string, boolean][] = [
    ['dasbor', true],
    ['/dasbor', true],
    ['Dasbor', true],
    ['dashboard', true],
    ['/dashboard@bangkom_bot', true],
    ['dasbor sdm', true],
    ['dasbor?', true],
    ['dasbornya mana', false],
    ['lihat dasbor unit lain', false],
  ];
  it.each(intents)('%s → dashboard: %s', (text, yes) => {
    expect(parseIntent(text).kind === 'dashboard').toBe(yes);
  });

  it('an atasan gets a one-time link at BANGKOM_PUBLIC_URL, valid 15 minutes; the store keeps only its hash', async () => {
    vi.stubEnv('BANGKOM_PUBLIC_URL', `${PUBLIC}/`);
    w = await makeWorld({ now: NOW });
    await w.link('u-budi', NIP.atasan);
    const [reply, ...more] = await w.chat.say('u-budi', 'dasbor');
    expect(more).toEqual([]);
    const m = /^Tautan masuk dasbor SDM \(sekali pakai, berlaku 15 menit\):\nhttps:\/\/bangkom\.example\.go\.id\/dasbor\/masuk\/([A-Za-z0-9_-]{43})\n/.exec(reply!.text ?? '');
    expect(m, reply?.text).not.toBeNull();
    const token = m![1]!;
    expect(await w.store.getDashboardToken(tokenId(token))).toEqual({
      id: tokenId(token),
      kind: 'link',
      nip: NIP.atasan,
      createdAt: NOW,
      expiresAt: new Date(Date.parse(NOW) + LINK_TTL_MS).toISOString(),
    });
    expect(JSON.stringify(await w.store.getDashboardToken(tokenId(token)))).not.toContain(token);
    // Two asks, two different links.
    const again = (await w.chat.say('u-budi', '/dasbor'))[0]!.text!;
    expect(again).not.toContain(token);
  });

  it('answers in English for someone who chose English (BANGKOM_PUBLIC_URL unset: this machine, PORT)', async () => {
    vi.stubEnv('BANGKOM_PUBLIC_URL', '');
    vi.stubEnv('PORT', '');
    w = await makeWorld({ now: NOW });
    await w.link('u-admin', NIP.admin);
    await w.chat.say('u-admin', '/bahasa en');
    const [reply] = await w.chat.say('u-admin', 'dashboard');
    expect(reply!.text).toMatch(/^Your HR dashboard sign-in link \(works once, for 15 minutes\):\nhttp:\/\/localhost:3000\/dasbor\/masuk\//);
    expect(en.dashboardNotAllowed).toContain('only for HR admins and supervisors');
  });
});

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

function cli(dbPath: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [MAIN, ...args],
      { env: { ...process.env, BANGKOM_DB: dbPath, BANGKOM_NOW: NOW, TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('bangkom dashboard-link NIP', () => {
  it('prints a working one-time link for an admin; refuses staff, unknown NIPs and a bad BANGKOM_PUBLIC_URL', async () => {
    w = await makeWorld({ now: NOW });
    await w.chat.end();
    await w.store.close();

    const ok = await cli(w.dbPath, ['dashboard-link', NIP.admin, '--json'], { BANGKOM_PUBLIC_URL: PUBLIC });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout) as { nip: string; name: string; url: string; expiresAt: string };
    expect(out).toMatchObject({ nip: NIP.admin, name: 'Rina Admin', expiresAt: '2026-11-22T03:15:00.000Z' });
    expect(out.url).toMatch(/^https:\/\/bangkom\.example\.go\.id\/dasbor\/masuk\/[A-Za-z0-9_-]{43}$/);

    const text = await cli(w.dbPath, ['dashboard-link', NIP.atasan], { BANGKOM_PUBLIC_URL: PUBLIC });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Tautan masuk dasbor untuk Budi Santoso');

    const cases: [string, string[], NodeJS.ProcessEnv, number, string][] = [
      ['staff without subordinates', ['dashboard-link', NIP.siti], {}, 2, 'neither an admin nor an atasan'],
      ['a NIP not in the roster', ['dashboard-link', '199901012020011999'], {}, 2, 'is not in the roster'],
      ['a malformed NIP', ['dashboard-link', '12345'], {}, 2, 'Invalid NIP'],
      ['a bad BANGKOM_PUBLIC_URL', ['dashboard-link', NIP.admin], { BANGKOM_PUBLIC_URL: 'bangkom.example' }, 1, 'BANGKOM_PUBLIC_URL must be an http(s) address'],
    ];
    for (const [name, args, env, code, message] of cases) {
      const r = await cli(w.dbPath, args, env);
      expect(r.code, name).toBe(code);
      expect(r.stderr, name).toContain(message);
    }

    await w.restart();
    const token = out.url.slice(out.url.lastIndexOf('/') + 1);
    const first = await redeemSignInToken(w.store, token, new Date('2026-11-22T03:14:00.000Z'));
    expect(first).toMatchObject({ ok: true, nip: NIP.admin });
    expect(await redeemSignInToken(w.store, token, new Date('2026-11-22T03:14:30.000Z'))).toEqual({ ok: false, reason: 'used' });
  }, 120_000);
});
