import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';

let tg: FakeBotApi;
let dir: string;
beforeEach(async () => {
  tg = await new FakeBotApi().start();
  dir = await mkdtemp(join(tmpdir(), 'bangkom-start-'));
});
afterEach(async () => {
  await tg.close();
  await rm(dir, { recursive: true, force: true });
});

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('`npm start` with TELEGRAM_BOT_TOKEN', () => {
  it('polls the Bot API at TELEGRAM_API_ROOT; on SIGTERM finishes the update in hand, releases the store and exits 0', async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TELEGRAM_|BANGKOM_|PORT$)/.test(k)) env[k] = v;
    // PORT 0: the assistant's HTTP server (the dashboard, also when polling) on a free port.
    Object.assign(env, { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.url, BANGKOM_DB: join(dir, 'db.json'), PORT: '0' });
    const child = spawn('node_modules/.bin/tsx', ['src/cli/main.ts', 'start'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until('the first getUpdates', () => tg.callsOf('getUpdates').length > 0 || child.exitCode !== null, 15_000);
      expect(child.exitCode, stderr).toBeNull();
      expect(existsSync(join(dir, 'db.lock'))).toBe(true);

      tg.latency.set('sendMessage', 500);
      const id = await tg.text(77, 'halo');
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(code, stderr).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(4000);
      expect(tg.lastText(77)).toContain('belum terhubung');
      expect(tg.callsOf('getUpdates').at(-1)!.payload).toMatchObject({ offset: id + 1, timeout: 0 });
      expect(existsSync(join(dir, 'db.json'))).toBe(true);
      expect(existsSync(join(dir, 'db.lock'))).toBe(false);
      expect(stderr).toContain('"msg":"stopped"');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
